/** Store cases: migrations, concurrent start-up, and data surviving a reopen (run once per backend by store.test.ts). */
import { type Kysely, Migrator } from "kysely";
import { describe, expect, it } from "vitest";
import { connect } from "../../../../src/alerts/store/connect.js";
import { parseDatabaseUrl } from "../../../../src/alerts/store/database-url.js";
import { initialSchema } from "../../../../src/alerts/store/migrations/001_initial.js";
import { migrationsFor } from "../../../../src/alerts/store/migrations/index.js";
import { at, MINUTE, type StoreHarness, subscription, T0 } from "../harness.js";

/** Every migration the store knows, in the order they run. */
const ALL_MIGRATIONS = Object.keys(migrationsFor("sqlite")).sort();

export function lifecycleCases(harness: StoreHarness): void {
  describe("migrations", () => {
    it("are idempotent: a second open applies nothing and keeps the data", async () => {
      const first = await harness.open();
      await first.subscribe(subscription());
      await first.close();

      const second = await harness.open();
      expect(await second.listChannelSubscriptions("T1", "C1")).toHaveLength(1);
      const migrations = await harness.database.query<{ name: string }>("select name from kysely_migration");
      expect(migrations.map((m) => m.name).sort()).toEqual(ALL_MIGRATIONS);
    });

    it("survive three stores opening the same empty database at once", async () => {
      const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);
      const migrations = await harness.database.query("select name from kysely_migration");
      expect(migrations).toHaveLength(ALL_MIGRATIONS.length);
      for (const [i, store] of stores.entries()) {
        await store.ping();
        await store.subscribe(subscription({ channelId: `C${i}` }));
      }
      expect(await stores[0]!.listTeamSubscriptions("T1")).toHaveLength(3);
    });

    it("bring a database of the first version up to date without losing an alert or reusing an id", async () => {
      // A database as the first release left it: one subscription, two alerts (the second deleted).
      const { database } = harness;
      const ctx = await connect(
        parseDatabaseUrl(database.url),
        database.schema ? { schema: database.schema } : {},
      );
      const migrator = new Migrator({
        db: ctx.db,
        provider: { getMigrations: async () => ({ "001_initial": initialSchema(database.backend) }) },
        ...(database.schema ? { migrationTableSchema: database.schema } : {}),
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await ctx.db
        .insertInto("subscriptions")
        .values({
          team_id: "T1",
          channel_id: "C1",
          namespace: "ns-main",
          retriever_id: "ret_alpha",
          retriever_name: "Alpha",
          mention: null,
          created_by: "U1",
          created_at: T0.getTime(),
          muted_until: null,
          broken_reason: null,
          broken_at: null,
        })
        .execute();
      const old = (executionId: string) => ({
        execution_id: executionId,
        team_id: "T1",
        channel_id: "C1",
        subscription_id: 1,
        namespace: "ns-main",
        retriever_id: "ret_alpha",
        execution_created_at: T0.getTime(),
        state: "sent" as const,
        claimed_by: "A",
        claimed_at: T0.getTime(),
        message_ts: "1.0",
        thread_ts: null,
        finished_at: T0.getTime(),
        attempts: 1,
        last_error: null,
      });
      // Written without a kind: the first schema had none.
      const insertOld = (executionId: string) =>
        (ctx.db as unknown as Kysely<{ alerts: ReturnType<typeof old> }>)
          .insertInto("alerts")
          .values(old(executionId))
          .execute();
      await insertOld("exe_kept");
      await insertOld("exe_deleted");
      await ctx.db.deleteFrom("alerts").where("execution_id", "=", "exe_deleted").execute();
      await ctx.db.destroy();

      const store = await harness.open();
      const kept = (await store.getAlert(1))!;
      expect(kept).toMatchObject({
        kind: "failure",
        executionId: "exe_kept",
        state: "sent",
        messageTs: "1.0",
      });
      const claim = (kind: "failure" | "recovery", executionId: string) =>
        store.claimAlert({
          kind,
          subscriptionId: 1,
          executionId,
          executionCreatedAt: T0,
          owner: "B",
          now: T0,
        });
      expect(await claim("failure", "exe_kept")).toBeNull();
      // A failure told before incidents existed opens none: no recovery is told for it after the upgrade.
      expect((await store.openIncidents([1])).size).toBe(0);
      expect(await claim("recovery", "exe_completed")).toMatchObject({ kind: "recovery" });
      const fresh = (await claim("failure", "exe_new"))!;
      expect(fresh.id).toBeGreaterThan(2);
    });
  });

  it("keeps everything across close and reopen", async () => {
    const first = await harness.open();
    const { subscription: sub } = await first.subscribe(subscription());
    const alert = await first.claimAlert({
      kind: "failure",
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
        kind: "failure",
        subscriptionId: sub.id,
        executionId: "exe_1",
        executionCreatedAt: T0,
        owner: "B",
        now: T0,
      }),
    ).toBeNull();
  });
}
