/**
 * Starts the whole bot from a Config: the Mixpeek client, the cache, the Slack app and its HTTP routes.
 * main.ts calls it with the real environment; tests call it with URLs of local servers.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { WebClient } from "@slack/web-api";
import type { DestinationStream } from "pino";
import { databaseHealthCheck, slackHealthCheck, watcherHealthCheck } from "./alerts/health-checks.js";
import { openStore, SINGLE_WORKSPACE_ID } from "./alerts/store/index.js";
import { AlertWatcher, watcherSettingsFromConfig } from "./alerts/watcher/index.js";
import { createApp } from "./app.js";
import { budgetConnectionKey, sharedRequestBudget } from "./budget/request-budget.js";
import { RenderedPages } from "./cache/rendered-pages.js";
import type { CacheStats } from "./cache/single-flight-cache.js";
import type { Config } from "./config.js";
import { secretsOf } from "./config.js";
import type { BotDeps } from "./deps.js";
import { DigestScheduler, type DigestSettings } from "./digests/digest-scheduler.js";
import { studioLink } from "./executions/studio-link.js";
import { healthRoute } from "./http/health.js";
import { capConnections, HTTP_LIMITS, type HttpLimits, serverOptionsOf } from "./http/server-limits.js";
import { respondTo } from "./listeners/response-url.js";
import { createLogger } from "./logger.js";
import type { MixpeekClientOptions } from "./mixpeek/client.js";
import { createMetrics } from "./observability/metrics.js";
import { metricsRoute } from "./observability/metrics-route.js";
import { SlackDirectory } from "./slack/directory.js";
import { ResponseUrlPolicy, responseUrlHosts } from "./slack/response-url-policy.js";
import { createSlackFetch } from "./slack/slack-fetch.js";
import { SubscriptionManagers } from "./subscriptions/managers.js";
import {
  type BuiltWorkspace,
  buildWorkspace,
  type WorkspaceConnection,
  type WorkspaceSettings,
} from "./workspaces/build-workspace.js";
import { SealedInstallationStore } from "./workspaces/installation-store.js";
import { SecretBox } from "./workspaces/secret-box.js";
import { WorkspaceSlackClients } from "./workspaces/slack-clients.js";
import { watchTargets } from "./workspaces/watch-targets.js";
import { singleWorkspace, type Workspace } from "./workspaces/workspace.js";
import { WorkspaceRegistry } from "./workspaces/workspace-registry.js";

export interface StartBotOptions {
  /**
   * Where log lines go (stdout by default). Only the destination: the logger itself, and the secrets it
   * scrubs, always come from the config, so a test sees exactly what production would write.
   */
  logDestination?: DestinationStream;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Retry and time-out tuning for the Mixpeek client (tests shorten them). */
  mixpeek?: Pick<MixpeekClientOptions, "retry" | "timeouts">;
  /** Digest ticks and stale-claim take-over (tests shorten them). */
  digests?: Partial<DigestSettings>;
  /** The HTTP server's time-outs and caps (tests shorten them). */
  http?: Partial<HttpLimits>;
  /**
   * The request budget's window, 60 s unless given. Only the benchmark shortens it (with the budget per
   * window unchanged), to play ten minutes of budget in one.
   */
  budgetWindowMs?: number;
}

export interface RunningBot {
  /** Base URL of the HTTP server (HTTP mode: Slack's request URL is `${url}/slack/events`). */
  url: string;
  port: number;
  deps: BotDeps;
  /** The workspace of single-workspace mode, as every listener sees it (none in distributed mode). */
  workspace?: Workspace;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  override readonly name = "StartupError";
}

