import { describe, expect, it } from "vitest";
import { watcherSettings, watcherSettingsFromConfig } from "../../../../src/alerts/watcher/settings.js";
import { loadConfig } from "../../../../src/config.js";

const env = {
  SLACK_BOT_TOKEN: "xoxb-1",
  SLACK_SIGNING_SECRET: "secret",
  MIXPEEK_API_KEY: "sk_1",
  MIXPEEK_NAMESPACE: "demo",
};

describe("watcher settings", () => {
  it("takes the tunable numbers from the environment", () => {
    const settings = watcherSettingsFromConfig(
      loadConfig({
        ...env,
        WATCH_INTERVAL_SECONDS: "30",
        WATCH_CONCURRENCY: "3",
        ALERT_ROLLUP_THRESHOLD: "7",
        ALERT_THREAD_MINUTES: "90",
        PAGE_SIZE: "15",
      }),
    );
    expect(settings).toMatchObject({
      intervalMs: 30_000,
      concurrency: 3,
      rollupThreshold: 7,
      threadMinutes: 90,
      pageSize: 15,
    });
  });

  it("defaults to the documented values, with a lease longer than any round", () => {
    const settings = watcherSettingsFromConfig(loadConfig(env));
    expect(settings).toMatchObject({
      intervalMs: 60_000,
      concurrency: 8,
      rollupThreshold: 5,
      threadMinutes: 60,
    });
    expect(settings.leaseMs).toBeGreaterThanOrEqual(3 * settings.intervalMs);
    expect(settings.staleClaimMs).toBeGreaterThan(settings.tickMs);
    expect(watcherSettings({ intervalMs: 3_600_000 }).tickMs).toBe(10_000);
  });

  it("takes the lease from WATCH_LEASE_SECONDS, and takes over a dead replica's claims after two leases", () => {
    const settings = watcherSettingsFromConfig(loadConfig({ ...env, WATCH_LEASE_SECONDS: "3" }));
    expect(settings).toMatchObject({ leaseMs: 3_000, staleClaimMs: 6_000 });
    const defaults = watcherSettingsFromConfig(loadConfig(env));
    expect(defaults).toMatchObject({ leaseMs: 300_000, staleClaimMs: 600_000 });
    expect(() => loadConfig({ ...env, WATCH_LEASE_SECONDS: "0" })).toThrow(/WATCH_LEASE_SECONDS is invalid/);
  });
});
