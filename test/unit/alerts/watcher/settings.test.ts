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

  it("defaults to the documented values: a short lease, renewed while a round runs", () => {
    const settings = watcherSettingsFromConfig(loadConfig(env));
    expect(settings).toMatchObject({
      intervalMs: 60_000,
      concurrency: 8,
      rollupThreshold: 5,
      threadMinutes: 60,
      leaseMs: 30_000,
      heartbeatMs: 10_000,
      staleClaimMs: 60_000,
    });
    expect(settings.heartbeatMs).toBeLessThan(settings.leaseMs);
    expect(settings.staleClaimMs).toBeGreaterThan(settings.tickMs);
    expect(watcherSettings({ intervalMs: 3_600_000 }).tickMs).toBe(10_000);
    // The lease does not grow with the interval: nothing depends on it outlasting a round.
    expect(watcherSettings({ intervalMs: 3_600_000 }).leaseMs).toBe(30_000);
  });

  it("retries posts Slack could not take from a few seconds, doubling, up to a few minutes, for a day", () => {
    const settings = watcherSettingsFromConfig(loadConfig(env));
    expect(settings.slackRetryMinMs).toBeLessThanOrEqual(5_000);
    expect(settings.slackRetryMaxMs).toBe(5 * 60_000);
    expect(settings.slackRetryForMs).toBeGreaterThanOrEqual(6 * 3_600_000);
  });

  it("takes the lease from WATCH_LEASE_SECONDS, and takes over a dead replica's claims after two leases", () => {
    const settings = watcherSettingsFromConfig(loadConfig({ ...env, WATCH_LEASE_SECONDS: "3" }));
    expect(settings).toMatchObject({ leaseMs: 3_000, heartbeatMs: 1_000, staleClaimMs: 6_000 });
    expect(() => loadConfig({ ...env, WATCH_LEASE_SECONDS: "0" })).toThrow(/WATCH_LEASE_SECONDS is invalid/);
  });
});
