/**
 * Subscriptions: what the slash commands and the App Home change, and whom the watcher alerts.
 */
import type { Kysely } from "kysely";
import type { StoreContext } from "./connect.js";
import type { Subscription, SubscriptionKey, WatchKey } from "./records.js";
import { toAlert, toMs, toSubscription, workspaceOf } from "./rows.js";
import type { Database } from "./schema.js";
import { inTransaction, type Sleep } from "./transaction.js";
import type { AlertStore } from "./types.js";
import { deleteWatchIfUnused, ensureWatch, lockWatch } from "./watch-lifecycle.js";

type SubscriptionMethods = Pick<
  AlertStore,
  | "subscribe"
  | "unsubscribe"
  | "deleteSubscription"
  | "getSubscription"
  | "listChannelSubscriptions"
  | "listTeamSubscriptions"
  | "listWatchSubscribers"
  | "setMute"
  | "clearMute"
  | "setNamespaceRefused"
  | "markBroken"
  | "clearBroken"
>;

/** Subscriptions with their muted count, counted from the alerts so it can never drift from them. */
function selectSubscriptions(db: Kysely<Database>) {
  return db
    .selectFrom("subscriptions")
    .selectAll("subscriptions")
    .select((eb) =>
      eb
        .selectFrom("alerts")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("alerts.subscription_id", "=", "subscriptions.id")
        .where("alerts.state", "=", "muted")
        .as("muted_count"),
    );
}

async function findById(db: Kysely<Database>, id: number): Promise<Subscription | null> {
  const row = await selectSubscriptions(db).where("subscriptions.id", "=", id).executeTakeFirst();
  return row ? toSubscription(row) : null;
}

/** The subscription with this key; on PostgreSQL its row stays locked until the transaction ends. */
async function findByKey(db: Kysely<Database>, key: SubscriptionKey, lock: boolean) {
  const row = await selectSubscriptions(db)
    .where("subscriptions.team_id", "=", key.teamId)
    .where("subscriptions.channel_id", "=", key.channelId)
    .where("subscriptions.namespace", "=", key.namespace)
    .where("subscriptions.retriever_id", "=", key.retrieverId)
    .$if(lock, (qb) => qb.forUpdate("subscriptions"))
    .executeTakeFirst();
  return row ? toSubscription(row) : null;
}

const watchKeyOf = (key: WatchKey): WatchKey => ({
  workspaceId: workspaceOf(key),
  namespace: key.namespace,
  retrieverId: key.retrieverId,
});

/** The columns saying who changed a subscription, when a person did (the watcher ending a mute is no one). */
function changedBy(by: string | undefined, at: Date): { updated_by?: string; updated_at?: number } {
  return by === undefined ? {} : { updated_by: by, updated_at: toMs(at) };
}

