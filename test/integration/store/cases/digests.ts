/** Store cases: digests and the claim of each period's post (run once per backend by store.test.ts). */
import { describe, expect, it } from "vitest";
import type { NewDigest } from "../../../../src/alerts/store/types.js";
import { at, MINUTE, type StoreHarness, T0 } from "../harness.js";

const DAY = 24 * 60 * MINUTE;

function digest(overrides: Partial<NewDigest> = {}): NewDigest {
  return {
    teamId: "T1",
    channelId: "C1",
    namespace: "ns-main",
    retrieverId: "ret_alpha",
    retrieverName: "Alpha search",
    cadence: "daily",
    atMinutes: 9 * 60,
    timeZone: "Europe/Berlin",
    createdBy: "U1",
    now: T0,
    nextDueAt: at(10 * MINUTE),
    ...overrides,
  };
}

export function digestsCases(harness: StoreHarness): void {
  describe("digests", () => {
    it("sets a channel's digest, then replaces its schedule", async () => {
      const store = await harness.open();
      const first = await store.setDigest(digest());
      expect(first.created).toBe(true);
      expect(first.digest).toMatchObject({ cadence: "daily", atMinutes: 540, timeZone: "Europe/Berlin" });
      const second = await store.setDigest(
        digest({ cadence: "weekly", atMinutes: 17 * 60, timeZone: "UTC" }),
      );
      expect(second.created).toBe(false);
      expect(second.digest.id).toBe(first.digest.id);
      expect(await store.listChannelDigests("T1", "C1")).toMatchObject([
        { cadence: "weekly", atMinutes: 1020 },
      ]);
      expect(await store.listChannelDigests("T1", "C2")).toEqual([]);
    });

    it("claims a due period once, however many replicas race for it", async () => {
      const stores = [await harness.open(), await harness.open(), await harness.open()];
      const { digest: made } = await stores[0]!.setDigest(digest());
      expect(await stores[0]!.claimDueDigests("early", at(9 * MINUTE), 10)).toEqual([]);

      const claims = await Promise.all(
        Array.from({ length: 9 }, (_, i) => stores[i % 3]!.claimDueDigests(`r${i}`, at(11 * MINUTE), 10)),
      );
      const won = claims.flat();
      expect(won).toHaveLength(1);
      expect(won[0]!.run).toMatchObject({ digestId: made.id, state: "claimed", attempts: 1 });
      expect(won[0]!.run.dueAt).toEqual(at(10 * MINUTE));
      expect(won[0]!.digest.channelId).toBe("C1");

      // Until its next due time moves on, the period stays claimed: nobody gets it again.
      expect(await stores[1]!.claimDueDigests("late", at(12 * MINUTE), 10)).toEqual([]);
      expect(await stores[1]!.listDueDigests(at(12 * MINUTE), 10)).toHaveLength(1);
      const moves = await Promise.all(
        stores.map((store) => store.advanceDigest(made.id, at(10 * MINUTE), at(10 * MINUTE + DAY))),
      );
      expect(moves.filter(Boolean)).toHaveLength(1);
      expect(await stores[0]!.listDueDigests(at(12 * MINUTE), 10)).toEqual([]);
      expect(await stores[2]!.claimDueDigests("next", at(10 * MINUTE + DAY), 10)).toHaveLength(1);
    });

    it("finishes a run once, and lets a stale claim be taken over by one replica", async () => {
      const stores = [await harness.open(), await harness.open()];
      const { digest: made } = await stores[0]!.setDigest(digest());
      const [claimed] = await stores[0]!.claimDueDigests("dead", at(11 * MINUTE), 10);
      const dueAt = claimed!.run.dueAt;
      expect(await stores[0]!.listStaleDigestRuns(at(11 * MINUTE))).toEqual([]);
      const stale = await stores[1]!.listStaleDigestRuns(at(30 * MINUTE));
      expect(stale.map((s) => s.run.claimedBy)).toEqual(["dead"]);

      const takeovers = await Promise.all(
        stores.map((store, i) =>
          store.reclaimDigestRun(made.id, dueAt, `alive${i}`, at(20 * MINUTE), at(30 * MINUTE)),
        ),
      );
      const taken = takeovers.filter((run) => run !== null);
      expect(taken).toHaveLength(1);
      expect(taken[0]).toMatchObject({ attempts: 2, claimedAt: at(30 * MINUTE) });

      expect(
        await stores[0]!.finishDigestRun(made.id, dueAt, {
          state: "sent",
          at: at(31 * MINUTE),
          messageTs: "1.2",
        }),
      ).toBe(true);
      expect(
        await stores[1]!.finishDigestRun(made.id, dueAt, {
          state: "failed",
          at: at(32 * MINUTE),
          error: "x",
        }),
      ).toBe(false);
      expect(await stores[1]!.listStaleDigestRuns(at(90 * MINUTE))).toEqual([]);
    });

    it("removes a digest with its runs, and makes a team's digests due on demand", async () => {
      const store = await harness.open();
      await store.setDigest(digest());
      await store.setDigest(digest({ channelId: "C2", nextDueAt: at(DAY) }));
      await store.setDigest(digest({ teamId: "T2", nextDueAt: at(DAY) }));
      await store.claimDueDigests("a", at(11 * MINUTE), 10);
      const removed = await store.removeDigest({
        teamId: "T1",
        channelId: "C1",
        namespace: "ns-main",
        retrieverId: "ret_alpha",
      });
      expect(removed?.channelId).toBe("C1");
      expect(await store.listStaleDigestRuns(at(DAY))).toEqual([]);
      expect(
        await store.removeDigest({
          teamId: "T1",
          channelId: "C1",
          namespace: "ns-main",
          retrieverId: "ret_alpha",
        }),
      ).toBeNull();

      expect(await store.makeDigestsDue("T1", at(MINUTE))).toBe(1);
      const due = await store.listDueDigests(at(MINUTE), 10);
      expect(due.map((d) => [d.teamId, d.channelId])).toEqual([["T1", "C2"]]);
    });
  });
}
