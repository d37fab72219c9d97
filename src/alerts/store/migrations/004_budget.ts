/**
 * The Mixpeek request budget shared by every replica: one row per Mixpeek connection (its lock, and the
 * pause and lowered rate a 429 leaves behind), and one row per request let through, kept while it is
 * still inside the sliding window.
 */
import type { Kysely, Migration } from "kysely";
import type { Backend } from "../connect.js";

export function budgetSchema(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("mixpeek_budgets")
        .addColumn("connection", "text", (c) => c.primaryKey())
        .addColumn("paused_until", "bigint")
        .addColumn("lowered_limit", "integer")
        .addColumn("lowered_at", "bigint")
        .execute();
      const requests = db.schema.createTable("mixpeek_requests");
      await (backend === "postgres"
        ? requests.addColumn("id", "bigserial", (c) => c.primaryKey())
        : requests.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      )
        .addColumn("connection", "text", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("caller", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("mixpeek_requests_by_time")
        .on("mixpeek_requests")
        .columns(["connection", "at"])
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("mixpeek_requests").ifExists().execute();
      await db.schema.dropTable("mixpeek_budgets").ifExists().execute();
    },
  };
}
