/** Store cases: alert claims and their states (run once per backend by store.test.ts). */
import { describe, expect, it } from "vitest";
import type { AlertStore } from "../../../../src/alerts/store/types.js";
import { at, MINUTE, SECOND, type StoreHarness, subscription, T0 } from "../harness.js";

export function alertsCases(harness: StoreHarness): void {
  describe("alerts", () => {
    async function subscribeChannels(store: AlertStore, count: number): Promise<number[]> {
      const ids: number[] = [];
      for (let i = 0; i < count; i++)
        ids.push((await store.subscribe(subscription({ channelId: `C${i}` }))).subscription.id);
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
            store.claimAlert({
              kind: "failure",
              ...key,
              executionCreatedAt: at(-MINUTE),
              owner: `replica-${s}`,
              now: at(SECOND),
            }),
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
        store.claimAlert({
          kind: "failure",
          subscriptionId: subscriptionId!,
          executionId,
          executionCreatedAt: T0,
          owner: "A",
          now: at(SECOND),
        });
      const sent = (await claim("exe_1"))!;
      const failed = (await claim("exe_2"))!;
      const rolled = [(await claim("exe_3"))!, (await claim("exe_4"))!];

      expect(await store.markSent(sent.id, { ts: "1700.01", threadTs: "1700.00", at: at(2 * SECOND) })).toBe(
        true,
      );
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
      expect(await store.getAlert(failed.id)).toMatchObject({
        state: "failed",
        lastError: "channel_not_found",
      });
      const ids = rolled.map((a) => a.id);
      expect(await store.markRolledUp([...ids, sent.id], { ts: "1700.09", at: at(4 * SECOND) })).toBe(2);

      expect(await store.pruneAlerts(at(3 * SECOND))).toBe(2);
      expect(await store.getAlert(sent.id)).toBeNull();
      expect((await store.getAlert(ids[0]!))?.state).toBe("rolled_up");
    });

    it("tells one execution to one channel once per kind", async () => {
      const [a, b] = [await harness.open(), await harness.open()];
      const [subscriptionId] = await subscribeChannels(a, 1);
      const claim = (store: AlertStore, kind: "failure" | "recovery") =>
        store.claimAlert({
          kind,
          subscriptionId: subscriptionId!,
          executionId: "exe_1",
          executionCreatedAt: T0,
          owner: "A",
          now: at(SECOND),
        });
      const failure = await claim(a, "failure");
      const recovery = await claim(b, "recovery");
      expect(failure).toMatchObject({ kind: "failure", executionId: "exe_1", state: "claimed" });
      expect(recovery).toMatchObject({ kind: "recovery", executionId: "exe_1", state: "claimed" });
      expect(recovery!.id).not.toBe(failure!.id);
      expect(await claim(b, "failure")).toBeNull();
      expect(await claim(a, "recovery")).toBeNull();
      expect(await a.getAlert(recovery!.id)).toEqual(recovery);
    });

    it("lists a channel's latest top-level alert messages, newest first, for redrawing their mute state", async () => {
      const store = await harness.open();
      const [subscriptionId, other] = await subscribeChannels(store, 2);
      const claim = (executionId: string, sub = subscriptionId!, kind: "failure" | "recovery" = "failure") =>
        store.claimAlert({
          kind,
          subscriptionId: sub,
          executionId,
          executionCreatedAt: T0,
          owner: "A",
          now: at(SECOND),
        });
      for (const [i, ts] of ["1700.01", "1700.02", "1700.03", "1700.04"].entries()) {
        await store.markSent((await claim(`exe_${i}`))!.id, { ts, at: at((i + 2) * SECOND) });
      }
      // A reply in a thread, a recovery, an unposted claim and another channel's alert: none listed.
      await store.markSent((await claim("exe_reply"))!.id, {
        ts: "1700.05",
        threadTs: "1700.04",
        at: at(9 * SECOND),
      });
      await store.markSent((await claim("exe_ok", subscriptionId, "recovery"))!.id, {
        ts: "1700.06",
        at: at(9 * SECOND),
      });
      await claim("exe_claimed");
      await store.markSent((await claim("exe_elsewhere", other))!.id, { ts: "1700.08", at: at(9 * SECOND) });
      // A roll-up of two failures is one message, listed once as the newest.
      const rolled = [(await claim("exe_rolled_1"))!.id, (await claim("exe_rolled_2"))!.id];
      await store.markRolledUp(rolled, { ts: "1700.07", at: at(10 * SECOND) });

      expect(await store.listRecentAlertMessages(subscriptionId!, 3)).toEqual([
        "1700.07",
        "1700.04",
        "1700.03",
      ]);
      expect(await store.listRecentAlertMessages(subscriptionId!, 10)).toEqual([
        "1700.07",
        "1700.04",
        "1700.03",
        "1700.02",
        "1700.01",
      ]);
      expect(await store.listRecentAlertMessages(other!, 10)).toEqual(["1700.08"]);
    });

    it("lists stale claims and lets exactly one replica reclaim each", async () => {
      const [a, b] = [await harness.open(), await harness.open()];
      const [subscriptionId] = await subscribeChannels(a, 1);
      const claim = (executionId: string, now: Date) =>
        a.claimAlert({
          kind: "failure",
          subscriptionId: subscriptionId!,
          executionId,
          executionCreatedAt: T0,
          owner: "A",
          now,
        });
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
}
