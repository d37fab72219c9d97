import { describe, expect, it } from "vitest";
import { watcherSettings, watcherSettingsFromConfig } from "../../../src/alerts/watcher/settings.js";
import { loadConfig } from "../../../src/config.js";

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
});
