/**
 * The bot's Prometheus metrics. Each call to createMetrics() builds its own registry, so several bots in
 * one process (tests) never share or double-register a series; nothing here touches prom-client's global
 * registry. Callers record through typed methods and never see prom-client objects.
 *
 * Labels stay bounded (see labels.ts): `name` is the listener's fixed id chosen in code (e.g. "executions"
 * for the slash command, "executions_next" for a button), never a retriever name, user id or typed text.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { MixpeekCallEvent } from "../mixpeek/client.js";
import { type BudgetMetrics, createBudgetMetrics } from "./budget-metrics.js";
import { type CacheStatsSource, createCacheGauges } from "./cache-gauges.js";
import {
  ALERT_RESULTS,
  type AlertResult,
  boundedLabel,
  type RequestOutcome,
  type RequestType,
} from "./labels.js";

export interface Metrics extends BudgetMetrics {
  readonly registry: Registry;
  /** One handled Slack request. `name` is a listener id from a fixed set in code. */
  recordRequest(type: RequestType, name: string, outcome: RequestOutcome): void;
  /** From receiving the request to acknowledging it (Slack gives up after 3 s). */
  observeAck(type: RequestType, name: string, seconds: number): void;
  /** From receiving the request to posting the final answer. */
  observeAnswer(type: RequestType, name: string, seconds: number): void;
  /** Pass as the Mixpeek client's `onCall`. */
  recordMixpeekCall(event: MixpeekCallEvent): void;
  /** Reads `stats` at every scrape under `cache="<name>"` (e.g. "executions", "retrievers"). */
  observeCache(name: string, stats: CacheStatsSource): () => void;
  recordWatchRound(seconds: number, retrieversWatched: number, at: Date): void;
  recordAlert(result: AlertResult): void;
  /** `method` is the Web API method (e.g. "chat.postMessage"), `code` Slack's error code (e.g. "ratelimited"). */
  recordSlackApiError(method: string, code: string): void;
  /** Alerts this replica holds waiting for Slack, and since when Slack has not taken posts (null: it does). */
  recordSlackWaiting(alertsWaiting: number, unreachableSince: Date | null): void;
  /** The text exposition format and the content type to serve it with. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface CreateMetricsOptions {
  /** Caches to read from the start; more can be added with `observeCache`. */
  caches?: Record<string, CacheStatsSource>;
  /** Node.js process metrics (CPU, memory, event loop, GC). Default true. */
  defaultMetrics?: boolean;
}

export const METRIC_PREFIX = "executions_bot_";

/** Handler and Mixpeek latencies: a few milliseconds for an ack, up to the 8 s Mixpeek budget. */
export const LATENCY_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** A watch round calls Mixpeek once per watched retriever, so it may take far longer than one request. */
export const WATCH_ROUND_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

// Generous: the bot has a handful of listeners, four Mixpeek operations and a few dozen Slack methods.
const MAX_LISTENER_NAMES = 64;
const MAX_MIXPEEK_OPERATIONS = 16;
const MAX_SLACK_METHODS = 64;
const MAX_SLACK_ERROR_CODES = 64;

