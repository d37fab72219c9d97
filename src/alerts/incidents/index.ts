/**
 * Incidents (issue 16): the watcher's round, after it told a retriever's new failures, ends the failure
 * incidents a completed run closed and judges the threshold rules; each round it also takes over the
 * incident alerts a dead replica left claimed.
 */
import type { Subscription, Watch } from "../store/index.js";
import type { RoundContext } from "../watcher/context.js";
import { checkFailureRecoveries } from "./failure-recovery.js";
import { checkRules } from "./rule-round.js";

export { INCIDENT_KINDS, recoverIncidentClaims } from "./stale-claims.js";

export interface RoundSoFar {
  /** This round just told new failures: the retriever is failing now, so no run can have ended it yet. */
  newFailures: boolean;
}

export async function checkIncidents(
  ctx: RoundContext,
  watch: Watch,
  subscribers: readonly Subscription[],
  round: RoundSoFar,
): Promise<void> {
  // A completed run after failures told this very round is told the next round: no extra Mixpeek call now.
  if (!round.newFailures) await checkFailureRecoveries(ctx, watch, subscribers);
  await checkRules(ctx, watch, subscribers);
}
