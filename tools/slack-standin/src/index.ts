import type { AddressInfo } from "node:net";
import { appMethods } from "./api-methods/apps.js";
import type { ActionInput, StateValues } from "./payloads.js";
import type { BotTransport } from "./sender.js";
import { SignedSender } from "./sender.js";
import { createStandInServer } from "./server.js";
import type { SocketConnection, SocketDrop } from "./socket-mode.js";
import { SocketModeServer } from "./socket-mode.js";
import type {
  BotReply,
  Channel,
  FailureSpec,
  OutageSpec,
  RecordedApiCall,
  RecordedRefusal,
  RecordedResponse,
  SharedFile,
  StoredMessage,
  StoredView,
  User,
  UserGroup,
} from "./types.js";
import type {
  BlockActionArgs,
  BlockActionReply,
  BlockSuggestionArgs,
  SlashCommandArgs,
  SlashCommandReply,
  ViewSubmissionArgs,
} from "./user-actions.js";
import { UserActions } from "./user-actions.js";
import { waitFor } from "./wait-for.js";
import { type StandInUiOptions, uiRoutes } from "./web/ui-routes.js";
import { WebApi } from "./web-api.js";
import type { Identity, StoredFile } from "./workspace.js";

export type { Identity };

import { Workspace } from "./workspace.js";

export { findBlockKitViolations, type MessagePayload, type Surface } from "./block-kit/limits.js";
export { blockActionsPayload, interactionBody, slashCommandBody } from "./payloads.js";
export { signedHeaders, signRequest } from "./signing.js";
export type { SlashCommandInfo } from "./types.js";
export type { StandInUiOptions } from "./web/ui-routes.js";
export type {
  ActionInput,
  BlockActionArgs,
  BlockActionReply,
  BlockSuggestionArgs,
  BotReply,
  Channel,
  FailureSpec,
  OutageSpec,
  RecordedApiCall,
  RecordedRefusal,
  RecordedResponse,
  SharedFile,
  SlashCommandArgs,
  SlashCommandReply,
  SocketConnection,
  SocketDrop,
  StateValues,
  StoredFile,
  StoredMessage,
  StoredView,
  User,
  UserGroup,
  ViewSubmissionArgs,
};

/**
 * How user actions reach the bot. `auto` (the default) uses the bot's Socket Mode connection when one is
 * open and no bot URL is set, and signed HTTP requests otherwise.
 */
export type BotTransportChoice = "auto" | "http" | "socket";

export interface SlackStandInOptions {
  /** Signs HTTP requests to the bot; a bot in Socket Mode needs none. */
  signingSecret?: string;
  /** Where the bot's Bolt receiver listens, e.g. http://127.0.0.1:3000/slack/events; may be set later. */
  botUrl?: string;
  transport?: BotTransportChoice;
  /** How often the stand-in pings Socket Mode clients, as Slack does. */
  socketPingIntervalMs?: number;
  port?: number;
  host?: string;
  now?: () => Date;
  teamId?: string;
  /** The Enterprise Grid org the workspace is in; with `isEnterpriseInstall`, the app is installed org-wide. */
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
  botUserId?: string;
  /** The first one is where commands and clicks happen unless told otherwise. */
  channels?: Channel[];
  /** Serve the browser demo page at `/` (off unless given). */
  ui?: StandInUiOptions;
  /**
   * The address the URLs it hands out start with (response URLs, upload URLs), when it sits behind
   * another server (the Slack org stand-in, which answers for several workspaces at one address).
   */
  publicUrl?: string;
  /** The bot token's scopes (default: what the manifest asks for); files.* need `files:write`. */
  scopes?: readonly string[];
}

export const STAND_IN_DEFAULTS = {
  teamId: "T0STANDIN",
  teamDomain: "standin",
  appId: "A0STANDIN",
  botUserId: "U0STANDBOT",
  botId: "B0STANDBOT",
  userId: "U0DEVUSER",
  userName: "dev.user",
  channels: [
    { id: "C0GENERAL", name: "general" },
    { id: "C0ALERTS", name: "alerts" },
  ],
} as const;

