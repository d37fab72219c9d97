/**
 * Who last changed a subscription and when (a change is announced in the channel and shown in
 * `/executions subscriptions`), when the watcher told a channel its namespace is no longer allowed, and
 * the signatures of recent Slack requests, so a replayed request is refused by every replica.
 */
import type { Kysely, Migration } from "kysely";

export const securitySchema: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("subscriptions").addColumn("updated_by", "text").execute();
    await db.schema.alterTable("subscriptions").addColumn("updated_at", "bigint").execute();
    await db.schema.alterTable("subscriptions").addColumn("namespace_refused_at", "bigint").execute();

    await db.schema
      .createTable("seen_requests")
      .addColumn("signature", "text", (c) => c.primaryKey())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("seen_requests_by_expiry").on("seen_requests").column("expires_at").execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("seen_requests").ifExists().execute();
    for (const column of ["namespace_refused_at", "updated_at", "updated_by"]) {
      await db.schema.alterTable("subscriptions").dropColumn(column).execute();
    }
  },
};
