/**
 * Alert threads: failures within ALERT_THREAD_MINUTES of a parent message go under it, and the parent
 * shows the running count. Consecutive failures may be handled by different replicas, so the count lives
 * here and moves only by conditional statements.
 */
import type { StoreContext } from "./connect.js";
import { toMs, toThread } from "./rows.js";
import type { AlertStore } from "./types.js";

type ThreadMethods = Pick<AlertStore, "incrementThread" | "startThread" | "getThread">;

export function threadMethods(ctx: StoreContext): ThreadMethods {
  const { db } = ctx;

  return {
    async incrementThread(subscriptionId, windowStart, now) {
      const row = await db
        .updateTable("alert_threads")
        .set((eb) => ({ failure_count: eb("failure_count", "+", 1), updated_at: toMs(now) }))
        .where("subscription_id", "=", subscriptionId)
        .where("started_at", ">=", toMs(windowStart))
        .returning(["parent_ts", "failure_count"])
        .executeTakeFirst();
      return row ? { parentTs: row.parent_ts, count: Number(row.failure_count) } : null;
    },

    async startThread(subscriptionId, parentTs, now, windowStart) {
      const nowMs = toMs(now);
      // Selecting from subscriptions makes a deleted subscription a no-op instead of a foreign key error.
      const row = await db
        .insertInto("alert_threads")
        .columns(["subscription_id", "parent_ts", "started_at", "failure_count", "updated_at"])
        .expression((eb) =>
          eb
            .selectFrom("subscriptions as s")
            .select((s) => [
              "s.id",
              s.cast<string>(s.val(parentTs), "text").as("parent_ts"),
              s.cast<number>(s.val(nowMs), "bigint").as("started_at"),
              s.lit(1).as("failure_count"),
              s.cast<number>(s.val(nowMs), "bigint").as("updated_at"),
            ])
            .where("s.id", "=", subscriptionId),
        )
        .onConflict((oc) =>
          oc
            .column("subscription_id")
            .doUpdateSet((eb) => ({
              parent_ts: eb.ref("excluded.parent_ts"),
              started_at: eb.ref("excluded.started_at"),
              failure_count: 1,
              updated_at: eb.ref("excluded.updated_at"),
            }))
            .where("alert_threads.started_at", "<", toMs(windowStart)),
        )
        .returning("subscription_id")
        .executeTakeFirst();
      return row !== undefined;
    },

    async getThread(subscriptionId) {
      const row = await db
        .selectFrom("alert_threads")
        .selectAll()
        .where("subscription_id", "=", subscriptionId)
        .executeTakeFirst();
      return row ? toThread(row) : null;
    },
  };
}
