import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  databaseHealthCheck,
  slackHealthCheck,
  watcherHealthCheck,
} from "../../../src/alerts/health-checks.js";
import { openStore } from "../../../src/alerts/store/index.js";
import type { WatcherHealth } from "../../../src/alerts/watcher/index.js";
import { runHealthChecks } from "../../../src/http/health.js";

const MINUTE = 60_000;
const start = new Date("2025-03-01T12:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);

function watcherAt(lastRoundAt: Date | null): { health(): WatcherHealth } {
  return {
    health: () => ({ lastRoundAt, retrieversWatched: 1, upstreamErrors: 0, lastError: null, pace: null }),
  };
}

describe("watcherHealthCheck", () => {
  it("is healthy while the last round is at most three intervals old", async () => {
    const check = watcherHealthCheck(watcherAt(at(0)), {
      now: () => at(3 * MINUTE),
      intervalMs: MINUTE,
      startedAt: start,
    });
    expect(await check.check()).toBeNull();
  });

  it("says how long ago the last round was once it is older", async () => {
    const check = watcherHealthCheck(watcherAt(at(0)), {
      now: () => at(4 * MINUTE),
      intervalMs: MINUTE,
      startedAt: start,
    });
    expect(await check.check()).toBe("last round finished 240 s ago");
  });

  it("gives a fresh start three intervals before its first round must have finished", async () => {
    const options = { intervalMs: MINUTE, startedAt: start };
    expect(
      await watcherHealthCheck(watcherAt(null), { ...options, now: () => at(MINUTE) }).check(),
    ).toBeNull();
    expect(await watcherHealthCheck(watcherAt(null), { ...options, now: () => at(5 * MINUTE) }).check()).toBe(
      "no round finished in the 300 s since start",
    );
  });
});

describe("databaseHealthCheck", () => {
  it("is healthy while the store answers, and down once it does not", async () => {
    const dir = await mkdtemp(join(tmpdir(), "executions-bot-health-"));
    try {
      const store = await openStore(`sqlite:${join(dir, "health.db")}`);
      const check = databaseHealthCheck(store);
      expect(await runHealthChecks([check])).toEqual({ ok: true, checks: { database: { ok: true } } });
      await store.close();
      const report = await runHealthChecks([check]);
      expect(report.ok).toBe(false);
      expect(report.checks.database?.ok).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("slackHealthCheck", () => {
  const base = { lastRoundAt: null, retrieversWatched: 1, upstreamErrors: 0, lastError: null, pace: null };

  it("stays healthy while Slack is down, and says since when and how many alerts wait", async () => {
    const since = new Date("2025-03-01T12:00:00.000Z");
    const check = slackHealthCheck({
      health: () => ({
        ...base,
        slackUnreachable: { since, lastCode: "service_unavailable" },
        alertsWaiting: 3,
      }),
    });
    const report = await runHealthChecks([check]);
    expect(report.ok).toBe(true);
    expect(report.checks.slack).toMatchObject({
      ok: true,
      details: { unreachableSince: since.toISOString(), lastCode: "service_unavailable", alertsWaiting: 3 },
    });
  });

  it("says nothing more while Slack takes posts", async () => {
    const report = await runHealthChecks([
      slackHealthCheck({ health: () => ({ ...base, slackUnreachable: null }) }),
    ]);
    expect(report.checks.slack).toEqual({ ok: true });
  });
});
