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
import { databaseHealthCheck, watcherHealthCheck } from "./alerts/health-checks.js";
import { openStore, SINGLE_WORKSPACE_ID } from "./alerts/store/index.js";
import { AlertWatcher, watcherSettingsFromConfig } from "./alerts/watcher/index.js";
import { createApp } from "./app.js";
import { budgetConnectionKey, sharedRequestBudget } from "./budget/request-budget.js";
import { RenderedPages } from "./cache/rendered-pages.js";
import type { Config } from "./config.js";
import { secretsOf } from "./config.js";
import type { BotDeps } from "./deps.js";
import { DigestScheduler, type DigestSettings } from "./digests/digest-scheduler.js";
import { FailureReasons } from "./executions/failure-reasons.js";
import { ExecutionsFetcher } from "./executions/fetcher.js";
import { RetrieverSearch } from "./executions/retriever-search.js";
import { studioLink } from "./executions/studio-link.js";
import { healthRoute } from "./http/health.js";
import { capConnections, HTTP_LIMITS, type HttpLimits, serverOptionsOf } from "./http/server-limits.js";
import { respondTo } from "./listeners/response-url.js";
import { createLogger } from "./logger.js";
import { createMixpeekClient, type MixpeekClientOptions } from "./mixpeek/client.js";
import { createMetrics } from "./observability/metrics.js";
import { metricsRoute } from "./observability/metrics-route.js";
import { SlackDirectory } from "./slack/directory.js";
import { ResponseUrlPolicy, responseUrlHosts } from "./slack/response-url-policy.js";
import { createSlackFetch } from "./slack/slack-fetch.js";
import { StatsFetcher } from "./stats/stats-fetcher.js";
import { SubscriptionManagers } from "./subscriptions/managers.js";
import { NamespaceAccess } from "./workspaces/namespaces.js";
import { singleWorkspace, type Workspace } from "./workspaces/workspace.js";

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
  /** The workspace of single-workspace mode, as every listener sees it. */
  workspace: Workspace;
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
  const identity = await checkSlackToken(config);

  const metrics = createMetrics();
  const store = await openStore(config.databaseUrl, { logger: logger.child({ component: "store" }) });
  // One budget per Mixpeek connection, counted in the database every replica shares.
  const budget = sharedRequestBudget({
    store,
    connection: budgetConnectionKey(config.mixpeek.baseUrl, config.mixpeek.apiKey),
    rules: { maxPerWindow: config.mixpeek.maxRequestsPerMinute, windowMs: options.budgetWindowMs ?? 60_000 },
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    onTake: metrics.recordBudgetTake,
  });
  const mixpeek = createMixpeekClient({
    baseUrl: config.mixpeek.baseUrl,
    apiKey: config.mixpeek.apiKey,
    onCall: metrics.recordMixpeekCall,
    budget,
    ...options.mixpeek,
  });
  const executions = new ExecutionsFetcher({
    api: mixpeek,
    ttlSeconds: config.cache.ttlSeconds,
    maxKeys: config.cache.maxKeys,
    now,
  });
  const retrievers = new RetrieverSearch(mixpeek, {
    ttlSeconds: config.cache.ttlSeconds,
    maxKeys: Math.min(config.cache.maxKeys, 1000),
  });
  const stats = new StatsFetcher({
    api: mixpeek,
    ttlSeconds: config.cache.ttlSeconds,
    maxKeys: Math.min(config.cache.maxKeys, 1000),
    now,
  });
  // A failed run's reason never changes: kept ten TTLs, for at most as many runs as pages.
  const failureReasons = new FailureReasons(mixpeek, {
    ttlSeconds: config.cache.ttlSeconds * 10,
    maxKeys: config.cache.maxKeys,
  });
  metrics.observeCache("executions", () => executions.stats());
  metrics.observeCache("stats", () => stats.stats());
  metrics.observeCache("retrievers", () => retrievers.stats());
  // `watcher` is set right below: it posts through app.client, which exists once the app does.
  const workspace: Workspace = {
    id: SINGLE_WORKSPACE_ID,
    mixpeek,
    executions,
    retrievers,
    stats,
    failureReasons,
    defaultNamespace: config.mixpeek.namespace,
    namespaces: new NamespaceAccess(config.mixpeek.namespace, config.mixpeek.namespaces),
  };
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
    workspaces: singleWorkspace(workspace),
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
  };
  const deps = parts as BotDeps;
  const watcherSettings = watcherSettingsFromConfig(config);
  const health = [
    databaseHealthCheck(store),
    watcherHealthCheck(
      { health: () => deps.watcher.health() },
      { now, intervalMs: watcherSettings.intervalMs, startedAt: now() },
    ),
  ];

  const httpLimits = { ...HTTP_LIMITS, ...options.http };
  const app = createApp(deps, {
    httpLimits,
    routes: [healthRoute(health), metricsRoute(metrics)],
    botId: identity.botId,
    botUserId: identity.botUserId,
    fetch: slackFetch.fetch,
  });
  const studioUrl = config.mixpeek.studioUrl;
  deps.watcher = new AlertWatcher({
    store,
    mixpeek: mixpeek.forCaller("watcher"),
    budget,
    namespaces: workspace.namespaces,
    slack: app.client,
    logger: logger.child({ component: "watcher" }),
    now,
    owner,
    settings: watcherSettings,
    ...(studioUrl ? { studioUrl: (target) => studioLink(studioUrl, target) } : {}),
    onNewExecutions: (seen) => executions.forgetRetriever(seen.namespace, seen.retrievers),
    metrics,
  });
  deps.digests = new DigestScheduler({
    store,
    workspaces: deps.workspaces,
    slack: app.client,
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
  logger.info({ mode: config.slack.mode, port, team: identity.team }, "executions-bot is running");
  deps.watcher.start();
  deps.digests.start();

  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    deps,
    workspace,
    async stop() {
      if (stopped) return;
      stopped = true;
      // The watcher finishes its round (it may be posting) before anything it uses is closed.
      await deps.watcher.stop();
      await deps.digests.stop();
      await app.stop();
      await slackFetch.close();
      executions.close();
      retrievers.close();
      stats.close();
      directory.close();
      failureReasons.close();
      await mixpeek.close();
      await store.close();
      logger.info("executions-bot stopped");
    },
  };
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
