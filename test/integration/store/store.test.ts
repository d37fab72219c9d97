import { describe, expect, it } from "vitest";
import type { AlertStore, WatchKey } from "../../../src/alerts/store/types.js";
import { at, backendsUnderTest, MINUTE, SECOND, subscription, T0, useTestDatabase } from "./harness.js";

const backends = await backendsUnderTest();

describe.each(backends)("alert store on $backend", ({ backend, enabled }) => {
  if (!enabled) {
    it.skip("needs a reachable database", () => {});
    return;
  }
  const harness = useTestDatabase(backend);
  const watchOf = (namespace: string, retrieverId: string): WatchKey => ({ namespace, retrieverId });

  describe("migrations", () => {
    it("are idempotent: a second open applies nothing and keeps the data", async () => {
      const first = await harness.open();
      await first.subscribe(subscription());
      await first.close();

      const second = await harness.open();
      expect(await second.listChannelSubscriptions("T1", "C1")).toHaveLength(1);
      const migrations = await harness.database.query<{ name: string }>("select name from kysely_migration");
      expect(migrations.map((m) => m.name)).toEqual(["001_initial"]);
    });

    it("survive three stores opening the same empty database at once", async () => {
      const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);
      const migrations = await harness.database.query("select name from kysely_migration");
      expect(migrations).toHaveLength(1);
      for (const [i, store] of stores.entries()) {
        await store.ping();
        await store.subscribe(subscription({ channelId: `C${i}` }));
      }
      expect(await stores[0]!.listTeamSubscriptions("T1")).toHaveLength(3);
    });
  });

  describe("subscriptions", () => {
    it("subscribes once; a duplicate returns the same row refreshed", async () => {
      const store = await harness.open();
      const first = await store.subscribe(subscription({ mention: "<@U9>" }));
      expect(first.created).toBe(true);
      expect(first.subscription).toMatchObject({
        teamId: "T1",
        channelId: "C1",
        namespace: "ns-main",
        retrieverId: "ret_alpha",
        retrieverName: "Alpha search",
        mention: "<@U9>",
        createdBy: "U1",
        createdAt: T0,
        mutedUntil: null,
        mutedCount: 0,
        brokenReason: null,
      });

      const again = await store.subscribe(subscription({ retrieverName: "Alpha v2", createdBy: "U2", now: at(MINUTE) }));
      expect(again.created).toBe(false);
      expect(again.subscription.id).toBe(first.subscription.id);
      expect(again.subscription).toMatchObject({ retrieverName: "Alpha v2", createdBy: "U2", createdAt: T0 });
      expect(await store.getSubscription(first.subscription.id)).toEqual(again.subscription);
    });

    it("lists by channel and by team, and unsubscribes by key or id", async () => {
      const store = await harness.open();
      const a = await store.subscribe(subscription());
      const b = await store.subscribe(subscription({ retrieverId: "ret_beta", retrieverName: "Beta", now: at(1) }));
      const c = await store.subscribe(subscription({ channelId: "C2" }));
      await store.subscribe(subscription({ teamId: "T2" }));

      const channel = await store.listChannelSubscriptions("T1", "C1");
      expect(channel.map((s) => s.id)).toEqual([a.subscription.id, b.subscription.id]);
      expect((await store.listTeamSubscriptions("T1")).map((s) => s.channelId)).toEqual(["C1", "C1", "C2"]);

      const removed = await store.unsubscribe({ teamId: "T1", channelId: "C1", namespace: "ns-main", retrieverId: "ret_alpha" });
      expect(removed?.id).toBe(a.subscription.id);
      expect(await store.unsubscribe({ teamId: "T1", channelId: "C1", namespace: "ns-main", retrieverId: "ret_alpha" })).toBeNull();
      expect((await store.deleteSubscription(c.subscription.id))?.channelId).toBe("C2");
      expect(await store.deleteSubscription(c.subscription.id)).toBeNull();
      expect(await store.getSubscription(a.subscription.id)).toBeNull();
      expect((await store.listTeamSubscriptions("T1")).map((s) => s.id)).toEqual([b.subscription.id]);
    });

    it("counts failures held back by a mute and rolls them up when it is cleared", async () => {
      const store = await harness.open();
      const { subscription: sub } = await store.subscribe(subscription());
      const claim = (executionId: string, now: Date) =>
        store.claimAlert({ subscriptionId: sub.id, executionId, executionCreatedAt: now, owner: "r1", now });

      await store.setMute(sub.id, at(30 * MINUTE));
      expect((await claim("exe_1", at(MINUTE)))?.state).toBe("muted");
      expect((await claim("exe_2", at(2 * MINUTE)))?.state).toBe("muted");
      expect(await store.getSubscription(sub.id)).toMatchObject({ mutedUntil: at(30 * MINUTE), mutedCount: 2 });

      const cleared = await store.clearMute(sub.id, at(3 * MINUTE));
      expect(cleared?.mutedCount).toBe(2);
      expect(cleared?.alerts.map((a) => [a.executionId, a.state])).toEqual([
        ["exe_1", "rolled_up"],
        ["exe_2", "rolled_up"],
      ]);
      expect(cleared?.subscription).toMatchObject({ mutedUntil: null, mutedCount: 0 });
      expect((await store.clearMute(sub.id, at(4 * MINUTE)))?.mutedCount).toBe(0);
      expect((await claim("exe_3", at(5 * MINUTE)))?.state).toBe("claimed");

      await store.setMute(sub.id, at(6 * MINUTE));
      expect((await claim("exe_4", at(7 * MINUTE)))?.state).toBe("claimed"); // the mute has run out
      expect(await store.clearMute(9_999, T0)).toBeNull();
    });

    it("stops alerting a broken channel until it is cleared or resubscribed", async () => {
      const store = await harness.open();
      const { subscription: sub } = await store.subscribe(subscription());
      const broken = await store.markBroken(sub.id, "not_in_channel", at(MINUTE));
      expect(broken).toMatchObject({ brokenReason: "not_in_channel", brokenAt: at(MINUTE) });
      expect(await store.listWatchSubscribers(watchOf("ns-main", "ret_alpha"))).toEqual([]);
      expect(await store.getWatch(watchOf("ns-main", "ret_alpha"))).toBeNull();
      const claim = { subscriptionId: sub.id, executionCreatedAt: T0, owner: "r1", now: at(2 * MINUTE) };
      expect(await store.claimAlert({ ...claim, executionId: "exe_1" })).toBeNull();

      expect((await store.clearBroken(sub.id, at(3 * MINUTE)))?.brokenReason).toBeNull();
      expect((await store.getWatch(watchOf("ns-main", "ret_alpha")))?.watermark).toEqual(at(3 * MINUTE));
      expect(await store.claimAlert({ ...claim, executionId: "exe_1" })).not.toBeNull();

      await store.markBroken(sub.id, "channel_not_found", at(4 * MINUTE));
      const again = await store.subscribe(subscription({ now: at(5 * MINUTE) }));
      expect(again).toMatchObject({ created: false, subscription: { brokenReason: null, brokenAt: null } });
    });
  });

  describe("watches", () => {
    it("exist while an unbroken subscription needs them", async () => {
      const store = await harness.open();
      await store.subscribe(subscription());
      await store.subscribe(subscription({ channelId: "C2", now: at(MINUTE) }));
      await store.subscribe(subscription({ namespace: "ns-other" }));
      expect((await store.listWatches()).map((w) => `${w.namespace}/${w.retrieverId}`)).toEqual([
        "ns-main/ret_alpha",
        "ns-other/ret_alpha",
      ]);
      expect(await store.getWatch(watchOf("ns-main", "ret_alpha"))).toMatchObject({
        watermark: T0,
        nextAttemptAt: T0,
        errorCount: 0,
        noticeSent: false,
        pausedAt: null,
        leaseOwner: null,
      });
      expect(await store.listWatchSubscribers(watchOf("ns-main", "ret_alpha"))).toHaveLength(2);

      await store.unsubscribe({ teamId: "T1", channelId: "C1", namespace: "ns-main", retrieverId: "ret_alpha" });
      expect(await store.getWatch(watchOf("ns-main", "ret_alpha"))).not.toBeNull();
      await store.unsubscribe({ teamId: "T1", channelId: "C2", namespace: "ns-main", retrieverId: "ret_alpha" });
      expect(await store.getWatch(watchOf("ns-main", "ret_alpha"))).toBeNull();
    });

    it("are handed to exactly one of three racing stores", async () => {
      const setup = await harness.open();
      for (let i = 0; i < 20; i++) await setup.subscribe(subscription({ retrieverId: `ret_${i}` }));
      const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);

      const grabs = await Promise.all(
        stores.flatMap((store, s) => [0, 1, 2].map(() => store.acquireDueWatches(`replica-${s}`, at(SECOND), MINUTE, 5))),
      );
      const handed = grabs.flat().map((w) => w.retrieverId);
      expect(handed).toHaveLength(20);
      expect(new Set(handed).size).toBe(20);
      expect(await stores[0]!.acquireDueWatches("replica-0", at(2 * SECOND), MINUTE, 50)).toEqual([]);
      for (const watch of grabs.flat()) expect(watch.leaseExpiresAt).toEqual(at(SECOND + MINUTE));
    });

    it("lets another replica take over an expired lease, and only the owner complete a round", async () => {
      const [a, b] = [await harness.open(), await harness.open()];
      await a.subscribe(subscription());
      const key = watchOf("ns-main", "ret_alpha");

      expect(await a.acquireDueWatches("A", at(SECOND), 10 * SECOND, 10)).toHaveLength(1);
      expect(await b.acquireDueWatches("B", at(5 * SECOND), 10 * SECOND, 10)).toEqual([]);
      expect(await a.renewLease("A", key, at(5 * SECOND), 10 * SECOND)).toBe(true);
      expect(await b.acquireDueWatches("B", at(12 * SECOND), 10 * SECOND, 10)).toEqual([]);
      const taken = await b.acquireDueWatches("B", at(16 * SECOND), 10 * SECOND, 10);
      expect(taken.map((w) => w.leaseOwner)).toEqual(["B"]);

      const ok = { outcome: "ok", finishedAt: at(17 * SECOND), nextAttemptAt: at(MINUTE) } as const;
      expect(await a.completeRound("A", key, ok)).toBeNull();
      expect(await a.renewLease("A", key, at(17 * SECOND), SECOND)).toBe(false);
      expect(await a.releaseWatch("A", key)).toBe(false);
      const done = await b.completeRound("B", key, { ...ok, watermark: at(10 * SECOND) });
      expect(done).toMatchObject({ leaseOwner: null, watermark: at(10 * SECOND), lastSuccessAt: at(17 * SECOND) });
      expect(await a.acquireDueWatches("A", at(30 * SECOND), SECOND, 10)).toEqual([]); // not due yet
      expect(await a.acquireDueWatches("A", at(MINUTE), SECOND, 10)).toHaveLength(1);
      expect(await a.releaseWatch("A", key)).toBe(true);
    });

    it("records errors, keeps the watermark monotonic, and pauses until someone resubscribes", async () => {
      const store = await harness.open();
      await store.subscribe(subscription());
      const key = watchOf("ns-main", "ret_alpha");
      const round = async (now: Date) => {
        const [watch] = await store.acquireDueWatches("A", now, MINUTE, 1);
        expect(watch).toBeDefined();
        return now;
      };

      let now = await round(at(0));
      let watch = await store.completeRound("A", key, {
        outcome: "error",
        finishedAt: now,
        nextAttemptAt: at(SECOND),
        errorKind: "unavailable",
      });
      now = await round(at(SECOND));
      watch = await store.completeRound("A", key, {
        outcome: "error",
        finishedAt: now,
        nextAttemptAt: at(3 * SECOND),
        errorKind: "rate_limited",
        noticeSent: true,
      });
      expect(watch).toMatchObject({ errorCount: 2, lastErrorKind: "rate_limited", noticeSent: true });

      now = await round(at(3 * SECOND));
      watch = await store.completeRound("A", key, {
        outcome: "ok",
        finishedAt: now,
        nextAttemptAt: at(4 * SECOND),
        watermark: at(MINUTE),
        noticeSent: false,
      });
      expect(watch).toMatchObject({ errorCount: 0, noticeSent: false, watermark: at(MINUTE) });
      now = await round(at(4 * SECOND));
      watch = await store.completeRound("A", key, {
        outcome: "ok",
        finishedAt: now,
        nextAttemptAt: at(5 * SECOND),
        watermark: at(SECOND),
      });
      expect(watch?.watermark).toEqual(at(MINUTE));

      now = await round(at(5 * SECOND));
      watch = await store.completeRound("A", key, { outcome: "paused", finishedAt: now, errorKind: "not_found" });
      expect(watch).toMatchObject({ pausedAt: at(5 * SECOND), errorCount: 1 });
      expect(await store.acquireDueWatches("A", at(MINUTE), MINUTE, 10)).toEqual([]);

      await store.subscribe(subscription({ channelId: "C2", now: at(2 * MINUTE) }));
      expect(await store.getWatch(key)).toMatchObject({ pausedAt: null, errorCount: 0, nextAttemptAt: at(2 * MINUTE) });
      expect(await store.acquireDueWatches("A", at(2 * MINUTE), MINUTE, 10)).toHaveLength(1);
    });
  });

  describe("alerts", () => {
    async function subscribeChannels(store: AlertStore, count: number): Promise<number[]> {
      const ids: number[] = [];
      for (let i = 0; i < count; i++) ids.push((await store.subscribe(subscription({ channelId: `C${i}` }))).subscription.id);
      return ids;
    }

    it("grants each (execution, channel) to exactly one of three racing stores", async () => {
      const setup = await harness.open();
      const subscriptionIds = await subscribeChannels(setup, 5);
      const keys = subscriptionIds.flatMap((subscriptionId) =>
        Array.from({ length: 10 }, (_, i) => ({ subscriptionId, executionId: `exe_${i}` })),
      );
      const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);

      const results = await Promise.all(
        stores.flatMap((store, s) =>
          keys.map((key) =>
            store.claimAlert({ ...key, executionCreatedAt: at(-MINUTE), owner: `replica-${s}`, now: at(SECOND) }),
          ),
        ),
      );
      const claims = results.filter((alert) => alert !== null);
      expect(claims).toHaveLength(50);
      expect(new Set(claims.map((a) => `${a.executionId}/${a.channelId}`)).size).toBe(50);
      expect(claims.every((a) => a.state === "claimed" && a.attempts === 1 && a.teamId === "T1")).toBe(true);
    });

    it("moves a claim to sent or failed once", async () => {
      const store = await harness.open();
      const [subscriptionId] = await subscribeChannels(store, 1);
      const claim = (executionId: string) =>
        store.claimAlert({ subscriptionId: subscriptionId!, executionId, executionCreatedAt: T0, owner: "A", now: at(SECOND) });
      const sent = (await claim("exe_1"))!;
      const failed = (await claim("exe_2"))!;
      const rolled = [(await claim("exe_3"))!, (await claim("exe_4"))!];

      expect(await store.markSent(sent.id, { ts: "1700.01", threadTs: "1700.00", at: at(2 * SECOND) })).toBe(true);
      expect(await store.markSent(sent.id, { ts: "1700.02", at: at(3 * SECOND) })).toBe(false);
      expect(await store.getAlert(sent.id)).toMatchObject({
        state: "sent",
        messageTs: "1700.01",
        threadTs: "1700.00",
        finishedAt: at(2 * SECOND),
        executionCreatedAt: T0,
      });
      expect(await store.markFailed(failed.id, "channel_not_found", at(2 * SECOND))).toBe(true);
      expect(await store.markSent(failed.id, { ts: "1700.03", at: at(3 * SECOND) })).toBe(false);
      expect(await store.getAlert(failed.id)).toMatchObject({ state: "failed", lastError: "channel_not_found" });
      const ids = rolled.map((a) => a.id);
      expect(await store.markRolledUp([...ids, sent.id], { ts: "1700.09", at: at(4 * SECOND) })).toBe(2);

      expect(await store.pruneAlerts(at(3 * SECOND))).toBe(2);
      expect(await store.getAlert(sent.id)).toBeNull();
      expect((await store.getAlert(ids[0]!))?.state).toBe("rolled_up");
    });

    it("lists stale claims and lets exactly one replica reclaim each", async () => {
      const [a, b] = [await harness.open(), await harness.open()];
      const [subscriptionId] = await subscribeChannels(a, 1);
      const claim = (executionId: string, now: Date) =>
        a.claimAlert({ subscriptionId: subscriptionId!, executionId, executionCreatedAt: T0, owner: "A", now });
      const stale = (await claim("exe_old", at(0)))!;
      const fresh = (await claim("exe_new", at(MINUTE)))!;
      const finished = (await claim("exe_done", at(0)))!;
      await a.markSent(finished.id, { ts: "1.0", at: at(SECOND) });

      expect((await b.listUnfinishedClaims(at(30 * SECOND))).map((x) => x.id)).toEqual([stale.id]);
      const [won, lost] = await Promise.all([
        b.reclaimStale(stale.id, "B", at(30 * SECOND), at(2 * MINUTE)),
        a.reclaimStale(stale.id, "A2", at(30 * SECOND), at(2 * MINUTE)),
      ]);
      const winners = [won, lost].filter((x) => x !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ state: "claimed", attempts: 2, claimedAt: at(2 * MINUTE) });
      expect(await b.reclaimStale(fresh.id, "B", at(30 * SECOND), at(2 * MINUTE))).toBeNull();
      expect(await b.reclaimStale(finished.id, "B", at(30 * SECOND), at(2 * MINUTE))).toBeNull();
    });
  });

  describe("threads", () => {
    it("gives parallel increments distinct consecutive counts", async () => {
      const stores = [await harness.open(), await harness.open(), await harness.open()];
      const { subscription: sub } = await stores[0]!.subscribe(subscription());
      const window = at(-60 * MINUTE);
      expect(await stores[0]!.incrementThread(sub.id, window, T0)).toBeNull();
      expect(await stores[0]!.startThread(sub.id, "1700.00", T0, window)).toBe(true);

      const positions = await Promise.all(
        Array.from({ length: 30 }, (_, i) => stores[i % 3]!.incrementThread(sub.id, window, at(i * SECOND))),
      );
      expect(positions.every((p) => p?.parentTs === "1700.00")).toBe(true);
      expect(positions.map((p) => p!.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
      expect((await stores[1]!.getThread(sub.id))?.failureCount).toBe(31);
    });

    it("starts a new thread only when the current one is outside the window", async () => {
      const store = await harness.open();
      const { subscription: sub } = await store.subscribe(subscription());
      expect(await store.startThread(sub.id, "1.0", T0, at(-60 * MINUTE))).toBe(true);
      expect(await store.startThread(sub.id, "2.0", at(MINUTE), at(-59 * MINUTE))).toBe(false);
      expect(await store.incrementThread(sub.id, at(-59 * MINUTE), at(MINUTE))).toEqual({ parentTs: "1.0", count: 2 });

      expect(await store.incrementThread(sub.id, at(MINUTE), at(61 * MINUTE))).toBeNull();
      expect(await store.startThread(sub.id, "3.0", at(61 * MINUTE), at(MINUTE))).toBe(true);
      expect(await store.getThread(sub.id)).toMatchObject({ parentTs: "3.0", failureCount: 1, startedAt: at(61 * MINUTE) });
      expect(await store.startThread(9_999, "4.0", T0, T0)).toBe(false);
    });
  });

  it("keeps everything across close and reopen", async () => {
    const first = await harness.open();
    const { subscription: sub } = await first.subscribe(subscription());
    const alert = await first.claimAlert({ subscriptionId: sub.id, executionId: "exe_1", executionCreatedAt: T0, owner: "A", now: T0 });
    await first.startThread(sub.id, "1.0", T0, at(-MINUTE));
    await first.close();
    await first.close();

    const second = await harness.open();
    await second.ping();
    expect(await second.getSubscription(sub.id)).toEqual(sub);
    expect(await second.getAlert(alert!.id)).toEqual(alert);
    expect((await second.getThread(sub.id))?.parentTs).toBe("1.0");
    expect(await second.claimAlert({ subscriptionId: sub.id, executionId: "exe_1", executionCreatedAt: T0, owner: "B", now: T0 })).toBeNull();
  });
});
