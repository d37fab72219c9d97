/**
 * Incidents (issue 16): a subscription may carry threshold rules beside (or instead of) its alert for every
 * failed run, and says whether the end of an incident is told. Alerts get a `details` column so a message
 * told again after a crash says what the first attempt would have said (the figures a rule fired on, how
 * many failures an incident held).
 *
 * Every column added has a default matching what subscriptions did before: each failed run is posted, and
 * recovery is on.
 */
import { type Kysely, type Migration, sql } from "kysely";
import type { Backend } from "../connect.js";

export function incidentsSchema(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("subscriptions")
        .addColumn("failure_alerts", "integer", (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .alterTable("subscriptions")
        .addColumn("recovery", "integer", (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable("alerts").addColumn("details", "text").execute();

      const table = db.schema.createTable("alert_rules");
      const withId =
        backend === "postgres"
          ? table.addColumn("id", "bigserial", (c) => c.primaryKey())
          : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
      await withId
        .addColumn("subscription_id", "bigint", (c) =>
          c.notNull().references("subscriptions.id").onDelete("cascade"),
        )
        .addColumn("metric", "text", (c) => c.notNull())
        .addColumn("threshold", "double precision", (c) => c.notNull())
        .addColumn("window_ms", "bigint", (c) => c.notNull())
        .addColumn("min_runs", "integer", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("problem", "text")
        .addColumn("problem_at", "bigint")
        .addUniqueConstraint("alert_rules_key", [
          "subscription_id",
          "metric",
          "threshold",
          "window_ms",
          "min_runs",
        ])
        .execute();
      await db.schema
        .createIndex("alerts_by_kind")
        .on("alerts")
        .columns(["subscription_id", "kind"])
        .execute();

      // Failures told before incidents existed belong to no incident: without this, the first completed
      // run after the upgrade would tell every channel that an incident weeks old had just ended. A
      // recovery row at each subscription's latest told failure closes them, and is never posted.
      const now = Date.now();
      await sql`
        insert into alerts (kind, execution_id, team_id, channel_id, subscription_id, namespace, retriever_id,
          execution_created_at, state, claimed_by, claimed_at, finished_at, attempts, last_error)
        select 'recovery', a.execution_id, a.team_id, a.channel_id, a.subscription_id, a.namespace,
          a.retriever_id, a.execution_created_at, 'failed', 'migration-006', ${now}, ${now}, 0,
          'told before incidents existed'
        from alerts a
        where a.kind = 'failure' and a.state in ('sent', 'rolled_up') and a.message_ts is not null
          and a.execution_created_at = (
            select max(b.execution_created_at) from alerts b
            where b.subscription_id = a.subscription_id and b.kind = 'failure'
              and b.state in ('sent', 'rolled_up') and b.message_ts is not null)
      `.execute(db);
    },

    async down(db: Kysely<unknown>) {
      await sql`delete from alerts where claimed_by = 'migration-006'`.execute(db);
      await db.schema.dropIndex("alerts_by_kind").ifExists().execute();
      await db.schema.dropTable("alert_rules").ifExists().execute();
      await db.schema.alterTable("alerts").dropColumn("details").execute();
      await db.schema.alterTable("subscriptions").dropColumn("recovery").execute();
      await db.schema.alterTable("subscriptions").dropColumn("failure_alerts").execute();
    },
  };
}
