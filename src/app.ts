/**
 * Builds the Bolt app: the receiver for the configured mode (HTTP or Socket Mode, both serving our
 * own routes such as /healthz), the Web API client pointed at SLACK_API_URL, and every listener.
 */
import type { ServerResponse } from "node:http";
import { App, type CustomRoute, HTTPReceiver, type InstallationStore } from "@slack/bolt";
import type { FetchFunction } from "@slack/web-api";
import type { BotDeps } from "./deps.js";
import { renderInstalledPage, renderInstallFailedPage } from "./http/install-pages.js";
import type { HttpLimits } from "./http/server-limits.js";
import { guardSlackRequests } from "./http/slack-request-guard.js";
import { registerListeners } from "./listeners/index.js";
import { boltLogger } from "./slack/bolt-logger.js";
import { BOT_SCOPES } from "./slack/scopes.js";
import { ClosingSocketModeReceiver } from "./slack/socket-mode-receiver.js";
import type { Authorize } from "./workspaces/slack-clients.js";

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
  /** Distributed mode: where installs are kept (the bot's database, encrypted). */
  installationStore?: InstallationStore;
}

const EVENTS_PATH = "/slack/events";

export interface CreatedApp {
  app: App;
  /** Distributed mode: Bolt's installer's authorize, for Slack calls outside a request (the watcher). */
  authorize?: Authorize;
}

export function createApp(deps: BotDeps, options: CreateAppOptions): CreatedApp {
  const { slack, port, distribution } = deps.config;
  const logger = boltLogger(deps.logger);
  const receiver =
    slack.mode === "http"
      ? new HTTPReceiver({
          signingSecret: slack.signingSecret ?? "",
          // Every request Bolt routes to EVENTS_PATH has passed the guard below first, which verifies the
          // signature (and refuses replays): verifying it again here cost two more HMACs per request.
          // The guard also strips an unsigned SSL check down to `ssl_check=1`, as Bolt does when it
          // verifies. HTTP mode only; Socket Mode requests come over Slack's socket, unsigned.
          signatureVerification: false,
          endpoints: EVENTS_PATH,
          customRoutes: options.routes,
          port,
          logger,
          // Slack gives up after 3 s; answering a request nobody acked earlier than that frees the socket.
          unhandledRequestTimeoutMillis: 2800,
          ...(distribution && options.installationStore
            ? oauthOptions(deps, distribution, options.installationStore)
            : {}),
        })
      : new ClosingSocketModeReceiver({
          appToken: slack.appToken ?? "",
          customRoutes: options.routes,
          // The socket client asks apps.connections.open where to connect: at SLACK_API_URL too.
          installerOptions: { port, clientOptions: { slackApiUrl: slack.apiUrl } },
          logger,
        });
  if (receiver instanceof ClosingSocketModeReceiver) {
    receiver.limitHttpServer(options.httpLimits, deps.logger.child({ component: "http" }));
  }
  if (receiver instanceof HTTPReceiver) {
    // Bolt's server calls `requestListener` for every request: the guard goes in front of it.
    receiver.requestListener = guardSlackRequests(receiver.requestListener, {
      signingSecret: slack.signingSecret ?? "",
      path: EVENTS_PATH,
      maxBodyBytes: options.httpLimits.maxBodyBytes,
      // Slack signs on the wall clock, so the guard checks it against the wall clock: the injected clock is
      // the product's time (tests and the demo move it), not the transport's.
      now: () => new Date(),
      remember: (signature, now, expiresAt) => deps.store.rememberRequest(signature, now, expiresAt),
      logger: deps.logger.child({ component: "http" }),
    });
  }
  const app = new App({
    ...(distribution ? {} : { token: slack.botToken }),
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
  const installer = receiver instanceof HTTPReceiver ? receiver.installer : undefined;
  return { app, ...(installer ? { authorize: (query) => installer.authorize(query) } : {}) };
}

/**
 * Bolt's own OAuth: GET /slack/install sends the person to Slack's consent page with the manifest's scopes
 * and a signed state (also set as a cookie, so a link from someone else's browser fails); GET
 * /slack/oauth_redirect checks the state, exchanges the code with oauth.v2.access at SLACK_API_URL, and
 * stores the installation. The consent page is on the same host as the Web API (slack.com, a stand-in).
 */
function oauthOptions(
  deps: BotDeps,
  distribution: NonNullable<BotDeps["config"]["distribution"]>,
  installationStore: InstallationStore,
) {
  const { apiUrl } = deps.config.slack;
  const page = (res: ServerResponse, status: number, html: string) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html);
  };
  return {
    clientId: distribution.clientId,
    clientSecret: distribution.clientSecret,
    stateSecret: distribution.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore,
    installerOptions: {
      directInstall: true,
      stateVerification: true,
      authorizationUrl: new URL("../oauth/v2/authorize", apiUrl).toString(),
      clientOptions: { slackApiUrl: apiUrl },
      callbackOptions: {
        success: (installation, _options, _req, res) => {
          const enterprise = installation.isEnterpriseInstall === true;
          const teamName = enterprise ? installation.enterprise?.name : installation.team?.name;
          const teamId = enterprise ? installation.enterprise?.id : installation.team?.id;
          deps.logger.info({ event: "install", workspace: teamId, enterprise }, "installed through OAuth");
          page(
            res,
            200,
            renderInstalledPage({
              teamName,
              isEnterpriseInstall: enterprise,
              appLink:
                installation.appId && teamId
                  ? `slack://app?team=${encodeURIComponent(teamId)}&id=${encodeURIComponent(installation.appId)}&tab=home`
                  : undefined,
            }),
          );
        },
        failure: (error, _options, req, res) => {
          const code = String((error as { code?: unknown }).code ?? "");
          // Slack sends the browser back with `error=access_denied` when the person cancels.
          const cancelled = new URL(req.url ?? "/", "http://bot").searchParams.has("error");
          deps.logger.warn({ event: "install", code, cancelled }, "install refused");
          const reason = code.includes("state")
            ? "state"
            : cancelled || code.includes("missing_code")
              ? "denied"
              : "other";
          page(res, reason === "other" ? 500 : 400, renderInstallFailedPage(reason));
        },
      },
    },
  } satisfies Partial<ConstructorParameters<typeof HTTPReceiver>[0]>;
}
