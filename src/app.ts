/**
 * Builds the Bolt app: the receiver for the configured mode (HTTP or Socket Mode, both serving our
 * own routes such as /healthz), the Web API client pointed at SLACK_API_URL, and every listener.
 */
import { App, type CustomRoute, HTTPReceiver } from "@slack/bolt";
import type { FetchFunction } from "@slack/web-api";
import type { BotDeps } from "./deps.js";
import type { HttpLimits } from "./http/server-limits.js";
import { guardSlackRequests } from "./http/slack-request-guard.js";
import { registerListeners } from "./listeners/index.js";
import { boltLogger } from "./slack/bolt-logger.js";
import { ClosingSocketModeReceiver } from "./slack/socket-mode-receiver.js";

export interface CreateAppOptions {
  /** Extra HTTP routes (health, metrics) served in both modes. */
  routes: CustomRoute[];
  /** From auth.test at start, so Bolt does not call it again on the first request. */
  botId?: string;
  botUserId?: string;
  /** For Web API calls and response_url posts (see slack/slack-fetch.ts). */
  fetch?: FetchFunction;
  /** The HTTP server's limits; the body limit is checked before Bolt reads a request. */
  httpLimits: HttpLimits;
}

const EVENTS_PATH = "/slack/events";

export function createApp(deps: BotDeps, options: CreateAppOptions): App {
  const { slack, port } = deps.config;
  const logger = boltLogger(deps.logger);
  const receiver =
    slack.mode === "http"
      ? new HTTPReceiver({
          signingSecret: slack.signingSecret ?? "",
          endpoints: EVENTS_PATH,
          customRoutes: options.routes,
          port,
          logger,
          // Slack gives up after 3 s; answering a request nobody acked earlier than that frees the socket.
          unhandledRequestTimeoutMillis: 2800,
        })
      : new ClosingSocketModeReceiver({
          appToken: slack.appToken ?? "",
          customRoutes: options.routes,
          // The socket client asks apps.connections.open where to connect: at SLACK_API_URL too.
          installerOptions: { port, clientOptions: { slackApiUrl: slack.apiUrl } },
          logger,
        });
  if (receiver instanceof HTTPReceiver) {
    // Bolt's server calls `requestListener` for every request: the guard goes in front of it.
    receiver.requestListener = guardSlackRequests(receiver.requestListener, {
      signingSecret: slack.signingSecret ?? "",
      path: EVENTS_PATH,
      maxBodyBytes: options.httpLimits.maxBodyBytes,
      // Slack signs on the wall clock and Bolt checks it against the wall clock: the injected clock is
      // the product's time (tests and the demo move it), not the transport's.
      now: () => new Date(),
      remember: (signature, now, expiresAt) => deps.store.rememberRequest(signature, now, expiresAt),
      logger: deps.logger.child({ component: "http" }),
    });
  }
  const app = new App({
    token: slack.botToken,
    receiver,
    logger,
    clientOptions: {
      slackApiUrl: slack.apiUrl,
      // 429s wait out Retry-After and try again; the default policy (10 tries over ~30 minutes) would
      // hold an alert round far past its lease on a Slack outage. The watcher retries later by itself.
      retryConfig: { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000, randomize: true },
      // A hung Slack must not hold a post past the point where its claim counts as stale (see
      // alerts/watcher/recovery.ts): each try gives up after 15 s.
      timeout: 15_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
    ...(options.botId ? { botId: options.botId } : {}),
    ...(options.botUserId ? { botUserId: options.botUserId } : {}),
  });
  registerListeners(app, deps);
  app.error(async (error) => {
    deps.logger.error({ err: error }, "listener failed");
  });
  return app;
}
