/**
 * Alerts get a kind, so one execution can be told to one channel in more than one way (its failure, and
 * later the recovery it ended, say). The unique key that makes the row the lock becomes
 * (kind, execution_id, team_id, channel_id); every alert so far is a `failure`.
 *
 * SQLite cannot change a table's constraints in place, so there the table is rebuilt with the new key and
 * the rows copied over; PostgreSQL swaps the constraint.
 */
import { type Kysely, type Migration, sql } from "kysely";
import type { Backend } from "../connect.js";

const COLUMNS = [
  "id",
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
  "message_ts",
  "thread_ts",
  "finished_at",
  "attempts",
  "last_error",
];

export function alertKinds(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (backend === "postgres") {
        await db.schema
          .alterTable("alerts")
          .addColumn("kind", "text", (c) => c.notNull().defaultTo("failure"))
          .execute();
        await db.schema.alterTable("alerts").dropConstraint("alerts_key").execute();
        await db.schema
          .alterTable("alerts")
          .addUniqueConstraint("alerts_key", ["kind", "execution_id", "team_id", "channel_id"])
          .execute();
        return;
      }
      await db.schema
        .createTable("alerts_with_kind")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("kind", "text", (c) => c.notNull().defaultTo("failure"))
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
        .addUniqueConstraint("alerts_key", ["kind", "execution_id", "team_id", "channel_id"])
        .addCheckConstraint("alerts_state", sql`state in ('claimed', 'sent', 'failed', 'muted', 'rolled_up')`)
        .execute();
      const columns = sql.join(COLUMNS.map((name) => sql.ref(name)));
      await sql`insert into alerts_with_kind (${columns}) select ${columns} from alerts`.execute(db);
      // Ids are never reused: the new table's AUTOINCREMENT counter starts where the old one stopped.
      await sql`update sqlite_sequence set seq = (select seq from sqlite_sequence where name = 'alerts')
        where name = 'alerts_with_kind'`.execute(db);
      await db.schema.dropTable("alerts").execute();
      await db.schema.alterTable("alerts_with_kind").renameTo("alerts").execute();
      await db.schema.createIndex("alerts_by_state").on("alerts").columns(["state", "claimed_at"]).execute();
      await db.schema
        .createIndex("alerts_by_subscription")
        .on("alerts")
        .columns(["subscription_id", "state"])
        .execute();
    },

    async down() {
      throw new Error("002_alert_kinds cannot be undone: a second kind of alert would break the old key");
    },
  };
}
