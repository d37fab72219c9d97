/**
 * Subscriptions, watches, alerts and alert threads. Instants are epoch milliseconds (`bigint`), flags are
 * 0/1 integers; see ../schema.ts for the row types.
 */
import { type CreateTableBuilder, type Kysely, type Migration, sql } from "kysely";
import type { Backend } from "../connect.js";

export function initialSchema(backend: Backend): Migration {
  // Ids are never reused (AUTOINCREMENT on SQLite), so a stale App Home button cannot hit a newer row.
  const withId = <T extends string>(table: CreateTableBuilder<T, never>) =>
    backend === "postgres"
      ? table.addColumn("id", "bigserial", (c) => c.primaryKey())
      : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable("subscriptions"))
        .addColumn("team_id", "text", (c) => c.notNull())
        .addColumn("channel_id", "text", (c) => c.notNull())
        .addColumn("namespace", "text", (c) => c.notNull())
        .addColumn("retriever_id", "text", (c) => c.notNull())
        .addColumn("retriever_name", "text", (c) => c.notNull())
        .addColumn("mention", "text")
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("muted_until", "bigint")
        .addColumn("broken_reason", "text")
        .addColumn("broken_at", "bigint")
        .addUniqueConstraint("subscriptions_key", ["team_id", "channel_id", "namespace", "retriever_id"])
        .execute();
      await db.schema
        .createIndex("subscriptions_by_retriever")
        .on("subscriptions")
        .columns(["namespace", "retriever_id"])
        .execute();

      await db.schema
        .createTable("watches")
        .addColumn("namespace", "text", (c) => c.notNull())
        .addColumn("retriever_id", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("watermark", "bigint", (c) => c.notNull())
        .addColumn("last_success_at", "bigint")
        .addColumn("error_count", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_error_kind", "text")
        .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
        .addColumn("notice_sent", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("paused_at", "bigint")
        .addColumn("lease_owner", "text")
        .addColumn("lease_expires_at", "bigint")
        .addPrimaryKeyConstraint("watches_pkey", ["namespace", "retriever_id"])
        .execute();
      await db.schema.createIndex("watches_by_due").on("watches").column("next_attempt_at").execute();

      await withId(db.schema.createTable("alerts"))
        .addColumn("execution_id", "text", (c) => c.notNull())
        .addColumn("team_id", "text", (c) => c.notNull())
        .addColumn("channel_id", "text", (c) => c.notNull())
        .addColumn("subscription_id", "bigint", (c) =>
          c.notNull().references("subscriptions.id").onDelete("cascade"),
        )
        .addColumn("namespace", "text", (c) => c.notNull())
        .addColumn("retriever_id", "text", (c) => c.notNull())
        .addColumn("execution_created_at", "bigint", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("claimed_by", "text", (c) => c.notNull())
        .addColumn("claimed_at", "bigint", (c) => c.notNull())
        .addColumn("message_ts", "text")
        .addColumn("thread_ts", "text")
        .addColumn("finished_at", "bigint")
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("last_error", "text")
        .addUniqueConstraint("alerts_key", ["execution_id", "team_id", "channel_id"])
        .addCheckConstraint("alerts_state", sql`state in ('claimed', 'sent', 'failed', 'muted', 'rolled_up')`)
        .execute();
      await db.schema.createIndex("alerts_by_state").on("alerts").columns(["state", "claimed_at"]).execute();
      await db.schema
        .createIndex("alerts_by_subscription")
        .on("alerts")
        .columns(["subscription_id", "state"])
        .execute();

      await db.schema
        .createTable("alert_threads")
        .addColumn("subscription_id", "bigint", (c) =>
          c.primaryKey().references("subscriptions.id").onDelete("cascade"),
        )
        .addColumn("parent_ts", "text", (c) => c.notNull())
        .addColumn("started_at", "bigint", (c) => c.notNull())
        .addColumn("failure_count", "integer", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ["alert_threads", "alerts", "watches", "subscriptions"]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