export interface SlackStandIn {
  url: string;
  /** For the WebClient's `slackApiUrl` (Bolt: `clientOptions.slackApiUrl`). */
  apiUrl: string;
  setBotUrl(url: string): void;
  close(): Promise<void>;

  // What the bot did. Each call returns copies taken now.
  apiCalls(method?: string): RecordedApiCall[];
  responses(): RecordedResponse[];
  /** Messages and views refused for breaking Block Kit's rules, oldest first, whichever way they came. */
  refusals(): RecordedRefusal[];
  /** Channel messages, thread replies included, in posting order. */
  messages(channel?: string): StoredMessage[];
  ephemerals(userId?: string): StoredMessage[];
  /** The ephemeral (or channel) message a response URL currently shows, if any. */
  shownBy(responseUrlId: string | undefined): StoredMessage | undefined;
  views(): StoredView[];
  /** Files the bot uploaded and completed, oldest first (bytes included). */
  files(): StoredFile[];
  /** Grants exactly these scopes from now on, as a reinstall would (e.g. without `files:write`). */
  setScopes(scopes: readonly string[]): void;
  homeView(userId?: string): StoredView | undefined;
  waitFor<T>(
    predicate: () => T | undefined | null | false,
    timeoutMs?: number,
  ): Promise<Exclude<T, undefined | null | false>>;

  // Who is in the workspace: people (admins too), channels with their members, user groups.
  /** Adds a user, or replaces the one with the same ID. */
  putUser(user: User): void;
  /** Adds a channel, or replaces the one with the same ID. */
  putChannel(channel: Channel): void;
  /** Adds a user group, or replaces the one with the same ID. */
  putUserGroup(group: UserGroup): void;

  // How Slack answers.
  failNext(method: string, failure: FailureSpec, times?: number): void;
  /**
   * Slack down for a family of methods (`"chat."`): every call answers `outage` (e.g. `{ status: 503 }`)
   * until `setOutage(prefix, null)` ends it.
   */
  setOutage(prefix: string, outage: OutageSpec | null): void;

  // The bot's Socket Mode connection (apps.connections.open hands out its URL).
  socketConnected(): boolean;
  /** Every connection the bot opened, oldest first. */
  socketConnections(): SocketConnection[];
  /** Ends the current connection as Slack may (default: a `disconnect` message); resolves once closed. */
  dropSocket(how?: SocketDrop): Promise<void>;

  // What a user does: real signed requests to the bot, or envelopes on its socket (see `transport`).
  slashCommand(args: SlashCommandArgs): Promise<SlashCommandReply>;
  blockAction(args: BlockActionArgs): Promise<BlockActionReply>;
  blockSuggestion(args: BlockSuggestionArgs): Promise<BotReply>;
  viewSubmission(args: ViewSubmissionArgs): Promise<BotReply>;
  appHomeOpened(args?: { userId?: string }): Promise<BotReply>;
  /** Delivers an event to the bot as the Events API does (e.g. `{ type: "app_uninstalled" }`). */
  sendEvent(event: Record<string, unknown>): Promise<BotReply>;
  /** Always HTTP: a request with the caller's own headers (forged signatures, stale timestamps). */
  sendRaw(body: string, headers: Record<string, string>): Promise<BotReply>;
}

/**
 * Starts a loopback server that plays Slack toward the bot: the Web API, response URLs, and user actions
 * as signed HTTP requests or, for a bot in Socket Mode, as envelopes on the WebSocket it opened here.
 */
