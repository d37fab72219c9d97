/** Store cases: several workspaces in one store, and deleting one (run once per backend by store.test.ts). */
import { Migrator } from "kysely";
import { describe, expect, it } from "vitest";
import { connect } from "../../../../src/alerts/store/connect.js";
import { parseDatabaseUrl } from "../../../../src/alerts/store/database-url.js";
import { migrationsFor } from "../../../../src/alerts/store/migrations/index.js";
import type { AlertStore } from "../../../../src/alerts/store/types.js";
import { SINGLE_WORKSPACE_ID } from "../../../../src/alerts/store/types.js";
import { at, MINUTE, type StoreHarness, subscription, T0 } from "../harness.js";

const installation = (workspaceId: string) => ({
  workspaceId,
  enterpriseId: null,
  teamId: workspaceId,
  isEnterpriseInstall: false,
  teamName: `Team ${workspaceId}`,
  botUserId: "UBOT",
  sealed: `v1.sealed-installation-of-${workspaceId}`,
  tokenExpiresAt: null,
  installedAt: T0,
  updatedAt: T0,
});

const connection = (workspaceId: string) => ({
  workspaceId,
  sealedApiKey: `v1.sealed-key-of-${workspaceId}`,
  keyLast4: "abcd",
  defaultNamespace: "ns-main",
  allowedNamespaces: ["ns-main", "staging"],
  connectedBy: "U1",
  connectedAt: T0,
});

/** Subscribes, claims an alert, starts a thread and sets a digest in `workspaceId`'s team `teamId`. */
async function populate(store: AlertStore, workspaceId: string, teamId: string) {
  const { subscription: sub } = await store.subscribe(subscription({ workspaceId, teamId }));
  const alert = await store.claimAlert({
    kind: "failure",
    subscriptionId: sub.id,
    executionId: "exe_1",
    executionCreatedAt: T0,
    owner: "A",
    now: T0,
  });
  await store.startThread(sub.id, "1.0", T0, at(-MINUTE));
  await store.setDigest({
    workspaceId,
    teamId,
    channelId: "C1",
    namespace: "ns-main",
    retrieverId: "ret_alpha",
    retrieverName: "Alpha",
    cadence: "daily",
    atMinutes: 540,
    timeZone: "UTC",
    createdBy: "U1",
    now: T0,
    nextDueAt: at(MINUTE),
  });
  await store.saveInstallation(installation(workspaceId));
  await store.saveConnection(connection(workspaceId));
  return { sub, alert: alert! };
}

