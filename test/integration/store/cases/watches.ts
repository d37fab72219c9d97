/** Store cases: watches derived from subscriptions, and their leases (run once per backend by store.test.ts). */
import { describe, expect, it } from "vitest";
import {
  at,
  MINUTE,
  SECOND,
  type StoreHarness,
  subscription,
  subscriptionKey,
  T0,
  watchOf,
} from "../harness.js";

export function watchesCases(harness: StoreHarness): void {
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

      await store.unsubscribe(subscriptionKey());
      expect(await store.getWatch(watchOf("ns-main", "ret_alpha"))).not.toBeNull();
      await store.unsubscribe(subscriptionKey({ channelId: "C2" }));
      expect(await store.getWatch(watchOf("ns-main", "ret_alpha"))).toBeNull();
    });

    it("survive a subscribe racing with the last unsubscribe", async () => {
      const [a, b] = [await harness.open(), await harness.open()];
      const retrievers = Array.from({ length: 12 }, (_, i) => `ret_${i}`);
      for (const retrieverId of retrievers) await a.subscribe(subscription({ retrieverId }));

      await Promise.all(
        retrievers.flatMap((retrieverId) => [
          a.unsubscribe(subscriptionKey({ retrieverId })),
          b.subscribe(subscription({ channelId: "C2", retrieverId, now: at(SECOND) })),
        ]),
      );
      for (const retrieverId of retrievers) {
        expect(await a.listWatchSubscribers(watchOf("ns-main", retrieverId))).toHaveLength(1);
        expect(await a.getWatch(watchOf("ns-main", retrieverId))).not.toBeNull();
      }
    });

    it("are handed to exactly one of three racing stores", async () => {
      const setup = await harness.open();
      for (let i = 0; i < 20; i++) await setup.subscribe(subscription({ retrieverId: `ret_${i}` }));
      const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);

      const grabs = await Promise.all(
        stores.flatMap((store, s) =>
          [0, 1, 2].map(() => store.acquireDueWatches(`replica-${s}`, at(SECOND), MINUTE, 5)),
        ),
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
      expect(done).toMatchObject({
        leaseOwner: null,
        watermark: at(10 * SECOND),
        lastSuccessAt: at(17 * SECOND),
      });
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
      watch = await store.completeRound("A", key, {
        outcome: "paused",
        finishedAt: now,
        errorKind: "not_found",
      });
      expect(watch).toMatchObject({ pausedAt: at(5 * SECOND), errorCount: 1 });
      expect(await store.acquireDueWatches("A", at(MINUTE), MINUTE, 10)).toEqual([]);

      await store.subscribe(subscription({ channelId: "C2", now: at(2 * MINUTE) }));
      expect(await store.getWatch(key)).toMatchObject({
        pausedAt: null,
        errorCount: 0,
        nextAttemptAt: at(2 * MINUTE),
      });
      expect(await store.acquireDueWatches("A", at(2 * MINUTE), MINUTE, 10)).toHaveLength(1);
    });
  });
}
