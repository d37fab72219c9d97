/** The alert feature's parts in /healthz: the database answers, and the watcher is still going round. */
import type { HealthCheck } from "../http/health.js";
import type { AlertStore } from "./store/index.js";
import type { WatcherHealth } from "./watcher/index.js";

export function databaseHealthCheck(store: Pick<AlertStore, "ping">): HealthCheck {
  return {
    name: "database",
    async check() {
      await store.ping();
      return null;
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
      if (ageMs <= 3 * options.intervalMs) return null;
      const seconds = Math.round(ageMs / 1000);
      return lastRoundAt === null
        ? `no round finished in the ${seconds} s since start`
        : `last round finished ${seconds} s ago`;
    },
  };
}
