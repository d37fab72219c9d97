/**
 * Digests and their runs. The run row is the lock: whoever inserts (digest, due time) posts that digest.
 */
import type { Kysely, Selectable } from "kysely";
import { canonicalTimeZone, DIGEST_CADENCES, type DigestCadence } from "../../digests/schedule.js";
import type { StoreContext } from "./connect.js";
import type { Digest, DigestRun, DigestRunState, DigestStore } from "./digest-records.js";
import { toMs, workspaceOf } from "./rows.js";
import type { Database, DigestRunsTable, DigestsTable } from "./schema.js";

const toDigest = (row: Selectable<DigestsTable>): Digest => ({
  id: Number(row.id),
  workspaceId: row.workspace_id,
  teamId: row.team_id,
  channelId: row.channel_id,
  namespace: row.namespace,
  retrieverId: row.retriever_id,
  retrieverName: row.retriever_name,
  cadence: (DIGEST_CADENCES as readonly string[]).includes(row.cadence)
    ? (row.cadence as DigestCadence)
    : "daily",
  atMinutes: Number(row.at_minutes),
  timeZone: canonicalTimeZone(row.time_zone) ?? "UTC",
  createdBy: row.created_by,
  createdAt: new Date(Number(row.created_at)),
  nextDueAt: new Date(Number(row.next_due_at)),
});

const toRun = (row: Selectable<DigestRunsTable>): DigestRun => ({
  digestId: Number(row.digest_id),
  dueAt: new Date(Number(row.due_at)),
  state: row.state as DigestRunState,
  claimedBy: row.claimed_by,
  claimedAt: new Date(Number(row.claimed_at)),
  attempts: Number(row.attempts),
  messageTs: row.message_ts,
  finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)),
  lastError: row.last_error,
});

async function digestsById(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Digest>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("digests")
    .selectAll()
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [Number(row.id), toDigest(row)]));
}

/** Runs with their digest; a run whose digest was removed in between is dropped. */
async function withDigests(db: Kysely<Database>, runs: DigestRun[]) {
  const digests = await digestsById(
    db,
    runs.map((run) => run.digestId),
  );
  return runs.flatMap((run) => {
    const digest = digests.get(run.digestId);
    return digest ? [{ digest, run }] : [];
  });
}

export function digestMethods(ctx: StoreContext): DigestStore {
  const { db } = ctx;

  return {
    async setDigest(input) {
      const values = {
        workspace_id: workspaceOf(input),
        team_id: input.teamId,
        channel_id: input.channelId,
        namespace: input.namespace,
        retriever_id: input.retrieverId,
        retriever_name: input.retrieverName,
        cadence: input.cadence,
        at_minutes: input.atMinutes,
        time_zone: input.timeZone,
        created_by: input.createdBy,
        created_at: toMs(input.now),
        next_due_at: toMs(input.nextDueAt),
      };
      const existed = await db
        .selectFrom("digests")
        .select("id")
        .where("team_id", "=", input.teamId)
        .where("channel_id", "=", input.channelId)
        .where("namespace", "=", input.namespace)
        .where("retriever_id", "=", input.retrieverId)
        .executeTakeFirst();
      const row = await db
        .insertInto("digests")
        .values(values)
        .onConflict((oc) =>
          oc.columns(["team_id", "channel_id", "namespace", "retriever_id"]).doUpdateSet({
            retriever_name: values.retriever_name,
            cadence: values.cadence,
            at_minutes: values.at_minutes,
            time_zone: values.time_zone,
            created_by: values.created_by,
            next_due_at: values.next_due_at,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return { digest: toDigest(row), created: existed === undefined };
    },

    async removeDigest(key) {
      const row = await db
        .deleteFrom("digests")
        .where("team_id", "=", key.teamId)
        .where("channel_id", "=", key.channelId)
        .where("namespace", "=", key.namespace)
        .where("retriever_id", "=", key.retrieverId)
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      // SQLite enforces the cascade only with foreign keys on; the runs go explicitly on both backends.
      await db.deleteFrom("digest_runs").where("digest_id", "=", Number(row.id)).execute();
      return toDigest(row);
    },

    async getDigest(id) {
      const row = await db.selectFrom("digests").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toDigest(row) : null;
    },

    async listChannelDigests(teamId, channelId) {
      const rows = await db
        .selectFrom("digests")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("channel_id", "=", channelId)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toDigest);
    },

    async claimDueDigests(owner, now, limit) {
      const nowMs = toMs(now);
      // Parameters in a SELECT list have no type on PostgreSQL, hence the casts.
      const rows = await db
        .insertInto("digest_runs")
        .columns(["digest_id", "due_at", "state", "claimed_by", "claimed_at", "attempts"])
        .expression((eb) =>
          eb
            .selectFrom("digests as d")
            .select((s) => [
              "d.id",
              "d.next_due_at",
              s.cast<string>(s.val("claimed"), "text").as("state"),
              s.cast<string>(s.val(owner), "text").as("claimed_by"),
              s.cast<number>(s.val(nowMs), "bigint").as("claimed_at"),
              s.lit(1).as("attempts"),
            ])
            .where("d.next_due_at", "<=", nowMs)
            .orderBy("d.next_due_at")
            .limit(limit),
        )
        .onConflict((oc) => oc.columns(["digest_id", "due_at"]).doNothing())
        .returningAll()
        .execute();
      return withDigests(db, rows.map(toRun));
    },

    async listDueDigests(now, limit) {
      const rows = await db
        .selectFrom("digests")
        .selectAll()
        .where("next_due_at", "<=", toMs(now))
        .orderBy("next_due_at")
        .limit(limit)
        .execute();
      return rows.map(toDigest);
    },

    async advanceDigest(id, from, to) {
      const result = await db
        .updateTable("digests")
        .set({ next_due_at: toMs(to) })
        .where("id", "=", id)
        .where("next_due_at", "=", toMs(from))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async finishDigestRun(digestId, dueAt, result) {
      const update = await db
        .updateTable("digest_runs")
        .set({
          state: result.state,
          finished_at: toMs(result.at),
          message_ts: result.state === "sent" ? result.messageTs : null,
          last_error: result.state === "sent" ? null : result.error,
        })
        .where("digest_id", "=", digestId)
        .where("due_at", "=", toMs(dueAt))
        .where("state", "=", "claimed")
        .executeTakeFirst();
      return update.numUpdatedRows > 0n;
    },

    async listStaleDigestRuns(olderThan, limit = 100) {
      const rows = await db
        .selectFrom("digest_runs")
        .selectAll()
        .where("state", "=", "claimed")
        .where("claimed_at", "<", toMs(olderThan))
        .orderBy("claimed_at")
        .limit(limit)
        .execute();
      return withDigests(db, rows.map(toRun));
    },

    async reclaimDigestRun(digestId, dueAt, owner, staleBefore, now) {
      const row = await db
        .updateTable("digest_runs")
        .set((eb) => ({ claimed_by: owner, claimed_at: toMs(now), attempts: eb("attempts", "+", 1) }))
        .where("digest_id", "=", digestId)
        .where("due_at", "=", toMs(dueAt))
        .where("state", "=", "claimed")
        .where("claimed_at", "<", toMs(staleBefore))
        .returningAll()
        .executeTakeFirst();
      return row ? toRun(row) : null;
    },

    async makeDigestsDue(teamId, now) {
      const result = await db
        .updateTable("digests")
        .set({ next_due_at: toMs(now) })
        .where("team_id", "=", teamId)
        .where("next_due_at", ">", toMs(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
