/**
 * Alerts waiting for Slack, and claims kept alive by the process that holds them.
 *
 * - `heartbeat_at`: the holder's last sign of life (renewed every few seconds while it runs). A claim is
 *   abandoned when neither it nor its claim time is recent, so a live process may hold a claim for hours
 *   (retrying through a Slack outage) without anyone taking it over.
 * - `waiting_since`: when a post of the alert first failed for a reason that passes (Slack down, busy,
 *   timing out); the holder retries it with backoff and gives up only long after this. Null otherwise.
 */
import type { Kysely, Migration } from "kysely";

export const deliveryRetriesSchema: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("alerts").addColumn("heartbeat_at", "bigint").execute();
    await db.schema.alterTable("alerts").addColumn("waiting_since", "bigint").execute();
    await db.schema.createIndex("alerts_by_holder").on("alerts").columns(["claimed_by", "state"]).execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex("alerts_by_holder").ifExists().execute();
    for (const column of ["waiting_since", "heartbeat_at"]) {
      await db.schema.alterTable("alerts").dropColumn(column).execute();
    }
  },
};
