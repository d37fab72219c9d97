/**
 * Alerts: one row per kind, execution and channel. The row is the lock: whoever inserts it owns the post.
 */
import { sql } from "kysely";
import type { StoreContext } from "./connect.js";
import { toAlert, toMs } from "./rows.js";
import type { AlertKind, AlertStore } from "./types.js";

/** A claim's last sign of life: its holder's heartbeat, or the claim itself before the first one. */
const lastSignOfLife = sql<number>`coalesce(heartbeat_at, claimed_at)`;

type AlertMethods = Pick<
  AlertStore,
  | "claimAlert"
  | "markSent"
  | "markFailed"
  | "markRolledUp"
  | "listUnfinishedClaims"
  | "reclaimStale"
  | "markWaiting"
  | "listWaitingAlerts"
  | "countWaitingAlerts"
  | "getAlert"
  | "findAlertByMessage"
  | "listRecentAlertMessages"
  | "pruneAlerts"
>;

export function alertMethods(ctx: StoreContext): AlertMethods {
  const { db } = ctx;

  return {
    async claimAlert(claim) {
      const nowMs = toMs(claim.now);
      // The subscription row supplies the channel, and its absence (deleted, broken) means no claim at all.
      // Parameters in a SELECT list have no type on PostgreSQL, hence the casts.
      const row = await db
        .insertInto("alerts")
        .columns([
          "workspace_id",
          "kind",
          "execution_id",
          "team_id",
          "channel_id",
          "subscription_id",
          "namespace",
          "retriever_id",
          "execution_created_at",
          "state",
          "claimed_by",
          "claimed_at",
          "attempts",
          "details",
        ])
        .expression((eb) =>
          eb
            .selectFrom("subscriptions as s")
            .select((s) => [
              "s.workspace_id",
              s.cast<AlertKind>(s.val(claim.kind), "text").as("kind"),
              s.cast<string>(s.val(claim.executionId), "text").as("execution_id"),
              "s.team_id",
              "s.channel_id",
              "s.id",
              "s.namespace",
              "s.retriever_id",
              s.cast<number>(s.val(toMs(claim.executionCreatedAt)), "bigint").as("execution_created_at"),
              s
                .case()
                .when(s.and([s("s.muted_until", "is not", null), s("s.muted_until", ">", nowMs)]))
                .then(sql.lit("muted"))
                .else(sql.lit("claimed"))
                .end()
                .as("state"),
              s.cast<string>(s.val(claim.owner), "text").as("claimed_by"),
              s.cast<number>(s.val(nowMs), "bigint").as("claimed_at"),
              s.lit(1).as("attempts"),
              s.cast<string | null>(s.val(claim.details ?? null), "text").as("details"),
            ])
            .where("s.id", "=", claim.subscriptionId)
            .where("s.broken_reason", "is", null),
        )
        .onConflict((oc) => oc.columns(["kind", "execution_id", "team_id", "channel_id"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toAlert(row) : null;
    },

    async markSent(id, message) {
      const result = await db
        .updateTable("alerts")
        .set({
          state: "sent",
          message_ts: message.ts,
          thread_ts: message.threadTs ?? null,
          finished_at: toMs(message.at),
        })
        .where("id", "=", id)
        .where("state", "=", "claimed")
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async markFailed(id, error, at) {
      const result = await db
        .updateTable("alerts")
        .set({ state: "failed", last_error: error, finished_at: toMs(at) })
        .where("id", "=", id)
        .where("state", "=", "claimed")
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async markRolledUp(ids, message) {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable("alerts")
        .set({
          state: "rolled_up",
          message_ts: message.ts,
          thread_ts: message.threadTs ?? null,
          finished_at: toMs(message.at),
        })
        .where("id", "in", ids)
        .where("state", "=", "claimed")
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async listUnfinishedClaims(olderThan, limit = 100, kinds) {
      const rows = await db
        .selectFrom("alerts")
        .selectAll()
        .where("state", "=", "claimed")
        .where(lastSignOfLife, "<", toMs(olderThan))
        .$if(kinds !== undefined, (qb) => qb.where("kind", "in", kinds ?? []))
        .orderBy("claimed_at")
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map(toAlert);
    },

    async reclaimStale(id, owner, staleBefore, now) {
      const row = await db
        .updateTable("alerts")
        .set((eb) => ({
          claimed_by: owner,
          claimed_at: toMs(now),
          heartbeat_at: null,
          attempts: eb("attempts", "+", 1),
        }))
        .where("id", "=", id)
        .where("state", "=", "claimed")
        .where(lastSignOfLife, "<", toMs(staleBefore))
        .returningAll()
        .executeTakeFirst();
      return row ? toAlert(row) : null;
    },

    async markWaiting(ids, code, now) {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable("alerts")
        .set((eb) => ({
          waiting_since: eb.fn.coalesce("waiting_since", eb.val(toMs(now))),
          last_error: code,
        }))
        .where("id", "in", ids)
        .where("state", "=", "claimed")
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async listWaitingAlerts(owner, options = {}) {
      const rows = await db
        .selectFrom("alerts")
        .selectAll()
        .where("claimed_by", "=", owner)
        .where("state", "=", "claimed")
        .where("waiting_since", "is not", null)
        .$if(options.subscriptionId !== undefined, (qb) =>
          qb.where("subscription_id", "=", options.subscriptionId ?? -1),
        )
        .orderBy("execution_created_at")
        .orderBy("id")
        .limit(options.limit ?? 1000)
        .execute();
      return rows.map(toAlert);
    },

    async countWaitingAlerts(owner) {
      const row = await db
        .selectFrom("alerts")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("state", "=", "claimed")
        .where("waiting_since", "is not", null)
        .$if(owner !== undefined, (qb) => qb.where("claimed_by", "=", owner ?? ""))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async getAlert(id) {
      const row = await db.selectFrom("alerts").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toAlert(row) : null;
    },

    async findAlertByMessage(subscriptionId, messageTs) {
      const row = await db
        .selectFrom("alerts")
        .selectAll()
        .where("subscription_id", "=", subscriptionId)
        .where("message_ts", "=", messageTs)
        .where("thread_ts", "is", null)
        .orderBy("id")
        .limit(1)
        .executeTakeFirst();
      return row ? toAlert(row) : null;
    },

    async listRecentAlertMessages(subscriptionId, limit) {
      // A roll-up message tells several failures: each message once, by its newest.
      const rows = await db
        .selectFrom("alerts")
        .select((eb) => ["message_ts", eb.fn.max("id").as("newest")])
        .where("subscription_id", "=", subscriptionId)
        .where("kind", "=", "failure")
        .where("state", "in", ["sent", "rolled_up"])
        .where("thread_ts", "is", null)
        .where("message_ts", "is not", null)
        .groupBy("message_ts")
        .orderBy("newest", "desc")
        .limit(Math.max(0, Math.trunc(limit)))
        .execute();
      return rows.flatMap((row) => (row.message_ts === null ? [] : [row.message_ts]));
    },

    async pruneAlerts(finishedBefore) {
      const result = await db
        .deleteFrom("alerts")
        .where("state", "in", ["sent", "failed", "rolled_up"])
        .where("finished_at", "<", toMs(finishedBefore))
        // A run dated in the future (a clock gone wrong upstream) stays newer than the watermark, so it is
        // read again every round: its row is what keeps it from being told again, so it stays until then.
        .where("execution_created_at", "<", toMs(finishedBefore))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
