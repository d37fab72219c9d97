import { readView } from "./api-methods/views.js";
import { isRefusal } from "./block-kit/refusal.js";
import type { Json } from "./json.js";
import { isObject } from "./json.js";
import type { ActionInput, Source, StateValues } from "./payloads.js";
import {
  appHomeOpenedBody,
  blockActionsPayload,
  blockSuggestionPayload,
  eventCallbackBody,
  interactionBody,
  slashCommandBody,
  viewSubmissionPayload,
} from "./payloads.js";
import { applyReply } from "./response-url.js";
import type { BotTransport } from "./sender.js";
import { FORM_CONTENT_TYPE, JSON_CONTENT_TYPE } from "./sender.js";
import type { BotReply, StoredView } from "./types.js";
import type { ResponseUrlRecord, Workspace } from "./workspace.js";

export interface SlashCommandArgs {
  text: string;
  userId?: string;
  channelId?: string;
  command?: string;
}

/** Where a click or a typeahead happens; without any of these, on no message in `channelId`. */
export interface ClickTarget {
  userId?: string;
  channelId?: string;
  /** On the message this response URL currently shows (how a user keeps paging an ephemeral list). */
  responseUrlId?: string;
  /** On a stored message, by its ts. */
  messageTs?: string;
  /** Inside a modal or the Home tab. */
  viewId?: string;
}

export interface BlockActionArgs extends ClickTarget {
  action: ActionInput;
  /** `state.values` of the inputs around the button. */
  values?: StateValues;
  /** Raw overrides of the payload's fields, for shapes the stored state cannot produce. */
  message?: Json;
  container?: Json;
  view?: Json;
}

export interface BlockSuggestionArgs extends ClickTarget {
  actionId: string;
  value: string;
  blockId?: string;
  /** Sent instead of the view's own private_metadata, as a tampered client could. */
  privateMetadata?: string;
}

export interface ViewSubmissionArgs {
  viewId: string;
  values?: StateValues;
  userId?: string;
  /** Sent instead of the view's own private_metadata, as a tampered client could. */
  privateMetadata?: string;
}

export type SlashCommandReply = BotReply & {
  responseUrlId: string;
  /** Set when the acknowledgement carried a message Slack would refuse (e.g. `invalid_blocks`). */
  ackError?: string;
};

/** Interactions on a view carry no response_url, so there is no ID then. */
export type BlockActionReply = BotReply & { responseUrlId: string | undefined };

/** What a person does in Slack, sent to the bot as Slack would send it, with the effects Slack would apply. */
export class UserActions {
  constructor(
    private readonly ws: Workspace,
    private readonly sender: BotTransport,
    private readonly baseUrl: () => string,
    private readonly defaults: { userId: string; channelId: string },
  ) {}

  async slashCommand(args: SlashCommandArgs): Promise<SlashCommandReply> {
    const user = this.ws.ensureUser(args.userId ?? this.defaults.userId);
    const channel = this.channel(args.channelId);
    const record = this.ws.issueResponseUrl({ channel: channel.id, user: user.id, followsLatestReply: true });
    const body = slashCommandBody({
      identity: this.ws.identity,
      user,
      channel,
      command: args.command ?? "/executions",
      text: args.text,
      responseUrl: this.responseUrl(record),
      triggerId: this.ws.issueTrigger(user.id),
    });
    const reply = await this.sender.send(body, FORM_CONTENT_TYPE);
    return { ...reply, responseUrlId: record.id, ackError: this.showAck(record, reply) };
  }

  async blockAction(args: BlockActionArgs): Promise<BlockActionReply> {
    const user = this.ws.ensureUser(args.userId ?? this.defaults.userId);
    const source = this.source(args);
    const record =
      source.kind === "view"
        ? undefined
        : this.ws.issueResponseUrl({
            channel: source.channel.id,
            user: user.id,
            originalTs: source.kind === "message" ? source.message.ts : undefined,
            followsLatestReply: source.kind === "none",
          });
    const payload = blockActionsPayload({
      identity: this.ws.identity,
      user,
      source,
      action: args.action,
      actionTs: this.ws.nextTs(),
      triggerId: this.ws.issueTrigger(user.id),
      responseUrl: record && this.responseUrl(record),
      values: args.values,
    });
    for (const field of ["message", "container", "view"] as const) {
      if (args[field] !== undefined) payload[field] = args[field];
    }
    const reply = await this.sender.send(interactionBody(payload), FORM_CONTENT_TYPE);
    return { ...reply, responseUrlId: record?.id };
  }

  blockSuggestion(args: BlockSuggestionArgs): Promise<BotReply> {
    const payload = blockSuggestionPayload({
      identity: this.ws.identity,
      user: this.ws.ensureUser(args.userId ?? this.defaults.userId),
      source: this.source(args),
      actionId: args.actionId,
      blockId: args.blockId ?? "stand-in",
      value: args.value,
    });
    withPrivateMetadata(payload, args.privateMetadata);
    return this.sender.send(interactionBody(payload), FORM_CONTENT_TYPE);
  }