export function workspacesCases(harness: StoreHarness): void {
  describe("workspaces", () => {
    it("moves a database from before workspaces into the single workspace, watches and all", async () => {
      const { database } = harness;
      const ctx = await connect(
        parseDatabaseUrl(database.url),
        database.schema ? { schema: database.schema } : {},
      );
      const before = Object.fromEntries(
        Object.entries(migrationsFor(database.backend)).filter(([name]) => name < "007_workspaces"),
      );
      const migrator = new Migrator({
        db: ctx.db,
        provider: { getMigrations: async () => before },
        allowUnorderedMigrations: true,
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
          updated_by: null,
          updated_at: null,
          namespace_refused_at: null,
        })
        .execute();
      await ctx.db
        .insertInto("watches")
        .values({
          namespace: "ns-main",
          retriever_id: "ret_alpha",
          created_at: T0.getTime(),
          watermark: at(MINUTE).getTime(),
          last_success_at: at(MINUTE).getTime(),
          error_count: 2,
          last_error_kind: "timeout",
          next_attempt_at: at(2 * MINUTE).getTime(),
          paused_at: null,
          lease_owner: null,
          lease_expires_at: null,
        })
        .execute();
      await ctx.db.destroy();

      const store = await harness.open();
      const [sub] = await store.listTeamSubscriptions("T1");
      expect(sub).toMatchObject({ workspaceId: SINGLE_WORKSPACE_ID, retrieverId: "ret_alpha" });
      expect(await store.listWatches()).toEqual([
        expect.objectContaining({
          workspaceId: SINGLE_WORKSPACE_ID,
          namespace: "ns-main",
          retrieverId: "ret_alpha",
          watermark: at(MINUTE),
          errorCount: 2,
          lastErrorKind: "timeout",
          nextAttemptAt: at(2 * MINUTE),
        }),
      ]);
      // Still leased, completed and dropped like before.
      const [leased] = await store.acquireDueWatches("A", at(2 * MINUTE), MINUTE, 10);
      expect(leased?.workspaceId).toBe(SINGLE_WORKSPACE_ID);
      await store.deleteSubscription(sub!.id);
      expect(await store.listWatches()).toEqual([]);
    });

    it("puts rows without a workspace in the single workspace", async () => {
      const store = await harness.open();
      const { subscription: sub } = await store.subscribe(subscription());
      expect(sub.workspaceId).toBe(SINGLE_WORKSPACE_ID);
      const [watch] = await store.listWatches();
      expect(watch).toMatchObject({ workspaceId: SINGLE_WORKSPACE_ID, retrieverId: "ret_alpha" });
      expect(await store.getWatch({ namespace: "ns-main", retrieverId: "ret_alpha" })).toEqual(watch);
    });

    it("keeps one watch per workspace for the same retriever id, each alerting only its own subscribers", async () => {
      const store = await harness.open();
      const a = await store.subscribe(subscription({ workspaceId: "TA", teamId: "TA" }));
      const b = await store.subscribe(subscription({ workspaceId: "TB", teamId: "TB" }));
      expect((await store.listWatches()).map((w) => w.workspaceId)).toEqual(["TA", "TB"]);
      const key = { namespace: "ns-main", retrieverId: "ret_alpha" };
      expect(await store.listWatchSubscribers({ ...key, workspaceId: "TA" })).toEqual([a.subscription]);
      expect(await store.listWatchSubscribers({ ...key, workspaceId: "TB" })).toEqual([b.subscription]);

      const leased = await store.acquireDueWatches("A", at(MINUTE), MINUTE, 10);
      expect(leased.map((w) => w.workspaceId).sort()).toEqual(["TA", "TB"]);
      const done = await store.completeRound("A", leased[0]!, {
        outcome: "ok",
        finishedAt: at(MINUTE),
        nextAttemptAt: at(2 * MINUTE),
      });
      expect(done?.workspaceId).toBe(leased[0]!.workspaceId);
      const other = await store.getWatch(leased[1]!);
      expect(other?.leaseOwner).toBe("A");

      // The last subscriber of one workspace leaving drops only that workspace's watch.
      await store.deleteSubscription(a.subscription.id);
      expect((await store.listWatches()).map((w) => w.workspaceId)).toEqual(["TB"]);
    });

    it("saves, replaces and reads installations and connections", async () => {
      const store = await harness.open();
      expect(await store.getInstallation("TA")).toBeNull();
      await store.saveInstallation(installation("TA"));
      await store.saveInstallation({
        ...installation("TA"),
        sealed: "v1.refreshed",
        tokenExpiresAt: at(12 * 60 * MINUTE),
        installedAt: at(MINUTE),
        updatedAt: at(MINUTE),
      });
      expect(await store.getInstallation("TA")).toEqual({
        ...installation("TA"),
        sealed: "v1.refreshed",
        tokenExpiresAt: at(12 * 60 * MINUTE),
        // A reinstall or a refreshed token keeps when it was first installed.
        installedAt: T0,
        updatedAt: at(MINUTE),
      });

      await store.saveConnection(connection("TA"));
      expect(await store.getConnection("TA")).toEqual(connection("TA"));
      await store.saveConnection({ ...connection("TA"), allowedNamespaces: "any", keyLast4: "wxyz" });
      expect(await store.getConnection("TA")).toMatchObject({ allowedNamespaces: "any", keyLast4: "wxyz" });
      expect(await store.deleteConnection("TA")).toBe(true);
      expect(await store.deleteConnection("TA")).toBe(false);
      expect(await store.getConnection("TA")).toBeNull();
      expect(await store.getInstallation("TA")).not.toBeNull();
    });

    it("deletes everything of one workspace and nothing of another", async () => {
      const store = await harness.open();
      const a = await populate(store, "TA", "TA");
      const b = await populate(store, "TB", "TB");

      expect(await store.deleteWorkspace("TA")).toEqual({
        installation: true,
        connection: true,
        subscriptions: 1,
        digests: 1,
        watches: 1,
        alerts: 1,
      });
      expect(await store.getSubscription(a.sub.id)).toBeNull();
      expect(await store.getAlert(a.alert.id)).toBeNull();
      expect(await store.getThread(a.sub.id)).toBeNull();
      expect(await store.listChannelDigests("TA", "C1")).toEqual([]);
      expect(await store.getInstallation("TA")).toBeNull();
      expect(await store.getConnection("TA")).toBeNull();
      expect((await store.listWatches()).map((w) => w.workspaceId)).toEqual(["TB"]);

      expect(await store.getSubscription(b.sub.id)).toMatchObject({ workspaceId: "TB" });
      expect(await store.getAlert(b.alert.id)).toMatchObject({ workspaceId: "TB" });
      expect(await store.getThread(b.sub.id)).not.toBeNull();
      expect(await store.listChannelDigests("TB", "C1")).toHaveLength(1);
      expect(await store.getInstallation("TB")).not.toBeNull();
      expect(await store.getConnection("TB")).not.toBeNull();

      // Twice is harmless: a workspace sends both app_uninstalled and tokens_revoked.
      expect(await store.deleteWorkspace("TA")).toMatchObject({ installation: false, subscriptions: 0 });
    });
  });
}