export async function startBot(config: Config, options: StartBotOptions = {}): Promise<RunningBot> {
  const logger = createLogger({
    level: config.logLevel,
    secrets: secretsOf(config),
    responseUrls: responseUrlHosts(config),
    destination: options.logDestination,
  });
  const now = options.now ?? (() => new Date());
  const distribution = config.distribution;
  const identity = distribution ? {} : await checkSlackToken(config);

  const metrics = createMetrics();
  const store = await openStore(config.databaseUrl, { logger: logger.child({ component: "store" }) });
  // One budget per Mixpeek connection (each workspace's own key in distributed mode), counted in the
  // database every replica shares.
  const budgetFor = (apiKey: string) =>
    sharedRequestBudget({
      store,
      connection: budgetConnectionKey(config.mixpeek.baseUrl, apiKey),
      rules: {
        maxPerWindow: config.mixpeek.maxRequestsPerMinute,
        windowMs: options.budgetWindowMs ?? 60_000,
      },
      now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onTake: metrics.recordBudgetTake,
    });
  const settings: WorkspaceSettings = {
    baseUrl: config.mixpeek.baseUrl,
    ttlSeconds: config.cache.ttlSeconds,
    maxKeys: config.cache.maxKeys,
    now,
    onCall: metrics.recordMixpeekCall,
    budgetFor,
    ...(options.mixpeek ? { mixpeek: options.mixpeek } : {}),
  };
  const box = distribution ? new SecretBox(distribution.encryptionKeys) : undefined;
  const registry = box
    ? new WorkspaceRegistry({ store, box, settings, logger: logger.child({ component: "workspaces" }) })
    : undefined;
  const single = registry
    ? undefined
    : buildWorkspace(SINGLE_WORKSPACE_ID, singleConnection(config), settings);
  const live = () => (single ? [single.workspace] : (registry?.built() ?? []));
  metrics.observeCache("executions", () => sumStats(live().map((w) => w.executions.stats())));
  metrics.observeCache("stats", () => sumStats(live().map((w) => w.stats.stats())));
  metrics.observeCache("retrievers", () => sumStats(live().map((w) => w.retrievers.stats())));
  const directory = new SlackDirectory({
    ttlSeconds: 60,
    maxKeys: 10_000,
    logger: logger.child({ component: "slack-directory" }),
    recordSlackApiError: metrics.recordSlackApiError,
  });
  // One keep-alive pool to Slack for Web API calls and response_url posts alike.
  const slackFetch = createSlackFetch();
  const renderedPages = new RenderedPages();
  const owner = config.replicaId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const parts: Omit<BotDeps, "watcher" | "digests"> = {
    config,
    logger,
    now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    workspaces: registry ?? singleWorkspace((single as BuiltWorkspace).workspace),
    store,
    metrics,
    directory,
    managers: new SubscriptionManagers(config.subscriptionManagers, directory),
    responseUrls: ResponseUrlPolicy.fromConfig(config),
    respondTo: (responseUrl) =>
      respondTo(responseUrl, {
        dispatcher: slackFetch.dispatcher,
        blockJson: (block) => renderedPages.blockJson(block),
      }),
    renderedPages,
    ...(registry ? { registry } : {}),
  };
  const deps = parts as BotDeps;
  const watcherSettings = watcherSettingsFromConfig(config);
  const health = [
    databaseHealthCheck(store, logger.child({ component: "health" })),
    watcherHealthCheck(
      { health: () => deps.watcher.health() },
      { now, intervalMs: watcherSettings.intervalMs, startedAt: now() },
    ),
    slackHealthCheck({ health: () => deps.watcher.health() }),
  ];

  const installationStore = box
    ? new SealedInstallationStore({
        store,
        box,
        now,
        onStored: (id) => logger.info({ workspace: id }, "installed"),
      })
    : undefined;
  const httpLimits = { ...HTTP_LIMITS, ...options.http };
  const { app, authorize } = createApp(deps, {
    httpLimits,
    routes: [healthRoute(health), metricsRoute(metrics)],
    ...(identity.botId ? { botId: identity.botId } : {}),
    ...(identity.botUserId ? { botUserId: identity.botUserId } : {}),
    fetch: slackFetch.fetch,
    ...(installationStore ? { installationStore } : {}),
  });
  const slackClients = authorize
    ? new WorkspaceSlackClients({
        store,
        authorize,
        slackApiUrl: config.slack.apiUrl,
        fetch: slackFetch.fetch,
      })
    : undefined;
  if (slackClients) deps.slackClients = slackClients;
  const targets = slackClients && registry ? watchTargets(registry, slackClients) : undefined;
  const studioUrl = config.mixpeek.studioUrl;
  deps.watcher = new AlertWatcher({
    store,
    ...(targets
      ? { targets }
      : {
          mixpeek: (single as BuiltWorkspace).watcher.mixpeek,
          ...((single as BuiltWorkspace).watcher.budget
            ? { budget: (single as BuiltWorkspace).watcher.budget }
            : {}),
          namespaces: (single as BuiltWorkspace).workspace.namespaces,
          slack: app.client,
        }),
    logger: logger.child({ component: "watcher" }),
    now,
    owner,
    // SQLite has one writer: whatever its file holds was left by a process that is gone.
    singleWriter: store.backend === "sqlite",
    settings: watcherSettings,
    ...(studioUrl ? { studioUrl: (target) => studioLink(studioUrl, target) } : {}),
    onNewExecutions: (seen) => {
      const workspace = single?.workspace ?? registry?.built().find((w) => w.id === seen.workspaceId);
      workspace?.executions.forgetRetriever(seen.namespace, seen.retrievers);
    },
    metrics,
  });
  deps.digests = new DigestScheduler({
    store,
    workspaces: deps.workspaces,
    slack: slackClients ? (workspaceId) => slackClients.forWorkspace(workspaceId) : app.client,
    logger: logger.child({ component: "digests" }),
    now,
    owner,
    ...(options.digests ? { settings: options.digests } : {}),
  });
  let port = config.port;
  if (config.slack.mode === "http") {
    const server = (await app.start(config.port, serverOptionsOf(httpLimits))) as unknown as Server;
    capConnections(server, httpLimits, logger.child({ component: "http" }));
    port = (server.address() as AddressInfo).port;
  } else {
    await app.start(config.port);
  }
  logger.info(
    {
      mode: config.slack.mode,
      workspaces: distribution ? "distributed" : "single",
      port,
      team: identity.team,
    },
    "executions-bot is running",
  );
  deps.watcher.start();
  deps.digests.start();

  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    deps,
    ...(single ? { workspace: single.workspace } : {}),
    async stop() {
      if (stopped) return;
      stopped = true;
      // The watcher finishes its round (it may be posting) before anything it uses is closed.
      await deps.watcher.stop();
      await deps.digests.stop();
      await app.stop();
      await slackFetch.close();
      directory.close();
      await single?.close();
      await registry?.close();
      await store.close();
      logger.info("executions-bot stopped");
    },
  };
}

