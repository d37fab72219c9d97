/**
 * The end of a failure incident (issue 16): once a retriever whose failures were alerted completes a run,
 * the alert is redrawn as recovered and one reply says so in its thread; a failure after that opens a new
 * incident with a new top-level alert. `recovery:off` tells nothing.
 */
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
  TEAM,
  type WatcherHarness,
  watcherBackends,
} from "../alerts/harness.js";

let h: WatcherHarness;

const backends = await watcherBackends();

async function subscribe(options: { channel?: string; recovery?: boolean } = {}) {
  const { subscription } = await h.store.subscribe({
    teamId: TEAM,
    channelId: options.channel ?? ALERTS,
    namespace: "demo",
    retrieverId: h.retrieverId("product-search"),
    retrieverName: "product-search",
    mention: "<@U0DEVUSER>",
    createdBy: "U0DEVUSER",
    now: h.clock.now(),
    ...(options.recovery === undefined ? {} : { recovery: options.recovery }),
  });
  return subscription;
}

function completeNow() {
  return h.sim.addExecution("demo", "product-search", { status: "completed" });
}

describeEachBackend(backends, (backend) => {
  freshWatcherHarness(backend, (next) => {
    h = next;
  });

  describe("a retriever that runs again after alerted failures", () => {
    it("gets its alert marked recovered and one reply in the thread, once", async () => {
      await subscribe();
      const watcher = h.watcher();
      h.clock.advance(5 * SECOND);
      h.sim.failNow("demo", "product-search");
      await watcher.runRound();
      h.clock.advance(4 * MINUTE);
      h.sim.failNow("demo", "product-search");
      h.clock.advance(5 * MINUTE);
      h.sim.failNow("demo", "product-search");
      await watcher.runRound();
      const [parent] = posted(h);
      expect(posted(h).filter((m) => m.thread_ts === parent?.ts)).toHaveLength(2);

      h.clock.advance(5 * MINUTE);
      const run = completeNow();
      h.clock.advance(SECOND);
      const report = await watcher.runRound();
      expect(report.alerts.threaded).toBe(1);

      const edited = posted(h).find((m) => m.ts === parent?.ts);
      const first = textOf(edited?.blocks?.slice(0, 1));
      expect(first).toContain(":white_check_mark: *Recovered at <!date^");
      expect(first).toContain("after 3 failures over 14 min");
      // The redraw keeps the alert and its count, and pings nobody again.
      expect(textOf(edited?.blocks)).toContain("3 failures in the last hour");
      expect(textOf(edited?.blocks)).not.toContain("<@U0DEVUSER>");
      expect(edited?.text).toContain("Recovered");
      const replies = posted(h).filter((m) => m.thread_ts === parent?.ts);
      expect(replies).toHaveLength(3);
      expect(textOf(replies.at(-1)?.blocks)).toContain("`product-search` recovered: a run completed at");
      expect(replies.at(-1)?.metadata?.event_type).toBe("executions_bot_alert");
      expect(
        h.logs.some((line) => line.includes(run.execution_id) && line.includes('"outcome":"threaded"')),
      ).toBe(true);

      // Told once: later rounds and more completed runs add nothing.
      const before = h.slack.apiCalls().length;
      h.clock.advance(2 * MINUTE);
      completeNow();
      h.clock.advance(SECOND);
      await watcher.runRound();
      expect(posted(h)).toHaveLength(4);
      expect(h.slack.apiCalls().length).toBe(before);
    });

    it("opens a new incident, with a new top-level alert, on the next failure", async () => {
      await subscribe();
      const watcher = h.watcher();
      h.clock.advance(5 * SECOND);
      h.sim.failNow("demo", "product-search");
      await watcher.runRound();
      h.clock.advance(MINUTE);
      completeNow();
      h.clock.advance(SECOND);
      await watcher.runRound();
      const [firstParent] = posted(h);
      expect(textOf(firstParent?.blocks)).toContain("after 1 failure over");

      // Well inside the thread window, yet a new incident: a new parent, pinging again.
      h.clock.advance(2 * MINUTE);
      const second = h.sim.failNow("demo", "product-search");
      h.clock.advance(SECOND);
      await watcher.runRound();
      const newest = posted(h).at(-1);
      expect(newest?.thread_ts).toBeUndefined();
      expect(newest?.ts).not.toBe(firstParent?.ts);
      expect(textOf(newest?.blocks)).toContain(second.execution_id);
      expect(textOf(newest?.blocks)).toContain("<@U0DEVUSER>");

      h.clock.advance(3 * MINUTE);
      completeNow();
      h.clock.advance(SECOND);
      await watcher.runRound();
      const recovered = posted(h).find((m) => m.ts === newest?.ts);
      expect(textOf(recovered?.blocks?.slice(0, 1))).toContain("after 1 failure over 3 min");
      expect(posted(h).filter((m) => m.thread_ts === newest?.ts)).toHaveLength(1);
    });

    it("is not told with recovery:off, nor while the channel is muted", async () => {
      await subscribe({ channel: ALERTS, recovery: false });
      const muted = await subscribe({ channel: GENERAL });
      const watcher = h.watcher();
      h.clock.advance(5 * SECOND);
      h.sim.failNow("demo", "product-search");
      await watcher.runRound();
      await h.store.setMute(muted.id, new Date(h.clock.now().getTime() + 30 * MINUTE));
      h.clock.advance(MINUTE);
      completeNow();
      h.clock.advance(SECOND);
      h.sim.resetCalls();
      await watcher.runRound();
      expect(posted(h, ALERTS)).toHaveLength(1);
      expect(posted(h, ALERTS)[0]?.edited).toBe(0);
      expect(posted(h, GENERAL)).toHaveLength(1);
      expect(posted(h, GENERAL)[0]?.edited).toBe(0);
      // Nobody to tell: not even the extra Mixpeek call is made.
      expect(h.sim.callCount("listExecutions")).toBe(1);

      // The mute over, the recovery is told after all.
      h.clock.advance(31 * MINUTE);
      await watcher.runRound();
      expect(posted(h, GENERAL).filter((m) => m.thread_ts !== undefined)).toHaveLength(1);
      expect(posted(h, ALERTS)).toHaveLength(1);
    });
  });
});
