/**
 * Slack down while failures happen: the stand-in answers every chat.* call with HTTP 503 (or a Slack error
 * code) until the test ends the outage. Time is the harness's clock, stepped a second (or a minute) at a
 * time with a round after each step, as the watcher's ticks would run them; so "within 30 s of Slack's
 * return" is read on that clock, and an hour-long outage takes a moment.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { type AlertWatcher, watcherSettings } from "../../../src/alerts/watcher/index.js";
import { createMetrics } from "../../../src/observability/metrics.js";
import { textOf } from "../../helpers/blocks.js";
import {
  describeEachBackend,
  MINUTE,
  posted,
  SECOND,
  startWatcherHarness,
  type WatcherHarness,
  watcherBackends,
} from "./harness.js";

let h: WatcherHarness;
const backends = await watcherBackends();

/** The interval of the report; the lease and everything else are the defaults. */
const INTERVAL = 2 * SECOND;

const mentioning = (id: string) => posted(h).filter((m) => `${m.text}\n${textOf(m.blocks)}`.includes(id));

/** Moves the clock by `stepMs` and runs a round, until `done` holds or `limitMs` has passed. */
async function stepUntil(
  watcher: AlertWatcher,
  stepMs: number,
  limitMs: number,
  done: () => boolean,
): Promise<number> {
  const from = h.clock.now().getTime();
  while (!done() && h.clock.now().getTime() - from < limitMs) {
    h.clock.advance(stepMs);
    await watcher.runRound();
  }
  return h.clock.now().getTime() - from;
}

async function alertOf(executionId: string) {
  const [row] = await h.database.query<{ id: number | string }>(
    `select id from alerts where execution_id = '${executionId}'`,
  );
  return h.store.getAlert(Number(row?.id));
}

