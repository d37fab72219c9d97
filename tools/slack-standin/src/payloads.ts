/**
 * The JSON and form bodies Slack exchanges with an app, built from the stand-in's stored state. Field names
 * follow Slack's payloads exactly, since the bot reads them through Bolt.
 */
import type { Json } from "./json.js";
import type { Channel, StoredMessage, StoredView, User } from "./types.js";
import type { Identity } from "./workspace.js";

export type StateValues = Record<string, Record<string, Json>>;

/** A message as Slack returns it from chat.postMessage and puts it in a block_actions payload. */
export function messageShape(message: StoredMessage, identity: Identity): Json {
  return {
    type: "message",
    user: message.user,
    bot_id: message.user === identity.botUserId ? identity.botId : undefined,
    app_id: message.user === identity.botUserId ? identity.appId : undefined,
    team: identity.teamId,
    ts: message.ts,
    thread_ts: message.thread_ts,
    text: message.text,
    blocks: message.blocks,
    edited: message.edited > 0 ? { user: message.user, ts: message.ts } : undefined,
    metadata: message.metadata,
  };
}

/** A view as the views.* methods return it and interaction payloads carry it. */
export function viewShape(view: StoredView, identity: Identity, values: StateValues = {}): Json {
  return {
    ...view.definition,
    id: view.id,
    team_id: identity.teamId,
    type: view.type,
    blocks: view.blocks,
    callback_id: view.callback_id ?? "",
    external_id: view.external_id ?? "",
    private_metadata: view.private_metadata ?? "",
    state: { values },
    hash: view.hash,
    root_view_id: view.root_view_id,
    previous_view_id: view.previous_view_id,
    app_id: identity.appId,
    app_installed_team_id: identity.teamId,
    bot_id: identity.botId,
  };
}

export interface SlashCommandFields {
  identity: Identity;
  user: User;
  channel: Channel;
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}

/** The form-encoded body of a slash command request. */
export function slashCommandBody(f: SlashCommandFields): string {
  return new URLSearchParams({
    token: f.identity.verificationToken,
    team_id: f.identity.teamId,
    team_domain: f.identity.teamDomain,
    channel_id: f.channel.id,
    channel_name: f.channel.name,
    user_id: f.user.id,
    user_name: f.user.name,
    command: f.command,
    text: f.text,
    api_app_id: f.identity.appId,
    ...(f.identity.enterpriseId ? { enterprise_id: f.identity.enterpriseId } : {}),
    is_enterprise_install: f.identity.isEnterpriseInstall ? "true" : "false",
    response_url: f.responseUrl,
    trigger_id: f.triggerId,
  }).toString();
}

/** Interactivity requests are a form with one field holding the JSON payload. */
export function interactionBody(payload: Json): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function userShape(user: User, identity: Identity): Json {
  return { id: user.id, username: user.name, name: user.name, team_id: identity.teamId };
}

function common(identity: Identity, user: User): Json {
  return {
    user: userShape(user, identity),
    api_app_id: identity.appId,
    token: identity.verificationToken,
    team: { id: identity.teamId, domain: identity.teamDomain },
    is_enterprise_install: identity.isEnterpriseInstall === true,
    enterprise: identity.enterpriseId ? { id: identity.enterpriseId, name: identity.enterpriseId } : null,
  };
}

/** Where the click happened: a message (maybe ephemeral) in a channel, or a view. */
export type Source =
  | { kind: "message"; channel: Channel; message: StoredMessage }
  | { kind: "view"; view: StoredView }
  | { kind: "none"; channel: Channel };

export function containerOf(source: Source): Json {
  switch (source.kind) {
    case "message":
      return {
        type: "message",
        message_ts: source.message.ts,
        channel_id: source.channel.id,
        is_ephemeral: source.message.ephemeralTo !== undefined,
      };
    case "view":
      return { type: "view", view_id: source.view.id };
    case "none":
      return { type: "message", channel_id: source.channel.id, is_ephemeral: false };
  }
}

/** What Slack adds about the source: the channel, the stored message (never an ephemeral one), the view. */
function sourceFields(source: Source, identity: Identity, values: StateValues): Json {
  if (source.kind === "view") return { view: viewShape(source.view, identity, values) };
  const channel = { id: source.channel.id, name: source.channel.name };
  if (source.kind === "message" && source.message.ephemeralTo === undefined) {
    return { channel, message: messageShape(source.message, identity) };
  }
  return { channel };
}

export interface ActionInput {
  action_id: string;
  block_id?: string;
  type?: string;
  value?: string;
  selected_option?: { text: { type: "plain_text"; text: string }; value: string };
  [field: string]: unknown;
}

export function blockActionsPayload(f: {
  identity: Identity;
  user: User;
  source: Source;
  action: ActionInput;
  actionTs: string;
  triggerId: string;
  responseUrl?: string;
  values?: StateValues;
}): Json {
  const values = f.values ?? {};
  return {
    type: "block_actions",
    ...common(f.identity, f.user),
    container: containerOf(f.source),
    trigger_id: f.triggerId,
    ...sourceFields(f.source, f.identity, values),
    state: { values },
    response_url: f.responseUrl,
    actions: [{ type: "button", block_id: "stand-in", ...f.action, action_ts: f.actionTs }],
  };
}

export function blockSuggestionPayload(f: {
  identity: Identity;
  user: User;
  source: Source;
  actionId: string;
  blockId: string;
  value: string;
}): Json {
  return {
    type: "block_suggestion",
    ...common(f.identity, f.user),
    container: containerOf(f.source),
    ...sourceFields(f.source, f.identity, {}),
    action_id: f.actionId,
    block_id: f.blockId,
    value: f.value,
  };
}

export function viewSubmissionPayload(f: {
  identity: Identity;
  user: User;
  view: StoredView;
  values: StateValues;
  triggerId: string;
}): Json {
  return {
    type: "view_submission",
    ...common(f.identity, f.user),
    trigger_id: f.triggerId,
    view: viewShape(f.view, f.identity, f.values),
    response_urls: [],
  };
}

export function appHomeOpenedBody(f: {
  identity: Identity;
  user: User;
  dmChannelId: string;
  home: StoredView | undefined;
  eventId: string;
  eventTs: string;
}): Json {
  return eventCallbackBody({
    identity: f.identity,
    event: {
      type: "app_home_opened",
      user: f.user.id,
      channel: f.dmChannelId,
      tab: "home",
      view: f.home && viewShape(f.home, f.identity),
      event_ts: f.eventTs,
    },
    eventId: f.eventId,
    eventTs: f.eventTs,
  });
}

/** The Events API envelope around any event (app_home_opened, app_uninstalled, tokens_revoked, …). */
export function eventCallbackBody(f: {
  identity: Identity;
  event: Json;
  eventId: string;
  eventTs: string;
}): Json {
  const enterpriseId = f.identity.enterpriseId ?? null;
  return {
    token: f.identity.verificationToken,
    team_id: f.identity.teamId,
    ...(enterpriseId ? { enterprise_id: enterpriseId } : {}),
    api_app_id: f.identity.appId,
    event: f.event,
    type: "event_callback",
    event_id: f.eventId,
    event_time: Math.floor(Number(f.eventTs)),
    authorizations: [
      {
        enterprise_id: enterpriseId,
        team_id: f.identity.isEnterpriseInstall ? null : f.identity.teamId,
        user_id: f.identity.botUserId,
        is_bot: true,
        is_enterprise_install: f.identity.isEnterpriseInstall === true,
      },
    ],
    is_ext_shared_channel: false,
  };
}
