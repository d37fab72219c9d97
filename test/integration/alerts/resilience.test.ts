/** Restarts, crashes between claim and post, Slack refusing or throttling, and a clean stop. */
import { describe, expect, it } from "vitest";
import { textOf } from "../../helpers/blocks.js";
import {
  ALERTS,
  claimAs,
  describeEachBackend,
  freshWatcherHarness,
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

  describe("restart", () => {
    it("posts nothing twice, posts what failed while stopped, and keeps counting the thread", async () => {
      const sub = await h.subscribe();
      const first = h.watcher();
      h.clock.advance(SECOND);
      const before = h.sim.failNow("demo", "product-search");
      await first.runRound();
      await first.stop();
      expect(posted(h)).toHaveLength(1);

      h.clock.advance(2 * MINUTE);
      const during = h.sim.failNow("demo", "product-search");
      await h.reopenStore();
      h.clock.advance(SECOND);
      const second = h.watcher();
      await second.runRound();
      h.clock.advance(2 * MINUTE);
      await second.runRound();

      const messages = posted(h);
      const mentions = (id: string) => messages.filter((m) => textOf(m.blocks).includes(id));
      expect(mentions(before.execution_id)).toHaveLength(1);
      expect(mentions(during.execution_id)).toHaveLength(1);
      // The new process never drew the parent; it redraws it from the store with the new count.
      const parent = messages[0];
      expect(mentions(during.execution_id)[0]?.thread_ts).toBe(parent?.ts);
      expect(parent?.edited).toBe(1);
      expect(textOf(parent?.blocks)).toContain("2 failures in the last hour");
      expect(textOf(parent?.blocks)).toContain(before.execution_id);
      expect((await h.store.getThread(sub.id))?.failureCount).toBe(2);
    });

    it("posts once an alert a dead replica claimed but never posted", async () => {
      const sub = await h.subscribe();
      h.clock.advance(SECOND);
      const run = h.sim.failNow("demo", "product-search");
      // The dead replica claimed it, then vanished before posting (and before recording its round).
      const claim = await claimAs(h, sub, run, "dead-replica");
      expect(claim?.state).toBe("claimed");

      const watcher = h.watcher();
      h.clock.advance(MINUTE);
      await watcher.runRound();
      // Too fresh to be taken as abandoned: the dead replica might still be posting it.
      expect(posted(h)).toEqual([]);

      h.clock.advance(10 * MINUTE);
      const report = await watcher.runRound();
      expect(report.recovered).toBe(1);
      h.clock.advance(10 * MINUTE);
      await watcher.runRound();

      const messages = posted(h);
      expect(messages).toHaveLength(1);
      expect(textOf(messages[0]?.blocks)).toContain(run.execution_id);
      const alert = await h.store.getAlert(claim?.id ?? -1);
      expect(alert).toMatchObject({
        state: "sent",
        attempts: 2,
        claimedBy: "replica-1",
        messageTs: messages[0]?.ts,
      });
    });
  });

  describe("a backlog of abandoned claims", () => {
    it("Slack failing their posts: taken over once each, then retried by the taker, nothing given up", async () => {
      const sub = await h.subscribe();
      h.clock.advance(SECOND);
      // A replica claimed four failures and died before posting any of them.
      const runs = [0, 1, 2, 3].map(() => {
        h.clock.advance(SECOND);
        return h.sim.failNow("demo", "product-search");
      });
      for (const run of runs) {
        await claimAs(h, sub, run, "dead-replica");
      }
      const watcher = h.watcher();

      // Six rounds in a row, every post fails (a 500 and both retries).
      for (let round = 0; round < 6; round++) {
        h.slack.failNext("chat.postMessage", { status: 500 }, 3);
        h.clock.advance(11 * MINUTE);
        await watcher.runRound();
      }
      expect(posted(h)).toEqual([]);
      h.clock.advance(11 * MINUTE);
      await watcher.runRound();

      // Each was charged one take-over; the failed posts were this watcher's to retry, not new take-overs.
      const alerts = await Promise.all(
        runs.map(async (run) => {
          const [row] = await h.database.query<{
            state: string;
            attempts: number | string;
            claimed_by: string;
          }>(`select state, attempts, claimed_by from alerts where execution_id = '${run.execution_id}'`);
          return { state: row?.state, attempts: Number(row?.attempts), claimedBy: row?.claimed_by };
        }),
      );
      expect(alerts).toEqual(runs.map(() => ({ state: "sent", attempts: 2, claimedBy: "replica-1" })));
      const messages = posted(h);
      expect(messages).toHaveLength(4);
      // Oldest first.
      runs.forEach((run, i) => {
        expect(textOf(messages[i]?.blocks)).toContain(run.execution_id);
      });
    });

    it("a post that kills its process every time is given up after 5 take-overs", async () => {
      const sub = await h.subscribe();
      h.clock.advance(SECOND);
      const run = h.sim.failNow("demo", "product-search");
      const claim = await claimAs(h, sub, run, "crashing-0");
      // Four more processes took it over and died with it (a crash loop).
      for (let crash = 1; crash <= 4; crash++) {
        h.clock.advance(11 * MINUTE);
        const staleBefore = new Date(h.clock.now().getTime() - 10 * MINUTE);
        expect(
          await h.store.reclaimStale(claim?.id ?? -1, `crashing-${crash}`, staleBefore, h.clock.now()),
        ).not.toBeNull();
      }
      h.clock.advance(11 * MINUTE);
      await h.watcher().runRound();

      expect(posted(h)).toEqual([]);
      expect(await h.store.getAlert(claim?.id ?? -1)).toMatchObject({ state: "failed", attempts: 6 });
    });
  });

  describe("Slack saying no", () => {
    it("invalid_blocks: the same alert goes out as text alone", async () => {
      await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      const run = h.sim.failNow("demo", "product-search", { error: "Budget exceeded <!channel>" });
      h.slack.failNext("chat.postMessage", "invalid_blocks");

      const report = await watcher.runRound();
      expect(report.alerts.plain_text_fallback).toBe(1);
      const [message, ...rest] = posted(h);
      expect(rest).toEqual([]);
      expect(message?.blocks).toBeUndefined();
      expect(message?.text).toContain(run.execution_id);
      expect(message?.text).toContain("Budget exceeded &lt;!channel&gt;");
      expect(message?.text).toContain("<@U0DEVUSER>");
      const [claim] = await h.store.listUnfinishedClaims(h.clock.advance(MINUTE));
      expect(claim).toBeUndefined();
      expect(h.logs.some((line) => line.includes("invalid_blocks") && line.includes("text alone"))).toBe(
        true,
      );
    });

    it("not_in_channel: the subscription is marked broken and the alert failed", async () => {
      const sub = await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      h.sim.failNow("demo", "product-search");
      h.slack.failNext("chat.postMessage", "not_in_channel");

      const report = await watcher.runRound();
      expect(report.alerts.failed).toBe(1);
      expect(posted(h)).toEqual([]);
      const broken = await h.store.getSubscription(sub.id);
      expect(broken?.brokenReason).toBe("not_in_channel");
      // Its only subscriber is broken, so nobody needs the watch any more.
      expect(await h.store.getWatch(sub)).toBeNull();
      h.sim.resetCalls();
      h.clock.advance(2 * MINUTE);
      h.sim.failNow("demo", "product-search");
      await watcher.runRound();
      expect(h.sim.callCount()).toBe(0);
    });

    it("a reply its thread refuses goes out as a message of its own", async () => {
      await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      h.sim.failNow("demo", "product-search");
      await watcher.runRound();
      h.clock.advance(2 * MINUTE);
      const run = h.sim.failNow("demo", "product-search");
      h.slack.failNext("chat.postMessage", "thread_not_found");
      await watcher.runRound();

      const messages = posted(h);
      expect(messages).toHaveLength(2);
      expect(messages[1]?.thread_ts).toBeUndefined();
      expect(textOf(messages[1]?.blocks)).toContain(run.execution_id);
    });

    it("a 429 with Retry-After: the WebClient waits, and the alert is posted once", async () => {
      await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      h.sim.failNow("demo", "product-search");
      h.slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 0 });

      await watcher.runRound();
      expect(posted(h)).toHaveLength(1);
      expect(h.slack.apiCalls("chat.postMessage").map((c) => c.outcome)).toEqual([{ status: 429 }, "ok"]);
    });

    it("Slack unreachable: the alert stays claimed and goes out on a later round", async () => {
      await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      const run = h.sim.failNow("demo", "product-search");
      h.slack.failNext("chat.postMessage", { status: 500 }, 3);

      await watcher.runRound();
      expect(posted(h)).toEqual([]);
      h.clock.advance(11 * MINUTE);
      await watcher.runRound();
      const messages = posted(h);
      expect(messages).toHaveLength(1);
      expect(textOf(messages[0]?.blocks)).toContain(run.execution_id);
    });
  });

  describe("stop()", () => {
    it("waits for the round in progress, which finishes cleanly", async () => {
      const sub = await h.subscribe();
      let stopped = false;
      let clockReadsAfterStop = 0;
      const watcher = h.watcher({
        now: () => {
          if (stopped) clockReadsAfterStop++;
          return h.clock.now();
        },
      });
      h.clock.advance(SECOND);
      h.sim.failNow("demo", "product-search");
      h.sim.setLatency(300);

      watcher.start();
      await h.slack.waitFor(() => h.sim.callCount("listExecutions") > 0);
      await watcher.stop();
      stopped = true;
      expect(posted(h, ALERTS)).toHaveLength(1);
      const watch = await h.store.getWatch(sub);
      expect(watch?.leaseOwner).toBeNull();
      expect(watch?.lastSuccessAt).not.toBeNull();
      expect(await h.store.listUnfinishedClaims(h.clock.advance(MINUTE))).toEqual([]);
      expect(watcher.health().lastRoundAt).not.toBeNull();

      // Nothing runs after stop(): a round reads the clock before anything else. Another watcher with the
      // same tick, started now, begins its second round on a timer set after stop() returned, so a tick
      // this watcher had left behind would have fired before it.
      h.sim.setLatency(0);
      h.clock.advance(5 * MINUTE);
      let rounds = 0;
      const later = h.watcher({ onRound: () => rounds++ });
      later.start();
      await h.slack.waitFor(() => rounds >= 2);
      await later.stop();
      expect(clockReadsAfterStop).toBe(0);
    });
  });
});
