/** Store cases: migrations, concurrent start-up, and data surviving a reopen (run once per backend by store.test.ts). */
import { describe, expect, it } from "vitest";
import { at, MINUTE, type StoreHarness, subscription, T0 } from "../harness.js";

export function lifecycleCases(harness: StoreHarness): void {
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

  it("keeps everything across close and reopen", async () => {
    const first = await harness.open();
    const { subscription: sub } = await first.subscribe(subscription());
    const alert = await first.claimAlert({
      subscriptionId: sub.id,
      executionId: "exe_1",
      executionCreatedAt: T0,
      owner: "A",
      now: T0,
    });
    await first.startThread(sub.id, "1.0", T0, at(-MINUTE));
    await first.close();
    await first.close();

    const second = await harness.open();
    await second.ping();
    expect(await second.getSubscription(sub.id)).toEqual(sub);
    expect(await second.getAlert(alert!.id)).toEqual(alert);
    expect((await second.getThread(sub.id))?.parentTs).toBe("1.0");
    expect(
      await second.claimAlert({
        subscriptionId: sub.id,
        executionId: "exe_1",
        executionCreatedAt: T0,
        owner: "B",
        now: T0,
      }),
    ).toBeNull();
  });
}
