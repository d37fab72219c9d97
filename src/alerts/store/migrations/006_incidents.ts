/**
 * Incidents (issue 16): a subscription may carry threshold rules beside (or instead of) its alert for every
 * failed run, and says whether the end of an incident is told. Alerts get a `details` column so a message
 * told again after a crash says what the first attempt would have said (the figures a rule fired on, how
 * many failures an incident held).
 *
 * Every column added has a default matching what subscriptions did before: each failed run is posted, and
 * recovery is on.
 */
import type { Kysely, Migration } from "kysely";
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
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("alerts_by_kind").ifExists().execute();
      await db.schema.dropTable("alert_rules").ifExists().execute();
      await db.schema.alterTable("alerts").dropColumn("details").execute();
      await db.schema.alterTable("subscriptions").dropColumn("recovery").execute();
      await db.schema.alterTable("subscriptions").dropColumn("failure_alerts").execute();
    },
  };
}