/** Single-workspace mode's one Mixpeek connection, from the environment (loadConfig made sure it is there). */
function singleConnection(config: Config): WorkspaceConnection {
  const { apiKey, namespace, namespaces } = config.mixpeek;
  if (apiKey === undefined || namespace === undefined) {
    throw new StartupError("MIXPEEK_API_KEY and MIXPEEK_NAMESPACE are required in single-workspace mode");
  }
  return { apiKey, defaultNamespace: namespace, namespaces };
}

function sumStats(all: CacheStats[]): CacheStats {
  const total: CacheStats = { hits: 0, misses: 0, joins: 0, keys: 0 };
  for (const stats of all) {
    total.hits += stats.hits;
    total.misses += stats.misses;
    total.joins += stats.joins;
    total.keys += stats.keys;
  }
  return total;
}

/** Fails fast, with a message a person can act on, when Slack does not accept the bot token. */
async function checkSlackToken(
  config: Config,
): Promise<{ botId?: string; botUserId?: string; team?: string }> {
  const client = new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: { retries: 2 },
  });
  try {
    const auth = await client.auth.test();
    return {
      ...(auth.bot_id ? { botId: auth.bot_id } : {}),
      ...(auth.user_id ? { botUserId: auth.user_id } : {}),
      ...(auth.team ? { team: auth.team } : {}),
    };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    throw new StartupError(
      code
        ? `Slack refused SLACK_BOT_TOKEN (${code}). Check the bot token on the app's "OAuth & Permissions" page.`
        : `Could not reach Slack at SLACK_API_URL to check the bot token (${(error as Error).message}).`,
    );
  }
}