export function subscriptionMethods(ctx: StoreContext, sleep: Sleep): SubscriptionMethods {
  const { db } = ctx;

  async function remove(find: (db: Kysely<Database>) => Promise<Subscription | null>) {
    return inTransaction(
      ctx,
      async (trx) => {
        const found = await find(trx);
        if (!found) return null;
        await lockWatch(trx, ctx.backend, found);
        const deleted = await trx.deleteFrom("subscriptions").where("id", "=", found.id).executeTakeFirst();
        if (deleted.numDeletedRows === 0n) return null;
        await deleteWatchIfUnused(trx, found);
        return found;
      },
      sleep,
    );
  }

  return {
    async subscribe(input) {
      return inTransaction(
        ctx,
        async (trx) => {
          // The watch first: on PostgreSQL this takes the watch row's lock before the subscription exists.
          await ensureWatch(trx, watchKeyOf(input), input.now);
          const inserted = await trx
            .insertInto("subscriptions")
            .values({
              workspace_id: workspaceOf(input),
              team_id: input.teamId,
              channel_id: input.channelId,
              namespace: input.namespace,
              retriever_id: input.retrieverId,
              retriever_name: input.retrieverName,
              mention: input.mention,
              created_by: input.createdBy,
              created_at: toMs(input.now),
              failure_alerts: input.failureAlerts === false ? 0 : 1,
              recovery: input.recovery === false ? 0 : 1,
            })
            .onConflict((oc) =>
              oc.columns(["team_id", "channel_id", "namespace", "retriever_id"]).doNothing(),
            )
            .returning("id")
            .executeTakeFirst();
          if (inserted) {
            const subscription = await findById(trx, Number(inserted.id));
            if (!subscription)
              throw new Error(`subscription ${inserted.id} vanished inside its own transaction`);
            return { subscription, created: true, changed: false, previous: null };
          }
          const previous = await findByKey(trx, input, ctx.backend === "postgres");
          if (!previous) throw new Error("a subscription that conflicted on insert vanished");
          const mentionChanges = input.mention !== null && input.mention !== previous.mention;
          const failuresChange = input.failureAlerts === true && !previous.failureAlerts;
          const recoveryChanges = input.recovery !== undefined && input.recovery !== previous.recovery;
          const changed =
            mentionChanges || failuresChange || recoveryChanges || previous.brokenReason !== null;
          await trx
            .updateTable("subscriptions")
            // The name is Mixpeek's, not anyone's choice: refreshing it is not a change.
            .set({
              retriever_name: input.retrieverName,
              ...(changed
                ? {
                    mention: mentionChanges ? input.mention : previous.mention,
                    ...(failuresChange ? { failure_alerts: 1 } : {}),
                    ...(recoveryChanges ? { recovery: input.recovery ? 1 : 0 } : {}),
                    broken_reason: null,
                    broken_at: null,
                    updated_by: input.createdBy,
                    updated_at: toMs(input.now),
                  }
                : {}),
            })
            .where("id", "=", previous.id)
            .execute();
          const subscription = await findById(trx, previous.id);
          if (!subscription)
            throw new Error(`subscription ${previous.id} vanished inside its own transaction`);
          return { subscription, created: false, changed, previous };
        },
        sleep,
      );
    },

    unsubscribe(key: SubscriptionKey) {
      return remove((trx) => findByKey(trx, key, false));
    },

    deleteSubscription(id) {
      return remove((trx) => findById(trx, id));
    },

    getSubscription(id) {
      return findById(db, id);
    },

    async listChannelSubscriptions(teamId, channelId) {
      const rows = await selectSubscriptions(db)
        .where("subscriptions.team_id", "=", teamId)
        .where("subscriptions.channel_id", "=", channelId)
        .orderBy("subscriptions.created_at")
        .orderBy("subscriptions.id")
        .execute();
      return rows.map(toSubscription);
    },

    async listTeamSubscriptions(teamId) {
      const rows = await selectSubscriptions(db)
        .where("subscriptions.team_id", "=", teamId)
        .orderBy("subscriptions.channel_id")
        .orderBy("subscriptions.retriever_name")
        .orderBy("subscriptions.id")
        .execute();
      return rows.map(toSubscription);
    },

    async listWatchSubscribers(key) {
      const rows = await selectSubscriptions(db)
        .where("subscriptions.workspace_id", "=", workspaceOf(key))
        .where("subscriptions.namespace", "=", key.namespace)
        .where("subscriptions.retriever_id", "=", key.retrieverId)
        .where("subscriptions.broken_reason", "is", null)
        .orderBy("subscriptions.id")
        .execute();
      return rows.map(toSubscription);
    },

    async setMute(id, until, change) {
      await db
        .updateTable("subscriptions")
        .set({ muted_until: toMs(until), ...changedBy(change?.by, change?.at ?? until) })
        .where("id", "=", id)
        .execute();
      return findById(db, id);
    },

    async clearMute(id, now, by) {
      return inTransaction(
        ctx,
        async (trx) => {
          const unmute = () =>
            trx
              .updateTable("subscriptions")
              .set({ muted_until: null, ...changedBy(by, now) })
              .where("id", "=", id);
          // Conditional first: of two replicas ending the same mute, only the one that finds it set says
          // so (on PostgreSQL the second waits for the first's row lock, then finds it cleared).
          const ending = await unmute().where("muted_until", "is not", null).executeTakeFirst();
          const ended = ending.numUpdatedRows > 0n;
          if (!ended && (await unmute().executeTakeFirst()).numUpdatedRows === 0n) return null;
          const rows = await trx
            .updateTable("alerts")
            .set({ state: "rolled_up", finished_at: toMs(now) })
            .where("subscription_id", "=", id)
            .where("state", "=", "muted")
            .returningAll()
            .execute();
          const alerts = rows
            .map(toAlert)
            .sort((a, b) => a.executionCreatedAt.getTime() - b.executionCreatedAt.getTime());
          const subscription = await findById(trx, id);
          if (!subscription) return null;
          return { subscription, ended, mutedCount: alerts.length, alerts };
        },
        sleep,
      );
    },

    async setNamespaceRefused(ids, at) {
      if (ids.length === 0) return;
      await db
        .updateTable("subscriptions")
        .set({ namespace_refused_at: at === null ? null : toMs(at) })
        .where("id", "in", ids)
        .execute();
    },

    async markBroken(id, reason, now) {
      return inTransaction(
        ctx,
        async (trx) => {
          const found = await findById(trx, id);
          if (!found) return null;
          await lockWatch(trx, ctx.backend, found);
          await trx
            .updateTable("subscriptions")
            .set({ broken_reason: reason, broken_at: toMs(now) })
            .where("id", "=", id)
            .execute();
          await deleteWatchIfUnused(trx, found);
          return findById(trx, id);
        },
        sleep,
      );
    },

    async clearBroken(id, now) {
      return inTransaction(
        ctx,
        async (trx) => {
          const found = await findById(trx, id);
          if (!found) return null;
          await ensureWatch(trx, watchKeyOf(found), now);
          await trx
            .updateTable("subscriptions")
            .set({ broken_reason: null, broken_at: null })
            .where("id", "=", id)
            .execute();
          return findById(trx, id);
        },
        sleep,
      );
    },
  };
}
