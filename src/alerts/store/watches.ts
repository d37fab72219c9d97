/**
 * Leases on watches: with several replicas sharing PostgreSQL, each watch is polled by one replica per
 * round. Every method here is one conditional statement; the lease owner's id is the only credential.
 */
import type { ExpressionBuilder, Kysely, UpdateObject } from "kysely";
import type { StoreContext } from "./connect.js";
import type { WatchKey } from "./records.js";
import { toMs, toWatch, workspaceOf } from "./rows.js";
import type { Database } from "./schema.js";
import type { AlertStore, RoundResult } from "./types.js";
import { activeSubscribers } from "./watch-lifecycle.js";

type WatchMethods = Pick<
  AlertStore,
  "acquireDueWatches" | "renewLease" | "releaseWatch" | "completeRound" | "getWatch" | "listWatches"
>;

const byDueTime = (a: { nextAttemptAt: Date }, b: { nextAttemptAt: Date }) =>
  a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime();

/** Due, awake, needed, and free (never leased, released, or the lease ran out). */
function isAcquirable(eb: ExpressionBuilder<Database, "watches">, nowMs: number) {
  return eb.and([
    eb("watches.next_attempt_at", "<=", nowMs),
    eb("watches.paused_at", "is", null),
    eb.or([eb("watches.lease_owner", "is", null), eb("watches.lease_expires_at", "<=", nowMs)]),
    eb.exists(activeSubscribers(eb)),
  ]);
}

function heldBy(db: Kysely<Database>, owner: string, key: WatchKey) {
  return db
    .updateTable("watches")
    .where("workspace_id", "=", workspaceOf(key))
    .where("namespace", "=", key.namespace)
    .where("retriever_id", "=", key.retrieverId)
    .where("lease_owner", "=", owner);
}

function roundChanges(
  eb: ExpressionBuilder<Database, "watches">,
  result: RoundResult,
): UpdateObject<Database, "watches"> {
  const finishedAt = toMs(result.finishedAt);
  const released = { lease_owner: null, lease_expires_at: null };
  const notice = result.noticeSent === undefined ? {} : { notice_sent: result.noticeSent ? 1 : 0 };
  switch (result.outcome) {
    case "ok": {
      const watermark = result.watermark === undefined ? undefined : toMs(result.watermark);
      return {
        ...released,
        ...notice,
        last_success_at: finishedAt,
        error_count: 0,
        next_attempt_at: toMs(result.nextAttemptAt),
        ...(watermark === undefined
          ? {}
          : {
              watermark: eb
                .case()
                .when("watches.watermark", "<", watermark)
                .then(watermark)
                .else(eb.ref("watches.watermark"))
                .end(),
            }),
      };
    }
    case "error":
      return {
        ...released,
        ...notice,
        error_count: eb("watches.error_count", "+", 1),
        last_error_kind: result.errorKind,
        next_attempt_at: toMs(result.nextAttemptAt),
      };
    case "paused":
      return {
        ...released,
        ...notice,
        error_count: eb("watches.error_count", "+", 1),
        last_error_kind: result.errorKind,
        paused_at: finishedAt,
      };
  }
}

export function watchMethods(ctx: StoreContext): WatchMethods {
  const { db } = ctx;

  return {
    async acquireDueWatches(owner, now, leaseMs, limit) {
      const nowMs = toMs(now);
      const due = db
        .selectFrom("watches")
        .select(["watches.workspace_id", "watches.namespace", "watches.retriever_id"])
        .where((eb) => isAcquirable(eb, nowMs))
        .orderBy("watches.next_attempt_at")
        .limit(limit)
        // Rows another replica is leasing right now are skipped instead of waited for.
        .$if(ctx.backend === "postgres", (qb) => qb.forUpdate().skipLocked())
        .$asTuple("workspace_id", "namespace", "retriever_id");
      const rows = await db
        .updateTable("watches")
        .set({ lease_owner: owner, lease_expires_at: nowMs + leaseMs })
        .where((eb) => eb(eb.refTuple("workspace_id", "namespace", "retriever_id"), "in", due))
        // Checked again on the row being updated, so a lease taken in between is never overwritten.
        .where((eb) => isAcquirable(eb, nowMs))
        .returningAll()
        .execute();
      return rows.map(toWatch).sort(byDueTime);
    },

    async renewLease(owner, key, now, leaseMs) {
      const result = await heldBy(db, owner, key)
        .set({ lease_expires_at: toMs(now) + leaseMs })
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async releaseWatch(owner, key) {
      const result = await heldBy(db, owner, key)
        .set({ lease_owner: null, lease_expires_at: null })
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async completeRound(owner, key, result) {
      const row = await heldBy(db, owner, key)
        .set((eb) => roundChanges(eb, result))
        .returningAll()
        .executeTakeFirst();
      return row ? toWatch(row) : null;
    },

    async getWatch(key) {
      const row = await db
        .selectFrom("watches")
        .selectAll()
        .where("workspace_id", "=", workspaceOf(key))
        .where("namespace", "=", key.namespace)
        .where("retriever_id", "=", key.retrieverId)
        .executeTakeFirst();
      return row ? toWatch(row) : null;
    },

    async listWatches() {
      const rows = await db
        .selectFrom("watches")
        .selectAll()
        .orderBy("workspace_id")
        .orderBy("namespace")
        .orderBy("retriever_id")
        .execute();
      return rows.map(toWatch);
    },
  };
}
