/** What a watcher round did, how the watcher is doing, and the metrics it feeds. */
import { ALERT_RESULTS, type AlertResult } from "../../observability/labels.js";

/** The part of observability/metrics.ts the watcher records into (optional: tests may leave it out). */
export interface WatcherMetrics {
  recordWatchRound(seconds: number, retrieversWatched: number, at: Date): void;
  recordWatchPace?(pace: { limit: number; effectiveIntervalMs: number }): void;
  recordAlert(result: AlertResult): void;
  recordSlackApiError(method: string, code: string): void;
  /** Alerts this replica holds that wait for Slack, and since when Slack has not taken posts (null: it does). */
  recordSlackWaiting?(alertsWaiting: number, unreachableSince: Date | null): void;
}

export interface RoundReport {
  startedAt: Date;
  finishedAt: Date;
  /** Retrievers this round checked (those that were due and not leased by another replica). */
  checked: number;
  /** Checks that failed because Mixpeek did. */
  upstreamErrors: number;
  /** What became of the failures this round claimed or recovered. */
  alerts: Record<AlertResult, number>;
  /** Abandoned claims this round took over. */
  recovered: number;
  /** Checks put off because the request budget had no slot for them (they stay first in line). */
  deferred: number;
}

/** For /healthz and the App Home (the shape views/app-home.ts reads). */
export interface WatcherHealth {
  /** When a round last finished; null before the first. */
  lastRoundAt: Date | null;
  /** Retrievers being watched (not paused), across every replica. */
  retrieversWatched: number;
  /** Of those, how many failed their last check because of Mixpeek. */
  upstreamErrors: number;
  /** The latest problem this process saw, in words; null when none yet. */
  lastError: string | null;
  /** How the request budget paces the checks; null without a budget. */
  pace: WatchPace | null;
  /** Set while Slack is not taking this process's alert posts (down, busy, timing out). */
  slackUnreachable?: { since: Date; lastCode: string } | null;
  /** Alerts this process holds that wait for Slack to take them. */
  alertsWaiting?: number;
}

/** WATCH_INTERVAL_SECONDS as the request budget lets it be kept. */
export interface WatchPace {
  /** WATCH_INTERVAL_SECONDS. */
  intervalMs: number;
  /** How often each retriever is checked: the interval, or longer when the watcher's share is too small. */
  effectiveIntervalMs: number;
  /** MIXPEEK_MAX_REQUESTS_PER_MINUTE. */
  maxPerMinute: number;
  /** What is allowed now (less while recovering from a 429). */
  limitPerMinute: number;
  /** Set while every caller waits out a 429. */
  pausedUntil: Date | null;
}

/** Counts for one round; every piece of the round adds to the same tally. */
export class RoundTally {
  readonly alerts = Object.fromEntries(ALERT_RESULTS.map((r) => [r, 0])) as Record<AlertResult, number>;
  upstreamErrors = 0;
  recovered = 0;
  deferred = 0;
  lastError: string | null = null;

  constructor(private readonly metrics?: WatcherMetrics) {}

  alert(result: AlertResult, count = 1): void {
    this.alerts[result] += count;
    for (let i = 0; i < count; i++) this.metrics?.recordAlert(result);
  }

  upstreamError(description: string): void {
    this.upstreamErrors += 1;
    this.lastError = description;
  }

  problem(description: string): void {
    this.lastError = description;
  }

  report(startedAt: Date, finishedAt: Date, checked: number): RoundReport {
    return {
      startedAt,
      finishedAt,
      checked,
      upstreamErrors: this.upstreamErrors,
      alerts: { ...this.alerts },
      recovered: this.recovered,
      deferred: this.deferred,
    };
  }
}