export async function startSlackStandIn(opts: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const d = STAND_IN_DEFAULTS;
  const channels = opts.channels ?? d.channels.map((c) => ({ ...c }));
  const firstChannel = channels[0];
  if (!firstChannel) throw new Error("The Slack stand-in needs at least one channel");
  const identity: Identity = {
    teamId: opts.teamId ?? d.teamId,
    ...(opts.enterpriseId ? { enterpriseId: opts.enterpriseId } : {}),
    ...(opts.isEnterpriseInstall ? { isEnterpriseInstall: true } : {}),
    teamDomain: d.teamDomain,
    appId: d.appId,
    botUserId: opts.botUserId ?? d.botUserId,
    botId: d.botId,
    verificationToken: "stand-in-verification-token",
  };
  const users = [
    { id: identity.botUserId, name: "executions-bot" },
    { id: d.userId, name: d.userName },
  ];
  const ws = new Workspace(identity, channels, users, opts.now ?? (() => new Date()), opts.scopes);

  let url = "";
  let botUrl = opts.botUrl;
  const sockets = new SocketModeServer({
    now: ws.now,
    appId: identity.appId,
    ...(opts.socketPingIntervalMs === undefined ? {} : { pingIntervalMs: opts.socketPingIntervalMs }),
  });
  const publicUrl = () => opts.publicUrl ?? url;
  const api = new WebApi(ws, publicUrl, appMethods(sockets));
  const sender = new SignedSender({ signingSecret: opts.signingSecret, botUrl: () => botUrl, now: ws.now });
  const choice = opts.transport ?? "auto";
  const transport: BotTransport = {
    send: (body, contentType) => {
      const useSocket = choice === "socket" || (choice === "auto" && !botUrl && sockets.connected());
      return (useSocket ? sockets : sender).send(body, contentType);
    },
  };
  const user = new UserActions(ws, transport, publicUrl, { userId: d.userId, channelId: firstChannel.id });
  const ui = opts.ui && uiRoutes({ ws, user, viewerId: d.userId, options: opts.ui });
  const server = createStandInServer(ws, api, ui);
  sockets.attach(server);
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const copy = structuredClone;

  return {
    url,
    apiUrl: `${url}/api/`,
    setBotUrl: (next) => {
      botUrl = next;
    },
    close: async () => {
      // Upgraded sockets are no longer the HTTP server's to close; left open they would hold it open.
      await sockets.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (the WebClient's, an open event stream) would hold close() open.
        server.closeAllConnections();
      });
    },
    apiCalls: (method) => copy(ws.apiCalls.filter((call) => method === undefined || call.method === method)),
    responses: () => copy(ws.responses),
    refusals: () => copy(ws.refusals),
    messages: (channel) => copy(ws.messages(channel)),
    ephemerals: (userId) => copy(ws.ephemerals(userId)),
    shownBy: (responseUrlId) => {
      const ts = responseUrlId === undefined ? undefined : ws.responseUrl(responseUrlId)?.originalTs;
      const message = ts === undefined ? undefined : ws.message(ts);
      return message && copy(message);
    },
    views: () => copy(ws.views()),
    files: () =>
      ws.files().map((file) => ({ ...file, ...(file.bytes ? { bytes: Buffer.from(file.bytes) } : {}) })),
    setScopes: (scopes) => {
      ws.scopes = new Set(scopes);
    },
    homeView: (userId) => {
      const view = ws.homeView(userId ?? d.userId);
      return view && copy(view);
    },
    waitFor: (predicate, timeoutMs) => waitFor(ws, predicate, timeoutMs),
    putUser: (user) => ws.putUser(user),
    putChannel: (channel) => ws.putChannel(channel),
    putUserGroup: (group) => ws.putUserGroup(group),
    failNext: (method, failure, times) => api.failNext(method, failure, times),
    setOutage: (prefix, outage) => api.setOutage(prefix, outage),
    socketConnected: () => sockets.connected(),
    socketConnections: () => sockets.connections(),
    dropSocket: (how) => sockets.drop(how),
    slashCommand: (args) => user.slashCommand(args),
    blockAction: (args) => user.blockAction(args),
    blockSuggestion: (args) => user.blockSuggestion(args),
    viewSubmission: (args) => user.viewSubmission(args),
    appHomeOpened: (args = {}) => user.appHomeOpened(args),
    sendEvent: (event) => user.event(event),
    sendRaw: (body, headers) => sender.sendRaw(body, headers),
  };
}

export {
  type IssuedToken,
  type OrgTeam,
  type SlackOrg,
  type SlackOrgOptions,
  startSlackOrg,
} from "./oauth/slack-org.js";
