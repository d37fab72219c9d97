/**
 * Everything a listener may use, passed in once through createApp(). Tests build the same object from
 * real parts pointed at local servers (the simulator, the Slack stand-in, a temporary database).
 */
import type { AlertStore } from "./alerts/store/index.js";
import type { AlertWatcher } from "./alerts/watcher/index.js";
import type { RenderedPages } from "./cache/rendered-pages.js";
import type { Config } from "./config.js";
import type { DigestScheduler } from "./digests/digest-scheduler.js";
import type { Responder } from "./listeners/reply.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./observability/metrics.js";
import type { SlackDirectory } from "./slack/directory.js";
import type { ResponseUrlPolicy } from "./slack/response-url-policy.js";
import type { SubscriptionManagers } from "./subscriptions/managers.js";
import type { WorkspaceSlackClients } from "./workspaces/slack-clients.js";
import type { Workspaces } from "./workspaces/workspace.js";
import type { WorkspaceRegistry } from "./workspaces/workspace-registry.js";

export interface BotDeps {
  config: Config;
  logger: Logger;
  now: () => Date;
  /** How to wait (retries of answers); tests pass one that does not. */
  sleep: (ms: number) => Promise<void>;
  /** The Mixpeek connection of the workspace a request came from (listeners get theirs as `ctx.workspace`). */
  workspaces: Workspaces;
  store: AlertStore;
  /** Polls Mixpeek and posts failure alerts; `health()` for the App Home, `runRound()` for tests. */
  watcher: AlertWatcher;
  /** Posts scheduled digests; `sendNow()` for the demo, `runRound()` for tests. */
  digests: DigestScheduler;
  metrics: Metrics;
  /** Slack look-ups for access checks (admins, user groups, channel memberships), cached briefly. */
  directory: SlackDirectory;
  /** Who may change a channel's subscriptions (SUBSCRIPTION_MANAGERS). */
  managers: SubscriptionManagers;
  /** Which response URLs from a request the bot may post to (Slack's hooks hosts). */
  responseUrls: ResponseUrlPolicy;
  /** Answers through a response_url, over the bot's keep-alive pool to Slack. */
  respondTo: (responseUrl: string) => Responder;
  /** The reader-independent part of cached pages, drawn once per page (see cache/rendered-pages.ts). */
  renderedPages: RenderedPages;
  /** Distributed mode only: each workspace's Mixpeek connection (connect, disconnect, uninstall). */
  registry?: WorkspaceRegistry;
  /** Distributed mode only: each workspace's Slack client outside a request (its own bot token). */
  slackClients?: WorkspaceSlackClients;
}
