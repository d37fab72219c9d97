/**
 * Signatures of the Slack requests already handled, for as long as Slack's own 5-minute check would
 * still let them through. Kept in the database, not in memory: with several replicas behind one load
 * balancer, a replay sent to another replica must be refused too.
 */
import type { StoreContext } from "./connect.js";
import { toMs } from "./rows.js";
import type { AlertStore } from "./types.js";

/** How often expired signatures are swept, at most. */
const PRUNE_EVERY_MS = 60_000;

export function seenRequestMethods(ctx: StoreContext): Pick<AlertStore, "rememberRequest"> {
  const { db } = ctx;
  let lastPruneMs = Number.NEGATIVE_INFINITY;

  return {
    async rememberRequest(signature, now, expiresAt) {
      const nowMs = toMs(now);
      if (nowMs - lastPruneMs >= PRUNE_EVERY_MS) {
        lastPruneMs = nowMs;
        await db.deleteFrom("seen_requests").where("expires_at", "<=", nowMs).execute();
      }
      // A row left over from an expired signature does not count: it is taken over instead.
      const row = await db
        .insertInto("seen_requests")
        .values({ signature, expires_at: toMs(expiresAt) })
        .onConflict((oc) =>
          oc
            .column("signature")
            .doUpdateSet((eb) => ({ expires_at: eb.ref("excluded.expires_at") }))
            .where("seen_requests.expires_at", "<=", nowMs),
        )
        .returning("signature")
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
