/**
 * What a live process holds (watch leases, alert claims) and how it shows it is alive. A process renews
 * both every few seconds, whatever it is doing, so a lease can be short and a claim can wait out a long
 * Slack outage with its holder; a holder that stops renewing (SIGKILL, a lost machine) loses both soon.
 * At start, a process drops what an earlier incarnation left (same id, or anyone's on a one-writer
 * SQLite file): that process is dead, and its work is taken over at once instead of after a lease.
 */
import type { StoreContext } from "./connect.js";
import { toMs } from "./rows.js";
import type { AlertStore } from "./types.js";

/** The heartbeat of a claim let go: older than any staleness bound, and never renewed again. */
const ABANDONED = 0;

type HolderMethods = Pick<AlertStore, "heartbeat" | "abandonHeldWork" | "releaseClaim">;

export function holderMethods(ctx: StoreContext): HolderMethods {
  const { db } = ctx;

  return {
    async heartbeat(owner, { now, leaseMs, claimsSince }) {
      const nowMs = toMs(now);
      const leases = await db
        .updateTable("watches")
        .set({ lease_expires_at: nowMs + leaseMs })
        .where("lease_owner", "=", owner)
        .executeTakeFirst();
      // Only this incarnation's claims: one an earlier process with the same id left is not kept alive.
      const claims = await db
        .updateTable("alerts")
        .set({ heartbeat_at: nowMs })
        .where("claimed_by", "=", owner)
        .where("state", "=", "claimed")
        .where("claimed_at", ">=", toMs(claimsSince))
        .where((eb) => eb.or([eb("heartbeat_at", "is", null), eb("heartbeat_at", "<>", ABANDONED)]))
        .executeTakeFirst();
      return { leases: Number(leases.numUpdatedRows), claims: Number(claims.numUpdatedRows) };
    },

    async abandonHeldWork(owner, before) {
      const leases = await db
        .updateTable("watches")
        .set({ lease_owner: null, lease_expires_at: null })
        .where("lease_owner", "is not", null)
        .$if(owner !== null, (qb) => qb.where("lease_owner", "=", owner ?? ""))
        .executeTakeFirst();
      // Abandoned now, so the next recovery looks for them in Slack and posts them.
      const claims = await db
        .updateTable("alerts")
        .set({ heartbeat_at: ABANDONED })
        .where("state", "=", "claimed")
        .where("claimed_at", "<", toMs(before))
        .$if(owner !== null, (qb) => qb.where("claimed_by", "=", owner ?? ""))
        .executeTakeFirst();
      return { leases: Number(leases.numUpdatedRows), claims: Number(claims.numUpdatedRows) };
    },

    async releaseClaim(id, owner) {
      const result = await db
        .updateTable("alerts")
        .set({ heartbeat_at: ABANDONED })
        .where("id", "=", id)
        .where("claimed_by", "=", owner)
        .where("state", "=", "claimed")
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