  async viewSubmission(args: ViewSubmissionArgs): Promise<BotReply> {
    const view = this.ws.view(args.viewId);
    if (!view) throw new Error(`No view ${args.viewId} in the Slack stand-in`);
    const user = this.ws.ensureUser(args.userId ?? view.user);
    const payload = viewSubmissionPayload({
      identity: this.ws.identity,
      user,
      view,
      values: args.values ?? {},
      triggerId: this.ws.issueTrigger(user.id),
    });
    withPrivateMetadata(payload, args.privateMetadata);
    const reply = await this.sender.send(interactionBody(payload), FORM_CONTENT_TYPE);
    if (reply.status === 200) this.applyResponseAction(view, reply.json);
    return reply;
  }

  appHomeOpened(args: { userId?: string }): Promise<BotReply> {
    const user = this.ws.ensureUser(args.userId ?? this.defaults.userId);
    const dm = this.ws.resolveChannel(user.id);
    const body = appHomeOpenedBody({
      identity: this.ws.identity,
      user,
      dmChannelId: dm?.id ?? "",
      home: this.ws.homeView(user.id),
      eventId: this.ws.nextId("Ev"),
      eventTs: this.ws.nextTs(),
    });
    return this.sender.send(JSON.stringify(body), JSON_CONTENT_TYPE);
  }

  /** Slack delivering an event to the app (app_uninstalled, tokens_revoked, …), signed like every request. */
  event(event: Record<string, unknown>): Promise<BotReply> {
    const eventTs = this.ws.nextTs();
    const body = eventCallbackBody({
      identity: this.ws.identity,
      event: { ...event, event_ts: eventTs } as Json,
      eventId: this.ws.nextId("Ev"),
      eventTs,
    });
    return this.sender.send(JSON.stringify(body), JSON_CONTENT_TYPE);
  }

  private channel(channelId: string | undefined) {
    const id = channelId ?? this.defaults.channelId;
    const channel = this.ws.resolveChannel(id);
    if (!channel) throw new Error(`No channel ${id} in the Slack stand-in`);
    return channel;
  }

  private responseUrl(record: ResponseUrlRecord): string {
    return `${this.baseUrl()}/response/${record.id}`;
  }

  private source(target: ClickTarget): Source {
    if (target.viewId !== undefined) {
      const view = this.ws.view(target.viewId);
      if (!view) throw new Error(`No view ${target.viewId} in the Slack stand-in`);
      return { kind: "view", view };
    }
    let ts = target.messageTs;
    if (target.responseUrlId !== undefined) {
      ts = this.ws.responseUrl(target.responseUrlId)?.originalTs;
      if (ts === undefined)
        throw new Error(`Response URL ${target.responseUrlId} shows no message to click on`);
    }
    if (ts === undefined) return { kind: "none", channel: this.channel(target.channelId) };
    const message = this.ws.message(ts);
    if (!message) throw new Error(`No message ${ts} in the Slack stand-in`);
    return { kind: "message", channel: this.channel(message.channel), message };
  }

  /** A slash command's acknowledgement body is shown to the user like a response_url post. */
  private showAck(record: ResponseUrlRecord, reply: BotReply): string | undefined {
    if (reply.status !== 200 || reply.body === "") return undefined;
    const message = isObject(reply.json) ? reply.json : { text: reply.body };
    const outcome = applyReply(this.ws, record, message, "command_ack");
    return outcome.ok ? undefined : outcome.refusal.error;
  }

  /** What Slack does with the modal after the bot answers a view_submission. */
  private applyResponseAction(view: StoredView, answer: unknown): void {
    const action = isObject(answer) ? answer.response_action : undefined;
    if (action === "errors") return;
    if (action === "clear") {
      for (const v of this.ws.views()) if (v.root_view_id === view.root_view_id) this.ws.closeView(v.id);
      return;
    }
    if ((action === "update" || action === "push") && isObject(answer)) {
      const definition = readView({ view: answer.view }, "modal");
      // Slack keeps the modal as it was and tells the person something went wrong.
      if (isRefusal(definition)) {
        this.ws.recordRefusal({ via: "view_submission", refusal: definition });
        return;
      }
      const place = action === "update" ? { replacing: view } : { previous: view };
      this.ws.saveView(view.user, definition, place);
      return;
    }
    this.ws.closeView(view.id);
  }
}

/** Replaces the payload view's private_metadata (a test playing a tampered client). */
function withPrivateMetadata(payload: Json, privateMetadata: string | undefined): void {
  if (privateMetadata !== undefined && isObject(payload.view))
    payload.view.private_metadata = privateMetadata;
}
