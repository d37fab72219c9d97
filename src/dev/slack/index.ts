import type { AddressInfo } from "node:net";
import type { ActionInput, StateValues } from "./payloads.js";
import { SignedSender } from "./sender.js";
import { createStandInServer } from "./server.js";
import type {
  BotReply,
  Channel,
  FailureSpec,
  RecordedApiCall,
  RecordedResponse,
  StoredMessage,
  StoredView,
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
import type { Identity } from "./workspace.js";
import { Workspace } from "./workspace.js";

export { signedHeaders, signRequest } from "./signing.js";
export type { SlashCommandInfo, StandInUiOptions } from "./web/ui-routes.js";
export type {
  ActionInput,
  BlockActionArgs,
  BlockActionReply,
  BlockSuggestionArgs,
  BotReply,
  Channel,
  FailureSpec,
  RecordedApiCall,
  RecordedResponse,
  SlashCommandArgs,
  SlashCommandReply,
  StateValues,
  StoredMessage,
  StoredView,
  ViewSubmissionArgs,
};

export interface SlackStandInOptions {
  signingSecret: string;
  /** Where the bot's Bolt receiver listens, e.g. http://127.0.0.1:3000/slack/events; may be set later. */
  botUrl?: string;
  port?: number;
  host?: string;
  now?: () => Date;
  teamId?: string;
  botUserId?: string;
  /** The first one is where commands and clicks happen unless told otherwise. */
  channels?: Channel[];
  /** Serve the browser demo page at `/` (off unless given). */
  ui?: StandInUiOptions;
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
  /** Channel messages, thread replies included, in posting order. */
  messages(channel?: string): StoredMessage[];
  ephemerals(userId?: string): StoredMessage[];
  /** The ephemeral (or channel) message a response URL currently shows, if any. */
  shownBy(responseUrlId: string | undefined): StoredMessage | undefined;
  views(): StoredView[];
  homeView(userId?: string): StoredView | undefined;
  waitFor<T>(
    predicate: () => T | undefined | null | false,
    timeoutMs?: number,
  ): Promise<Exclude<T, undefined | null | false>>;

  // How Slack answers.
  failNext(method: string, failure: FailureSpec, times?: number): void;

  // What a user does: real signed requests to the bot.
  slashCommand(args: SlashCommandArgs): Promise<SlashCommandReply>;
  blockAction(args: BlockActionArgs): Promise<BlockActionReply>;
  blockSuggestion(args: BlockSuggestionArgs): Promise<BotReply>;
  viewSubmission(args: ViewSubmissionArgs): Promise<BotReply>;
  appHomeOpened(args?: { userId?: string }): Promise<BotReply>;
  sendRaw(body: string, headers: Record<string, string>): Promise<BotReply>;
}

/** Starts a loopback server that plays Slack toward the bot (Web API, response URLs, signed requests). */
export async function startSlackStandIn(opts: SlackStandInOptions): Promise<SlackStandIn> {
  const d = STAND_IN_DEFAULTS;
  const channels = opts.channels ?? d.channels.map((c) => ({ ...c }));
  const firstChannel = channels[0];
  if (!firstChannel) throw new Error("The Slack stand-in needs at least one channel");
  const identity: Identity = {
    teamId: opts.teamId ?? d.teamId,
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
  const ws = new Workspace(identity, channels, users, opts.now ?? (() => new Date()));

  let url = "";
  let botUrl = opts.botUrl;
  const api = new WebApi(ws, () => url);
  const sender = new SignedSender({ signingSecret: opts.signingSecret, botUrl: () => botUrl, now: ws.now });
  const user = new UserActions(ws, sender, () => url, { userId: d.userId, channelId: firstChannel.id });
  const ui = opts.ui && uiRoutes({ ws, user, viewerId: d.userId, options: opts.ui });
  const server = createStandInServer(ws, api, ui);
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (the WebClient's, an open event stream) would hold close() open.
        server.closeAllConnections();
      }),
    apiCalls: (method) => copy(ws.apiCalls.filter((call) => method === undefined || call.method === method)),
    responses: () => copy(ws.responses),
    messages: (channel) => copy(ws.messages(channel)),
    ephemerals: (userId) => copy(ws.ephemerals(userId)),
    shownBy: (responseUrlId) => {
      const ts = responseUrlId === undefined ? undefined : ws.responseUrl(responseUrlId)?.originalTs;
      const message = ts === undefined ? undefined : ws.message(ts);
      return message && copy(message);
    },
    views: () => copy(ws.views()),
    homeView: (userId) => {
      const view = ws.homeView(userId ?? d.userId);
      return view && copy(view);
    },
    waitFor: (predicate, timeoutMs) => waitFor(ws, predicate, timeoutMs),
    failNext: (method, failure, times) => api.failNext(method, failure, times),
    slashCommand: (args) => user.slashCommand(args),
    blockAction: (args) => user.blockAction(args),
    blockSuggestion: (args) => user.blockSuggestion(args),
    viewSubmission: (args) => user.viewSubmission(args),
    appHomeOpened: (args = {}) => user.appHomeOpened(args),
    sendRaw: (body, headers) => sender.sendRaw(body, headers),
  };
}
