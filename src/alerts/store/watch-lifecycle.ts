/**
 * A watch exists while at least one unbroken subscription needs it. These helpers run inside the
 * transactions that add or remove subscribers. On PostgreSQL both sides lock the watch row first (the
 * upsert takes the lock when the row exists, removal takes it with FOR UPDATE), so a subscribe racing with
 * the last unsubscribe either sees the watch deleted and inserts a fresh one, or keeps it alive.
 */
import type { ExpressionBuilder, Kysely } from "kysely";
import type { Backend } from "./connect.js";
import type { WatchKey } from "./records.js";
import { toMs, workspaceOf } from "./rows.js";
import type { Database } from "./schema.js";

/** Creates the watch (watermark = now) or wakes it if a 404 paused it. */
export async function ensureWatch(db: Kysely<Database>, key: WatchKey, now: Date): Promise<void> {
  const nowMs = toMs(now);
  await db
    .insertInto("watches")
    .values({
      workspace_id: workspaceOf(key),
      namespace: key.namespace,
      retriever_id: key.retrieverId,
      created_at: nowMs,
      watermark: nowMs,
      next_attempt_at: nowMs,
    })
    .onConflict((oc) =>
      oc.columns(["workspace_id", "namespace", "retriever_id"]).doUpdateSet((eb) => {
        const wasPaused = eb("watches.paused_at", "is not", null);
        return {
          paused_at: null,
          next_attempt_at: eb
            .case()
            .when(wasPaused)
            .then(nowMs)
            .else(eb.ref("watches.next_attempt_at"))
            .end(),
          error_count: eb.case().when(wasPaused).then(0).else(eb.ref("watches.error_count")).end(),
          notice_sent: eb.case().when(wasPaused).then(0).else(eb.ref("watches.notice_sent")).end(),
        };
      }),
    )
    .execute();
}

export async function lockWatch(db: Kysely<Database>, backend: Backend, key: WatchKey): Promise<void> {
  // SQLite transactions already hold the database's write lock (BEGIN IMMEDIATE).
  if (backend !== "postgres") return;
  await db
    .selectFrom("watches")
    .select("namespace")
    .where("workspace_id", "=", workspaceOf(key))
    .where("namespace", "=", key.namespace)
    .where("retriever_id", "=", key.retrieverId)
    .forUpdate()
    .execute();
}

export async function deleteWatchIfUnused(db: Kysely<Database>, key: WatchKey): Promise<void> {
  await db
    .deleteFrom("watches")
    .where("workspace_id", "=", workspaceOf(key))
    .where("namespace", "=", key.namespace)
    .where("retriever_id", "=", key.retrieverId)
    .where((eb) => eb.not(eb.exists(activeSubscribers(eb))))
    .execute();
}

/** Unbroken subscriptions of the watch row in scope (`watches`); used by deletes and lease queries. */
export function activeSubscribers(eb: ExpressionBuilder<Database, "watches">) {
  return eb
    .selectFrom("subscriptions as s")
    .select("s.id")
    .whereRef("s.workspace_id", "=", "watches.workspace_id")
    .whereRef("s.namespace", "=", "watches.namespace")
    .whereRef("s.retriever_id", "=", "watches.retriever_id")
    .where("s.broken_reason", "is", null);
}
