/**
 * Threshold rules (issue 16): `when:failure-rate>5%` and `when:p95>800ms` fire once when the figure
 * crosses, hold while it hovers between the recovery level (80% of the threshold) and the threshold, and
 * recover below it; windows with fewer than `min-runs` runs are not judged; a rule that cannot be judged
 * says so on the subscription, not in the channel. Each figure is read once per round however many
 * channels hold rules on it.
 */
import { describe, expect, it } from "vitest";
import type { RuleSpec } from "../../../src/alerts/store/index.js";
import { textOf } from "../../helpers/blocks.js";
import {
  ALERTS,
  describeEachBackend,
  freshWatcherHarness,
  GENERAL,
  MINUTE,
  posted,
  TEAM,
  type WatcherHarness,
  watcherBackends,
} from "../alerts/harness.js";

let h: WatcherHarness;

const backends = await watcherBackends();
const RETRIEVER = "checkout-search";
const RATE: RuleSpec = { metric: "failure_rate", threshold: 5, windowMs: 15 * MINUTE, minRuns: 10 };
const P95: RuleSpec = { metric: "p95", threshold: 800, windowMs: 15 * MINUTE, minRuns: 10 };

async function subscribeRule(rule: RuleSpec, options: { channel?: string; failureAlerts?: boolean } = {}) {
  const known = h.sim.retrievers("demo").find((r) => r.retriever_name === RETRIEVER);
  if (!known) h.sim.addRetriever("demo", RETRIEVER);
  const { subscription } = await h.store.subscribe({
    teamId: TEAM,
    channelId: options.channel ?? ALERTS,
    namespace: "demo",
    retrieverId: h.retrieverId(RETRIEVER),
    retrieverName: RETRIEVER,
    mention: "<@U0DEVUSER>",
    createdBy: "U0DEVUSER",
    now: h.clock.now(),
    failureAlerts: options.failureAlerts ?? false,
  });
  const { rule: added } = await h.store.addRule(subscription.id, rule, "U0DEVUSER", h.clock.now());
  return { subscription, rule: added };
}

/** `count` finished runs spread over the last 10 minutes, the newest `failed` of them failed. */
function runs(count: number, options: { failed?: number; durationMs?: number } = {}) {
  const now = h.clock.now().getTime();
  for (let i = 0; i < count; i++) {
    h.sim.addExecution("demo", RETRIEVER, {
      status: i >= count - (options.failed ?? 0) ? "failed" : "completed",
      created_at: new Date(now - 10 * MINUTE + Math.floor((i * 9 * MINUTE) / count)),
      ...(options.durationMs === undefined ? {} : { duration_ms: options.durationMs }),
    });
  }
}

/** Lets every run so far leave the rule's window. */
function nextWindow() {
  h.clock.advance(16 * MINUTE);
}

