/** When Mixpeek fails, when a retriever is gone, and when a channel muted its alerts. */
import { describe, expect, it } from "vitest";
import { textOf } from "../../helpers/blocks.js";
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

/** Long enough for any backoff to have run out. */
const AFTER_BACKOFF = 11 * MINUTE;

describeEachBackend(backends, (backend) => {
  freshWatcherHarness(backend, (next) => {
    h = next;
  });

  describe("Mixpeek failing", () => {
    it("backs off, tells each channel once after three failed checks, and once when it works again", async () => {
      const sub = await h.subscribe({ channel: ALERTS });
      await h.subscribe({ channel: GENERAL });
      const watcher = h.watcher();
      h.sim.injectFault({ kind: "status", status: 401, only: "listExecutions", times: 5 });

      const checks: number[] = [];
      for (let round = 1; round <= 5; round++) {
        h.clock.advance(AFTER_BACKOFF);
        const report = await watcher.runRound();
        checks.push(report.upstreamErrors);
        const notices = h.slack.messages().length;
        expect(notices).toBe(round < 3 ? 0 : 2);
      }
      expect(checks).toEqual([1, 1, 1, 1, 1]);
      for (const channel of [ALERTS, GENERAL]) {
        const [notice] = posted(h, channel);
        expect(notice?.text).toBe("Can't check product-search for failures: Mixpeek rejected the API key.");
        expect(textOf(notice?.blocks)).toContain("MIXPEEK_API_KEY");
      }
      const failing = await h.store.getWatch(sub);
      expect(failing).toMatchObject({ errorCount: 5, lastErrorKind: "auth", noticeSent: true });
      // Exponential, capped at 10 minutes.
      expect(failing!.nextAttemptAt.getTime() - h.clock.now().getTime()).toBe(10 * MINUTE);
      expect(watcher.health().upstreamErrors).toBe(1);

      // It works again, and a failure from the outage is not lost.
      const run = h.sim.failNow("demo", "product-search");
      h.clock.advance(AFTER_BACKOFF);
      await watcher.runRound();
      h.clock.advance(AFTER_BACKOFF);
      await watcher.runRound();
      for (const channel of [ALERTS, GENERAL]) {
        const messages = posted(h, channel);
        expect(messages.map((m) => m.text)).toEqual([
          expect.stringContaining("Can't check"),
          "product-search can be checked again; failure alerts are back on.",
          expect.stringContaining("Retriever product-search failed"),
        ]);
        expect(textOf(messages[2]?.blocks)).toContain(run.execution_id);
      }
      expect(await h.store.getWatch(sub)).toMatchObject({ errorCount: 0, noticeSent: false });
      expect(watcher.health().upstreamErrors).toBe(0);
    });

    it("waits longer after each failed check", async () => {
      const sub = await h.subscribe();
      const watcher = h.watcher();
      h.sim.injectFault({ kind: "status", status: 401, only: "listExecutions", times: 3 });
      const waits: number[] = [];
      for (let round = 0; round < 3; round++) {
        h.clock.advance(AFTER_BACKOFF);
        await watcher.runRound();
        const watch = await h.store.getWatch(sub);
        waits.push((watch!.nextAttemptAt.getTime() - h.clock.now().getTime()) / MINUTE);
      }
      expect(waits).toEqual([2, 4, 8]);
    });
  });

  describe("a retriever that no longer exists", () => {
    it("pauses its watch with one notice", async () => {
      const sub = await h.subscribe({ retriever: "gone-retriever" });
      const watcher = h.watcher();
      h.clock.advance(MINUTE);
      const report = await watcher.runRound();
      expect(report.upstreamErrors).toBe(1);
      const [notice, ...rest] = posted(h);
      expect(rest).toEqual([]);
      expect(textOf(notice?.blocks)).toContain(
        "`gone-retriever` no longer exists in namespace `demo`; alerts are paused until someone subscribes again.",
      );
      expect((await h.store.getWatch(sub))?.pausedAt).not.toBeNull();

      h.sim.resetCalls();
      h.clock.advance(60 * MINUTE);
      await watcher.runRound();
      expect(h.sim.callCount()).toBe(0);
      expect(posted(h)).toHaveLength(1);
    });
  });

  describe("mute", () => {
    it("holds alerts back, then one line says how many failed while muted", async () => {
      const sub = await h.subscribe();
      await h.store.setMute(sub.id, new Date(h.clock.now().getTime() + 30 * MINUTE));
      const watcher = h.watcher();
      for (let i = 0; i < 3; i++) {
        h.clock.advance(2 * MINUTE);
        h.sim.failNow("demo", "product-search");
        const report = await watcher.runRound();
        expect(report.alerts.muted).toBe(1);
      }
      expect(posted(h)).toEqual([]);
      expect((await h.store.getSubscription(sub.id))?.mutedCount).toBe(3);

      h.clock.advance(30 * MINUTE);
      await watcher.runRound();
      const [summary, ...rest] = posted(h);
      expect(rest).toEqual([]);
      expect(summary?.text).toBe("3 failures of product-search happened while alerts were muted");
      expect(JSON.stringify(summary?.blocks)).toContain("executions_page_alert_failed_runs");

      h.clock.advance(2 * MINUTE);
      await watcher.runRound();
      expect(posted(h)).toHaveLength(1);
      expect(await h.store.getSubscription(sub.id)).toMatchObject({ mutedUntil: null, mutedCount: 0 });

      // Alerts are back on.
      h.clock.advance(SECOND);
      h.sim.failNow("demo", "product-search");
      h.clock.advance(2 * MINUTE);
      await watcher.runRound();
      expect(posted(h)).toHaveLength(2);
    });
  });
});
