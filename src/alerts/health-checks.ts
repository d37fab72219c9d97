/** The alert feature's parts in /healthz: the database answers, and the watcher is still going round. */
import type { HealthCheck } from "../http/health.js";
import type { AlertStore } from "./store/index.js";
import { SqliteFileError } from "./store/sqlite-file.js";
import type { WatcherHealth } from "./watcher/index.js";

/**
 * The reason names what is wrong in the bot's words, never the driver's message: /healthz may be
 * reachable from outside, and "connect ECONNREFUSED 10.0.3.7:5432" would tell anyone where the
 * database lives. The full error goes to the log.
 */
export function databaseHealthCheck(
  store: Pick<AlertStore, "ping">,
  logger?: { warn(details: object, message?: string): void },
): HealthCheck {
  return {
    name: "database",
    async check() {
      try {
        await store.ping();
        return null;
      } catch (error) {
        if (error instanceof SqliteFileError) return error.message;
        logger?.warn({ err: error }, "the database did not answer the health check");
        const code = (error as { code?: unknown }).code;
        return `the database does not answer${typeof code === "string" && /^[A-Z0-9_]+$/.test(code) ? ` (${code})` : ""}`;
      }
    },
  };
}

export interface WatcherHealthOptions {
  now: () => Date;
  intervalMs: number;
  /** When the watcher started; before its first round, the grace period counts from here. */
  startedAt: Date;
}

/** Down when the last round is older than three intervals: the watcher is stuck or has died. */
export function watcherHealthCheck(
  watcher: { health(): WatcherHealth },
  options: WatcherHealthOptions,
): HealthCheck {
  return {
    name: "watcher",
    async check() {
      const { lastRoundAt } = watcher.health();
      const since = lastRoundAt ?? options.startedAt;
      const ageMs = options.now().getTime() - since.getTime();
      // A watcher paced by the request budget goes round as often as ever; only its checks are rarer.
      if (ageMs <= 3 * options.intervalMs) return null;
      const seconds = Math.round(ageMs / 1000);
      return lastRoundAt === null
        ? `no round finished in the ${seconds} s since start`
        : `last round finished ${seconds} s ago`;
    },
    details() {
      const { pace } = watcher.health();
      if (pace == null) return null;
      const seconds = (ms: number) => (Number.isFinite(ms) ? Math.round(ms / 1000) : null);
      return {
        intervalSeconds: seconds(pace.intervalMs),
        // null when the watcher has no share at all (a 429 cut the rate to the minimum).
        effectiveIntervalSeconds: seconds(pace.effectiveIntervalMs),
        stretchedByBudget: pace.effectiveIntervalMs > pace.intervalMs,
        mixpeekRequestsPerMinute: pace.maxPerMinute,
        mixpeekRequestsPerMinuteNow: pace.limitPerMinute,
        pausedUntil: pace.pausedUntil?.toISOString() ?? null,
      };
    },
  };
}

/**
 * Slack not taking alert posts is worth knowing but never makes the bot unhealthy: restarting every
 * replica because Slack is down helps nobody. The check stays ok and says since when, and how many
 * alerts wait.
 */
export function slackHealthCheck(watcher: { health(): WatcherHealth }): HealthCheck {
  return {
    name: "slack",
    async check() {
      return null;
    },
    details() {
      const { slackUnreachable, alertsWaiting = 0 } = watcher.health();
      if (!slackUnreachable) return null;
      const since = slackUnreachable.since.toISOString();
      return {
        note: `Slack has not taken alert posts since ${since} (${slackUnreachable.lastCode}); ${alertsWaiting} alert${alertsWaiting === 1 ? "" : "s"} waiting, tried again with backoff`,
        unreachableSince: since,
        lastCode: slackUnreachable.lastCode,
        alertsWaiting,
      };
    },
  };
}