describeEachBackend(backends, (backend) => {
  freshWatcherHarness(backend, (next) => {
    h = next;
  });

  describe("a failure-rate rule", () => {
    it("fires once with the numbers, holds at the line, and recovers below 80% of it", async () => {
      await subscribeRule(RATE);
      const watcher = h.watcher();
      h.clock.advance(10 * MINUTE);
      runs(92, { failed: 7 });
      await watcher.runRound();
      const [alert, ...rest] = posted(h);
      expect(rest).toEqual([]);
      const text = textOf(alert?.blocks);
      expect(text).toContain("<@U0DEVUSER>");
      expect(text).toContain("*failure rate above 5% over 15 min*");
      expect(text).toContain("7 of 92 runs failed in the last 15 min (7.6%)");
      expect(alert?.metadata?.event_type).toBe("executions_bot_alert");

      // Still above: nothing new.
      h.clock.advance(MINUTE);
      await watcher.runRound();
      expect(posted(h)).toHaveLength(1);

      // 4.5%: under the threshold but above 4%, so it does not recover (and cannot flap).
      nextWindow();
      runs(200, { failed: 9 });
      await watcher.runRound();
      nextWindow();
      runs(100, { failed: 6 });
      await watcher.runRound();
      expect(posted(h)).toHaveLength(1);
      expect(posted(h)[0]?.edited).toBe(0);

      nextWindow();
      runs(100, { failed: 3 });
      await watcher.runRound();
      const replies = posted(h).filter((m) => m.thread_ts === alert?.ts);
      expect(replies).toHaveLength(1);
      expect(textOf(replies[0]?.blocks)).toContain("Back under the threshold at <!date^");
      expect(textOf(replies[0]?.blocks)).toContain("3 of 100 runs failed in the last 15 min (3%), below 4%");
      const edited = posted(h).find((m) => m.ts === alert?.ts);
      expect(edited?.edited).toBe(1);
      expect(textOf(edited?.blocks?.slice(0, 1))).toContain(":white_check_mark: *Recovered at <!date^");
      expect(textOf(edited?.blocks)).toContain("7 of 92 runs failed");
      expect(textOf(edited?.blocks)).not.toContain("<@U0DEVUSER>");

      // Crossing again is a new incident: a new top-level alert.
      nextWindow();
      runs(50, { failed: 10 });
      await watcher.runRound();
      const newest = posted(h).at(-1);
      expect(newest?.thread_ts).toBeUndefined();
      expect(newest?.ts).not.toBe(alert?.ts);
      expect(textOf(newest?.blocks)).toContain("10 of 50 runs failed in the last 15 min (20%)");
    });

    it("does not judge a window with fewer runs than min-runs", async () => {
      const { rule } = await subscribeRule(RATE);
      const watcher = h.watcher();
      h.clock.advance(10 * MINUTE);
      runs(9, { failed: 9 });
      await watcher.runRound();
      expect(posted(h)).toEqual([]);

      await h.store.removeRule(rule.id);
      await subscribeRule({ ...RATE, minRuns: 5 });
      h.clock.advance(MINUTE);
      await watcher.runRound();
      expect(textOf(posted(h)[0]?.blocks)).toContain("9 of 9 runs failed");
    });
  });

  describe("a p95 latency rule", () => {
    it("fires, holds between 640 and 800 ms, and recovers below", async () => {
      await subscribeRule(P95);
      const watcher = h.watcher();
      h.clock.advance(10 * MINUTE);
      runs(20, { durationMs: 1240 });
      await watcher.runRound();
      const [alert] = posted(h);
      expect(textOf(alert?.blocks)).toContain("p95 latency 1,240 ms over 20 runs in the last 15 min");

      nextWindow();
      runs(20, { durationMs: 700 });
      await watcher.runRound();
      expect(posted(h)).toHaveLength(1);

      nextWindow();
      runs(20, { durationMs: 450 });
      await watcher.runRound();
      const reply = posted(h).find((m) => m.thread_ts === alert?.ts);
      expect(textOf(reply?.blocks)).toContain(
        "p95 latency 450 ms over 20 runs in the last 15 min, below 640 ms",
      );
      expect(
        textOf(
          posted(h)
            .find((m) => m.ts === alert?.ts)
            ?.blocks?.slice(0, 1),
        ),
      ).toContain("Recovered at");
    });

    it("that cannot be read says so once on the subscription, never in the channel", async () => {
      const { rule } = await subscribeRule(P95);
      const watcher = h.watcher();
      h.clock.advance(10 * MINUTE);
      runs(20, { durationMs: 1240 });
      h.sim.injectFault({ kind: "status", status: 503, only: "getRetrieverPerformance", times: 100 });
      await watcher.runRound();
      h.clock.advance(MINUTE);
      await watcher.runRound();
      expect(posted(h)).toEqual([]);
      const [noted] = await h.store.listRules([rule.subscriptionId]);
      expect(noted?.problem).toBe("Mixpeek's analytics are not answering");
      const notedAt = noted?.problemAt;
      expect(h.logs.filter((line) => line.includes("threshold rule cannot be judged"))).toHaveLength(1);

      h.sim.clearFaults();
      h.clock.advance(MINUTE);
      await watcher.runRound();
      const [cleared] = await h.store.listRules([rule.subscriptionId]);
      expect(cleared?.problem).toBeNull();
      expect(notedAt).not.toBeNull();
      expect(textOf(posted(h)[0]?.blocks)).toContain("p95 latency 1,240 ms");
    });
  });

  describe("several rules on one retriever in one channel", () => {
    it("fire side by side with the failure alerts, each figure read once for every channel", async () => {
      const { subscription } = await subscribeRule(RATE, { failureAlerts: true });
      await h.store.addRule(subscription.id, P95, "U0DEVUSER", h.clock.now());
      await subscribeRule(P95, { channel: GENERAL });
      const watcher = h.watcher();
      h.clock.advance(10 * MINUTE);
      runs(40, { failed: 1, durationMs: 2000 });
      h.sim.resetCalls();
      await watcher.runRound();

      // #alerts: the failed run and the latency (2.5% of runs failed: under the rate's threshold).
      const texts = posted(h, ALERTS).map((m) => textOf(m.blocks));
      expect(texts).toEqual([
        expect.stringContaining(`${RETRIEVER}\` failed in namespace`),
        expect.stringContaining("p95 latency 2,000 ms over 40 runs"),
      ]);
      expect(posted(h, GENERAL).map((m) => textOf(m.blocks))).toEqual([
        expect.stringContaining("p95 latency 2,000 ms over 40 runs"),
      ]);
      expect(h.sim.callCount("getRetrieverPerformance")).toBe(1);

      // 7 of 50 now: the failure-rate rule fires too, in a message of its own.
      h.clock.advance(MINUTE);
      runs(10, { failed: 6, durationMs: 2000 });
      await watcher.runRound();
      const rate = posted(h, ALERTS).filter((m) => textOf(m.blocks).includes("7 of 50 runs failed"));
      expect(rate).toHaveLength(1);
      expect(rate[0]?.thread_ts).toBeUndefined();
      expect(posted(h, GENERAL)).toHaveLength(1);
      expect(h.sim.callCount("getRetrieverPerformance")).toBe(2);
    });
  });
});
