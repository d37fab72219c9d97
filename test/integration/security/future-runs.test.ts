/**
 * Issue: a run with a future `created_at` silenced alerts. One failed run dated 9999-12-31 (or an hour
 * ahead) moved the watch's watermark past every real failure: nothing more was alerted, for good (or for
 * the hour). Now the watermark never passes now plus a small skew; such a run is alerted once like any
 * other, and the real failures after it are alerted too.
 */
import { expect, it } from "vitest";
import {
  describeEachBackend,
  freshWatcherHarness,
  MINUTE,
  posted,
  SECOND,
  type WatcherHarness,
  watcherBackends,
} from "../alerts/harness.js";

let h: WatcherHarness;
const backends = await watcherBackends();
const HOUR = 60 * MINUTE;

describeEachBackend(backends, (backend) => {
  freshWatcherHarness(backend, (next) => {
    h = next;
  });

  const futures = [
    ["dated 9999-12-31", () => new Date("9999-12-31T23:59:59.000Z")],
    ["dated an hour ahead", () => new Date(h.clock.now().getTime() + HOUR)],
  ] as const;

  it.each(futures)("a failed run %s is alerted once and hides no later failure", async (_, when) => {
    const sub = await h.subscribe();
    const watcher = h.watcher();
    h.clock.advance(5 * SECOND);
    const future = h.sim.failNow("demo", "product-search", { created_at: when(), error: "clock gone wrong" });

    expect((await watcher.runRound()).alerts.posted).toBe(1);
    expect(JSON.stringify(posted(h))).toContain(future.execution_id);
    const watch = await h.store.getWatch(sub);
    expect(watch?.watermark.getTime()).toBeLessThanOrEqual(h.clock.now().getTime() + MINUTE);

    // Real failures after it, over several rounds: each is told, and the future run never again.
    const real: string[] = [];
    for (let round = 0; round < 3; round++) {
      h.clock.advance(2 * MINUTE);
      real.push(h.sim.failNow("demo", "product-search", { error: `real failure ${round}` }).execution_id);
      h.clock.advance(5 * SECOND);
      // Within ALERT_THREAD_MINUTES of the first alert, so told in its thread.
      const { alerts } = await watcher.runRound();
      expect(alerts.posted + alerts.threaded).toBe(1);
    }
    const told = JSON.stringify(posted(h));
    for (const id of real) expect(told).toContain(id);
    expect(told.split(future.execution_id).length - 1).toBe(
      JSON.stringify(posted(h)[0]).split(future.execution_id).length - 1,
    );
    expect(posted(h)).toHaveLength(4);
    const after = await h.store.getWatch(sub);
    expect(after?.watermark.getTime()).toBeLessThanOrEqual(h.clock.now().getTime() + MINUTE);
  });

  it("a watermark an older version already moved to 9999 no longer hides failures", async () => {
    const sub = await h.subscribe();
    const watcher = h.watcher();
    h.clock.advance(5 * SECOND);
    await watcher.runRound();
    // What the store held after a future-dated run, before its watermark was capped.
    const poisoned = Date.parse("9999-12-31T23:59:59Z");
    await h.database.query(`update watches set watermark = ${poisoned} returning watermark`);

    h.clock.advance(2 * MINUTE);
    const real = h.sim.failNow("demo", "product-search", { error: "real failure" });
    h.clock.advance(5 * SECOND);
    expect((await watcher.runRound()).alerts.posted).toBe(1);
    expect(JSON.stringify(posted(h))).toContain(real.execution_id);
    expect(sub.id).toBeGreaterThan(0);
  });
});