export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const listenerName = boundedLabel(MAX_LISTENER_NAMES);
  const mixpeekOperation = boundedLabel(MAX_MIXPEEK_OPERATIONS);
  const slackMethod = boundedLabel(MAX_SLACK_METHODS);
  const slackCode = boundedLabel(MAX_SLACK_ERROR_CODES);

  const requests = new Counter({
    name: `${METRIC_PREFIX}requests_total`,
    help: "Slack requests handled, by listener and outcome.",
    labelNames: ["type", "name", "outcome"],
    registers,
  });
  const ackSeconds = new Histogram({
    name: `${METRIC_PREFIX}ack_seconds`,
    help: "Time from receiving a Slack request to acknowledging it.",
    labelNames: ["type", "name"],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });
  const answerSeconds = new Histogram({
    name: `${METRIC_PREFIX}answer_seconds`,
    help: "Time from receiving a Slack request to posting its final answer.",
    labelNames: ["type", "name"],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });

  const mixpeekCalls = new Counter({
    name: `${METRIC_PREFIX}mixpeek_calls_total`,
    help: "Mixpeek API calls, by operation and outcome (ok or the error kind), retries included in one call.",
    labelNames: ["operation", "outcome"],
    registers,
  });
  const mixpeekCallSeconds = new Histogram({
    name: `${METRIC_PREFIX}mixpeek_call_seconds`,
    help: "Duration of whole Mixpeek API calls, retries and waits included.",
    labelNames: ["operation", "outcome"],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers,
  });
  const mixpeekRetries = new Counter({
    name: `${METRIC_PREFIX}mixpeek_retries_total`,
    help: "Extra attempts made by Mixpeek API calls (attempts - 1 per call).",
    labelNames: ["operation"],
    registers,
  });

  const caches = createCacheGauges(registry, METRIC_PREFIX);
  const budget = createBudgetMetrics(registry, METRIC_PREFIX);
  for (const [name, stats] of Object.entries(options.caches ?? {})) caches.observe(name, stats);

  const watchRoundSeconds = new Histogram({
    name: `${METRIC_PREFIX}watch_round_seconds`,
    help: "Duration of one alert watcher round over every watched retriever.",
    buckets: WATCH_ROUND_BUCKETS_SECONDS,
    registers,
  });
  const retrieversWatched = new Gauge({
    name: `${METRIC_PREFIX}retrievers_watched`,
    help: "Retrievers the alert watcher checked in its last round.",
    registers,
  });
  const lastWatchRound = new Gauge({
    name: `${METRIC_PREFIX}watch_last_round_timestamp_seconds`,
    help: "Unix time the alert watcher last finished a round; alert when it stops moving.",
    registers,
  });

  const alerts = new Counter({
    name: `${METRIC_PREFIX}alerts_total`,
    help: "Failure alerts by what became of them.",
    labelNames: ["result"],
    registers,
  });
  // Every result starts at 0 so rate() and absent-series alerts work before the first alert is sent.
  for (const result of ALERT_RESULTS) alerts.inc({ result }, 0);

  const slackApiErrors = new Counter({
    name: `${METRIC_PREFIX}slack_api_errors_total`,
    help: "Slack Web API calls that failed, by method and Slack error code.",
    labelNames: ["method", "code"],
    registers,
  });

  const alertsWaiting = new Gauge({
    name: `${METRIC_PREFIX}alerts_waiting`,
    help: "Alerts this replica holds that wait for Slack to take them (Slack down or busy); 0 normally.",
    registers,
  });
  const slackUnreachableSince = new Gauge({
    name: `${METRIC_PREFIX}slack_unreachable_since_timestamp_seconds`,
    help: "Unix time since which Slack has not taken this replica's alert posts; 0 while it does.",
    registers,
  });

  return {
    registry,
    ...budget,
    recordRequest(type, name, outcome) {
      requests.inc({ type, name: listenerName(name), outcome });
    },
    observeAck(type, name, seconds) {
      ackSeconds.observe({ type, name: listenerName(name) }, nonNegative(seconds));
    },
    observeAnswer(type, name, seconds) {
      answerSeconds.observe({ type, name: listenerName(name) }, nonNegative(seconds));
    },
    recordMixpeekCall(event) {
      const operation = mixpeekOperation(event.operation);
      const labels = { operation, outcome: event.outcome };
      mixpeekCalls.inc(labels);
      mixpeekCallSeconds.observe(labels, nonNegative(event.durationMs) / 1000);
      // Incremented by 0 too, so every operation has a retries series from its first call.
      mixpeekRetries.inc({ operation }, Math.max(0, event.attempts - 1));
    },
    observeCache: (name, stats) => caches.observe(name, stats),
    recordWatchRound(seconds, watched, at) {
      watchRoundSeconds.observe(nonNegative(seconds));
      retrieversWatched.set(watched);
      lastWatchRound.set(at.getTime() / 1000);
    },
    recordAlert(result) {
      alerts.inc({ result });
    },
    recordSlackApiError(method, code) {
      slackApiErrors.inc({ method: slackMethod(method), code: slackCode(code) });
    },
    recordSlackWaiting(waiting, since) {
      alertsWaiting.set(waiting);
      slackUnreachableSince.set(since === null ? 0 : since.getTime() / 1000);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** A clock that steps backwards must not record a negative duration (histograms would reject it anyway). */
function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
