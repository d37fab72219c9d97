/**
 * Scheduled digests: one row per channel and retriever with its schedule and the next time it is due, and
 * one row per digest and due time, inserted before the digest is posted. That row is the claim: whoever
 * inserts it posts that period's digest, so each period is posted once across restarts and replicas.
 */
import type { CreateTableBuilder, Kysely, Migration } from "kysely";
import type { Backend } from "../connect.js";

export function digestsSchema(backend: Backend): Migration {
  const withId = <T extends string>(table: CreateTableBuilder<T, never>) =>
    backend === "postgres"
      ? table.addColumn("id", "bigserial", (c) => c.primaryKey())
      : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable("digests"))
        .addColumn("team_id", "text", (c) => c.notNull())
        .addColumn("channel_id", "text", (c) => c.notNull())
        .addColumn("namespace", "text", (c) => c.notNull())
        .addColumn("retriever_id", "text", (c) => c.notNull())
        .addColumn("retriever_name", "text", (c) => c.notNull())
        .addColumn("cadence", "text", (c) => c.notNull())
        .addColumn("at_minutes", "integer", (c) => c.notNull())
        .addColumn("time_zone", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("next_due_at", "bigint", (c) => c.notNull())
        .addUniqueConstraint("digests_key", ["team_id", "channel_id", "namespace", "retriever_id"])
        .execute();
      await db.schema.createIndex("digests_by_due").on("digests").column("next_due_at").execute();

      await db.schema
        .createTable("digest_runs")
        .addColumn("digest_id", "bigint", (c) => c.notNull().references("digests.id").onDelete("cascade"))
        .addColumn("due_at", "bigint", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("claimed_by", "text", (c) => c.notNull())
        .addColumn("claimed_at", "bigint", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("message_ts", "text")
        .addColumn("finished_at", "bigint")
        .addColumn("last_error", "text")
        .addPrimaryKeyConstraint("digest_runs_pkey", ["digest_id", "due_at"])
        .execute();
      await db.schema
        .createIndex("digest_runs_by_state")
        .on("digest_runs")
        .columns(["state", "claimed_at"])
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("digest_runs").ifExists().execute();
      await db.schema.dropTable("digests").ifExists().execute();
    },
  };
}