describeEachBackend(backends, (backend) => {
  beforeEach(async () => {
    h = await startWatcherHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  function outageWatcher() {
    return h.watcher({
      settings: watcherSettings({ intervalMs: INTERVAL, pageSize: 10, tickMs: 20 }),
      metrics: createMetrics({ defaultMetrics: false }),
    });
  }

  it("a failure during a 45-s outage is posted within 30 s of Slack's return, once", async () => {
    await h.subscribe();
    const metrics = createMetrics({ defaultMetrics: false });
    const watcher = h.watcher({
      settings: watcherSettings({ intervalMs: INTERVAL, pageSize: 10, tickMs: 20 }),
      metrics,
    });
    h.clock.advance(SECOND);
    await watcher.runRound();

    h.slack.setOutage("chat.", { status: 503 });
    const down = h.clock.now();
    await stepUntil(watcher, SECOND, 10 * SECOND, () => false);
    const run = h.sim.failNow("demo", "product-search");
    await stepUntil(watcher, SECOND, 35 * SECOND, () => false);
    expect(h.clock.now().getTime() - down.getTime()).toBe(45 * SECOND);

    // Down, but not unhealthy: the watcher says since when, and counts what waits.
    expect(mentioning(run.execution_id)).toEqual([]);
    const health = watcher.health();
    expect(health.slackUnreachable?.lastCode).toBe("slack_webapi_http_error");
    expect(health.slackUnreachable?.since.getTime()).toBeGreaterThanOrEqual(down.getTime());
    expect(health.alertsWaiting).toBe(1);
    const scraped = (await metrics.render()).body;
    expect(scraped).toMatch(/^executions_bot_alerts_waiting 1$/m);
    expect(scraped).toMatch(/^executions_bot_slack_unreachable_since_timestamp_seconds [1-9]/m);
    expect(await alertOf(run.execution_id)).toMatchObject({ state: "claimed", attempts: 1 });

    h.slack.setOutage("chat.", null);
    const tookMs = await stepUntil(
      watcher,
      SECOND,
      60 * SECOND,
      () => mentioning(run.execution_id).length > 0,
    );
    expect(tookMs).toBeLessThanOrEqual(30 * SECOND);

    // Once, even as rounds go on.
    await stepUntil(watcher, SECOND, 10 * SECOND, () => false);
    expect(mentioning(run.execution_id)).toHaveLength(1);
    expect(await alertOf(run.execution_id)).toMatchObject({ state: "sent", attempts: 1 });
    expect(watcher.health()).toMatchObject({ slackUnreachable: null, alertsWaiting: 0 });
    expect((await metrics.render()).body).toMatch(/^executions_bot_alerts_waiting 0$/m);
    expect(h.logs.filter((line) => line.includes("Slack is taking alert posts again"))).toHaveLength(1);
  });

  it("an outage of an hour gives no alert up, tries Slack with backoff, then rolls the waiting ones up", async () => {
    await h.subscribe();
    const watcher = outageWatcher();
    h.clock.advance(SECOND);
    await watcher.runRound();

    h.slack.setOutage("chat.", "service_unavailable");
    const down = h.clock.now();
    const runs = [];
    for (let i = 0; i < 8; i++) {
      runs.push(h.sim.failNow("demo", "product-search"));
      await stepUntil(watcher, MINUTE, 7 * MINUTE, () => false);
    }
    await stepUntil(watcher, MINUTE, 5 * MINUTE, () => false);
    // An hour (and a little) down: every failure still waits, none is given up.
    expect(h.clock.now().getTime() - down.getTime()).toBeGreaterThan(60 * MINUTE);
    const alerts = await Promise.all(runs.map((run) => alertOf(run.execution_id)));
    expect(alerts.map((alert) => alert?.state)).toEqual(runs.map(() => "claimed"));
    expect(alerts.every((alert) => alert?.waitingSince !== null)).toBe(true);
    // Backoff: far fewer tries than rounds (61), each try being the client's three calls.
    const tries = h.slack.apiCalls("chat.postMessage").length / 3;
    expect(tries).toBeLessThan(30);

    h.slack.setOutage("chat.", null);
    // The next try comes at most the longest wait (5 minutes) later.
    const tookMs = await stepUntil(watcher, 5 * SECOND, 6 * MINUTE, () => posted(h).length > 0);
    expect(tookMs).toBeLessThanOrEqual(5 * MINUTE + 5 * SECOND);
    await stepUntil(watcher, SECOND, 10 * SECOND, () => false);

    // All eight that waited, in one roll-up.
    const messages = posted(h);
    expect(messages).toHaveLength(1);
    const rollup = messages[0];
    expect(textOf(rollup?.blocks)).toContain("8 failures");
    const after = await Promise.all(runs.map((run) => alertOf(run.execution_id)));
    expect(after.map((alert) => alert?.state)).toEqual(runs.map(() => "rolled_up"));
    expect(after.every((alert) => alert?.messageTs === rollup?.ts)).toBe(true);
  }, 60_000);

  it("new failures in a channel with alerts waiting queue behind them, and go out oldest first", async () => {
    await h.subscribe();
    const watcher = outageWatcher();
    h.clock.advance(SECOND);
    await watcher.runRound();

    h.slack.setOutage("chat.", { status: 503 });
    const first = h.sim.failNow("demo", "product-search");
    await stepUntil(watcher, SECOND, 3 * SECOND, () => false);
    const second = h.sim.failNow("demo", "product-search");
    await stepUntil(watcher, SECOND, 3 * SECOND, () => false);
    h.slack.setOutage("chat.", null);
    await stepUntil(watcher, SECOND, 60 * SECOND, () => mentioning(second.execution_id).length > 0);

    const order = posted(h).map((m) => textOf(m.blocks));
    const firstAt = order.findIndex((text) => text.includes(first.execution_id));
    const secondAt = order.findIndex((text) => text.includes(second.execution_id));
    expect(firstAt).toBeGreaterThanOrEqual(0);
    expect(secondAt).toBeGreaterThan(firstAt);
    expect(mentioning(first.execution_id)).toHaveLength(1);
  });

  it.each(["invalid_auth", "account_inactive", "token_revoked", "channel_not_found"])(
    "%s marks the subscription broken at once, and the alert failed",
    async (code) => {
      const sub = await h.subscribe();
      const watcher = outageWatcher();
      h.clock.advance(SECOND);
      const run = h.sim.failNow("demo", "product-search");
      h.slack.failNext("chat.postMessage", code);
      await watcher.runRound();

      expect((await h.store.getSubscription(sub.id))?.brokenReason).toBe(code);
      expect(await alertOf(run.execution_id)).toMatchObject({ state: "failed", lastError: code });
      expect(watcher.health().slackUnreachable).toBeNull();
    },
  );
});
