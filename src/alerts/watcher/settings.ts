/**
 * How the alert watcher paces itself. The numbers people tune come from the environment (see config.ts);
 * the rest are defaults chosen here, overridable by tests.
 */
import type { Config } from "../../config.js";

export interface WatcherSettings {
  /** How often each retriever is checked (WATCH_INTERVAL_SECONDS). */
  intervalMs: number;
  /** Retrievers checked at the same time (WATCH_CONCURRENCY). */
  concurrency: number;
  /** More new failures than this for one subscription in one check become one roll-up message. */
  rollupThreshold: number;
  /** Failures within this many minutes of a thread's start go into that thread (ALERT_THREAD_MINUTES). */
  threadMinutes: number;
  /**
   * How long a watch lease lasts without renewal (WATCH_LEASE_SECONDS). A live replica renews its leases
   * every `heartbeatMs` however long its round takes, so this is only how soon a dead replica's
   * retrievers go to the others.
   */
  leaseMs: number;
  /** How often a replica renews its leases and marks its claims alive; a third of the lease. */
  heartbeatMs: number;
  /** How often the watcher looks for due watches; a watch is checked no later than this after it is due. */
  tickMs: number;
  /**
   * A claim whose holder showed no sign of life (claim, take-over, heartbeat) for this long is taken as
   * abandoned (its replica died between claim and post), looked for in Slack, and posted again if it is
   * not there. Twice the lease: many heartbeats, and far longer than a post dying with its process takes
   * to land, so a live replica is never doubled.
   */
  staleClaimMs: number;
  /** The first wait before a post Slack could not take (down, busy, timing out) is tried again; doubles. */
  slackRetryMinMs: number;
  /** The longest wait between tries while Slack is not taking posts. */
  slackRetryMaxMs: number;
  /** How long an alert waits for Slack before it is given up (from its first failed post). */
  slackRetryForMs: number;
  /**
   * How far behind the watermark a check still considers failures: a run that started before newer
   * failures but failed after them still gets its alert (claims make looking twice harmless).
   */
  lookbackMs: number;
  /**
   * How far ahead of our clock a run's `created_at` may be and still move the watermark. A run dated
   * later (9999-12-31, or an hour ahead) is alerted like any other, but the watermark stops at now plus
   * this, or every real failure after it would be hidden behind it.
   */
  clockSkewMs: number;
  /** Rows per page of the list behind "Failed runs" (PAGE_SIZE). */
  pageSize: number;
  /** Failures asked for per Mixpeek call. */
  listLimit: number;
  /** Most pages read per check; a burst beyond that is rolled up as "at least N". */
  maxPages: number;
  maxWatchesPerRound: number;
  /** Failed checks in a row before subscribers are told once. */
  errorsBeforeNotice: number;
  /** Longest wait between checks of a failing retriever. */
  maxBackoffMs: number;
  /**
   * Claims per alert (its first claim plus take-overs after a crash) before it is marked failed: a post
   * that crashes the process every time must not crash it forever. Failed posts the holder retries
   * itself (Slack down) are not counted here; `slackRetryForMs` bounds them.
   */
  maxAttempts: number;
  /** Failures named in a roll-up message. */
  rollupListed: number;
  /** Finished alerts are deleted this long after they finished. */
  keepAlertsMs: number;
}

const MINUTE_MS = 60_000;
/** WATCH_LEASE_SECONDS' default: short, since leases are renewed while a round runs, whatever it takes. */
export const DEFAULT_LEASE_MS = 30_000;

export function watcherSettings(
  tuned: Pick<WatcherSettings, "intervalMs"> & Partial<WatcherSettings>,
): WatcherSettings {
  const { intervalMs } = tuned;
  const leaseMs = tuned.leaseMs ?? DEFAULT_LEASE_MS;
  return {
    concurrency: 8,
    rollupThreshold: 5,
    threadMinutes: 60,
    leaseMs,
    heartbeatMs: Math.max(100, Math.floor(leaseMs / 3)),
    // Half an interval: a dead replica's retrievers are picked up soon after its leases run out.
    tickMs: Math.max(50, Math.min(intervalMs / 2, 10_000)),
    staleClaimMs: 2 * leaseMs,
    slackRetryMinMs: 2_000,
    slackRetryMaxMs: 5 * MINUTE_MS,
    slackRetryForMs: 24 * 60 * MINUTE_MS,
    lookbackMs: 15 * MINUTE_MS,
    clockSkewMs: MINUTE_MS,
    pageSize: 10,
    listLimit: 50,
    maxPages: 5,
    maxWatchesPerRound: 200,
    errorsBeforeNotice: 3,
    maxBackoffMs: 10 * MINUTE_MS,
    maxAttempts: 5,
    rollupListed: 5,
    keepAlertsMs: 30 * 24 * 60 * MINUTE_MS,
    ...tuned,
  };
}

export function watcherSettingsFromConfig(config: Config): WatcherSettings {
  const { watcher } = config;
  const leaseMs = watcher.leaseSeconds === undefined ? undefined : watcher.leaseSeconds * 1000;
  return watcherSettings({
    intervalMs: watcher.intervalSeconds * 1000,
    concurrency: watcher.concurrency,
    rollupThreshold: watcher.rollupThreshold,
    threadMinutes: watcher.threadMinutes,
    pageSize: config.pageSize,
    ...(leaseMs === undefined ? {} : { leaseMs }),
  });
}
