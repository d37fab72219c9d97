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

// Stand-ins for the three values of `remember`, found again among the compiled query's parameters.
const SIGNATURE = "\u0000signature";
const EXPIRES_AT = -1;
const NOW = -2;

export function seenRequestMethods(ctx: StoreContext): Pick<AlertStore, "rememberRequest"> {
  const { db } = ctx;
  let lastPruneMs = Number.NEGATIVE_INFINITY;
  // A row left over from an expired signature does not count: it is taken over instead.
  const remember = (signature: string, expiresAtMs: number, nowMs: number) =>
    db
      .insertInto("seen_requests")
      .values({ signature, expires_at: expiresAtMs })
      .onConflict((oc) =>
        oc
          .column("signature")
          .doUpdateSet((eb) => ({ expires_at: eb.ref("excluded.expires_at") }))
          .where("seen_requests.expires_at", "<=", nowMs),
      )
      .returning("signature");
  // Every Slack request runs this query: it is built and compiled once, and each run binds its values.
  const compiled = remember(SIGNATURE, EXPIRES_AT, NOW).compile();
  const bind = (signature: string, expiresAtMs: number, nowMs: number) => ({
    ...compiled,
    parameters: compiled.parameters.map((value) =>
      value === SIGNATURE ? signature : value === EXPIRES_AT ? expiresAtMs : value === NOW ? nowMs : value,
    ),
  });

  return {
    async rememberRequest(signature, now, expiresAt) {
      const nowMs = toMs(now);
      if (nowMs - lastPruneMs >= PRUNE_EVERY_MS) {
        lastPruneMs = nowMs;
        await db.deleteFrom("seen_requests").where("expires_at", "<=", nowMs).execute();
      }
      const { rows } = await db.executeQuery(bind(signature, toMs(expiresAt), nowMs));
      return rows.length > 0;
    },
  };
}
