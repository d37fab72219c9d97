/** New failures become alerts: once each, never for older runs, one Mixpeek list call per retriever. */

import { describe, expect, it } from "vitest";
import { watcherSettings } from "../../../src/alerts/watcher/index.js";
import { decodeSubscriptionRef } from "../../../src/subscriptions/subscription-ref.js";
import { ALERT_ACTION_IDS } from "../../../src/views/alerts/alert-actions.js";
import { button, textOf } from "../../helpers/blocks.js";
import {
  ALERTS,
  describeEachBackend,
  freshWatcherHarness,
  GENERAL,
  MINUTE,
  posted,
  SECOND,
  type WatcherHarness,
  watcherBackends,
} from "./harness.js";

let h: WatcherHarness;

const backends = await watcherBackends();

describeEachBackend(backends, (backend) => {
  freshWatcherHarness(backend, (next) => {
    h = next;
  });

  describe("a new failure", () => {
    it("is posted once, with why it failed, and the alert is marked sent", async () => {
      const sub = await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(5 * SECOND);
      const run = h.sim.failNow("demo", "product-search", {
        error: "Upstream embedding service timed out after 30000 ms",
        stage: "rerank",
        query_summary: "<!channel> flash sale & more",
      });
      h.clock.advance(5 * SECOND);

      const report = await watcher.runRound();
      expect(report.checked).toBe(1);
      expect(report.alerts.posted).toBe(1);
      const [message, ...rest] = posted(h);
      expect(rest).toEqual([]);
      const text = textOf(message?.blocks);
      expect(text).toContain("<@U0DEVUSER>");
      expect(text).toContain(run.execution_id);
      expect(text).toContain("*Failed at stage* `rerank`");
      expect(text).toContain("Upstream embedding service timed out after 30000 ms");
      expect(text).toContain("&lt;!channel&gt; flash sale &amp; more");
      expect(JSON.stringify(message)).not.toContain("<!channel>");
      expect(message?.text).toContain(
        "Retriever product-search failed: Upstream embedding service timed out",
      );
      expect(button(message?.blocks, ALERT_ACTION_IDS.failedRuns)).toBeDefined();
      expect(decodeSubscriptionRef(button(message?.blocks, ALERT_ACTION_IDS.mute1h)?.value)).toBe(sub.id);

      h.clock.advance(2 * MINUTE);
      const again = await watcher.runRound();
      expect(again.checked).toBe(1);
      expect(posted(h)).toHaveLength(1);
      const watch = await h.store.getWatch(sub);
      expect(watch?.watermark.getTime()).toBeGreaterThanOrEqual(Date.parse(run.created_at));
      expect(watch?.leaseOwner).toBeNull();
      expect(
        h.logs.some((line) => line.includes('"outcome":"posted"') && line.includes(run.execution_id)),
      ).toBe(true);
    });

    it("is not posted when it is older than the subscription", async () => {
      const old = h.sim.failNow("demo", "product-search", {
        created_at: new Date(h.clock.now().getTime() - SECOND),
      });
      await h.subscribe();
      h.clock.advance(MINUTE);
      const report = await h.watcher().runRound();
      expect(report.checked).toBe(1);
      expect(posted(h)).toEqual([]);
      expect(JSON.stringify(h.slack.apiCalls())).not.toContain(old.execution_id);
    });

    it("costs one list call per retriever per round, however many channels subscribe", async () => {
      await h.subscribe({ channel: ALERTS });
      await h.subscribe({ channel: GENERAL });
      await h.subscribe({ channel: GENERAL, retriever: "video-moments" });
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      const run = h.sim.failNow("demo", "product-search");
      h.sim.resetCalls();

      await watcher.runRound();
      const lists = h.sim.calls().filter((call) => call.kind === "listExecutions");
      expect(lists.map((call) => call.retriever).sort()).toEqual(
        [h.retrieverId("product-search"), h.retrieverId("video-moments")].sort(),
      );
      // The detail is fetched once for both channels.
      expect(h.sim.callCount("getExecution")).toBe(1);
      expect(textOf(posted(h, ALERTS)[0]?.blocks)).toContain(run.execution_id);
      expect(textOf(posted(h, GENERAL)[0]?.blocks)).toContain(run.execution_id);
      expect(h.slack.messages()).toHaveLength(2);
    });

    it("still goes out, a little shorter, when Mixpeek won't say why it failed", async () => {
      await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      const run = h.sim.failNow("demo", "product-search", { error: "secret reason" });
      h.sim.injectFault({ kind: "status", status: 503, only: "getExecution", times: 20 });

      await watcher.runRound();
      const [message] = posted(h);
      const text = textOf(message?.blocks);
      expect(text).toContain(run.execution_id);
      expect(text).not.toContain("secret reason");
      expect(text).toContain("couldn't be loaded");
      expect(message?.text).toBe("<@U0DEVUSER> Retriever product-search failed.");
    });
  });

  describe("many failures at once", () => {
    it("become one roll-up message above the threshold", async () => {
      const sub = await h.subscribe();
      const watcher = h.watcher();
      const runs = Array.from({ length: 12 }, () => {
        h.clock.advance(SECOND);
        return h.sim.failNow("demo", "product-search");
      });
      h.sim.resetCalls();

      const report = await watcher.runRound();
      expect(report.alerts.rolled_up).toBe(12);
      const [message, ...rest] = posted(h);
      expect(rest).toEqual([]);
      expect(message?.text).toBe("<@U0DEVUSER> 12 failures of product-search since 12:00 UTC");
      const text = textOf(message?.blocks);
      expect(text).toContain(runs[0]?.execution_id);
      expect(text).toContain(runs[4]?.execution_id);
      expect(text).not.toContain(runs[5]?.execution_id);
      expect(text).toContain("…and 7 failures more");
      // A roll-up lists runs from the list call alone: no detail call per failure.
      expect(h.sim.callCount("getExecution")).toBe(0);
      const alerts = await h.store.listUnfinishedClaims(h.clock.advance(MINUTE));
      expect(alerts).toEqual([]);
      expect(await h.store.getThread(sub.id)).toBeNull();
    });

    it("are read page by page only while a whole page is new, and bounded", async () => {
      await h.subscribe({ channel: ALERTS });
      await h.subscribe({ channel: GENERAL });
      const settings = watcherSettings({ intervalMs: MINUTE, maxPages: 2, listLimit: 25 });
      const watcher = h.watcher({ settings });
      for (let i = 0; i < 40; i++) {
        h.clock.advance(SECOND);
        h.sim.failNow("demo", "product-search");
      }
      h.sim.resetCalls();
      await watcher.runRound();
      // 25 new, then 15 new and older ones: the second page is the last.
      expect(h.sim.callCount("listExecutions")).toBe(2);
      expect(posted(h, ALERTS)[0]?.text).toContain("40 failures of product-search");

      // Quiet now: one call per round for failures, and one for a completed run while the incident the
      // burst opened lasts (it would end it, issue 16).
      h.sim.resetCalls();
      h.clock.advance(2 * MINUTE);
      await watcher.runRound();
      expect(h.sim.callCount("listExecutions")).toBe(2);

      // A burst past what two pages hold is told as "at least".
      for (let i = 0; i < 60; i++) {
        h.clock.advance(SECOND);
        h.sim.failNow("demo", "product-search");
      }
      h.clock.advance(2 * MINUTE);
      await watcher.runRound();
      expect(posted(h, GENERAL).at(-1)?.text).toContain("at least 50 failures of product-search");
    });

    it("up to the threshold go into one thread whose parent shows the running count", async () => {
      const sub = await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      h.sim.failNow("demo", "product-search");
      await watcher.runRound();
      const [parent] = posted(h);
      expect(parent?.thread_ts).toBeUndefined();

      h.clock.advance(2 * MINUTE);
      const later = [0, 1].map(() => {
        h.clock.advance(SECOND);
        return h.sim.failNow("demo", "product-search");
      });
      h.clock.advance(SECOND);
      const report = await watcher.runRound();
      expect(report.alerts.threaded).toBe(2);
      const replies = posted(h).filter((m) => m.thread_ts === parent?.ts);
      expect(replies.map((m) => textOf(m.blocks))).toEqual([
        expect.stringContaining(later[0]?.execution_id ?? "?"),
        expect.stringContaining(later[1]?.execution_id ?? "?"),
      ]);
      // Replies don't ping again; the parent already did.
      expect(replies.every((m) => !JSON.stringify(m.blocks).includes("<@U0DEVUSER>"))).toBe(true);
      const edited = posted(h).find((m) => m.ts === parent?.ts);
      expect(edited?.edited).toBe(1);
      expect(textOf(edited?.blocks)).toContain("3 failures in the last hour");
      expect(h.slack.apiCalls("chat.update")).toHaveLength(1);
      expect((await h.store.getThread(sub.id))?.failureCount).toBe(3);

      // After the thread window a failure starts a new thread.
      h.clock.advance(61 * MINUTE);
      h.sim.failNow("demo", "product-search");
      h.clock.advance(SECOND);
      await watcher.runRound();
      const newest = posted(h).at(-1);
      expect(newest?.thread_ts).toBeUndefined();
      expect(newest?.ts).not.toBe(parent?.ts);
    });
  });
});
