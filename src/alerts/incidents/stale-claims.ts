/**
 * Incident alerts claimed long ago and never recorded as told: their replica died between claim and post
 * (or between post and record). As for failure alerts (../watcher/recovery.ts), each is taken over by one
 * replica, looked for in the channel by its metadata, and told again only if Slack does not show it. A
 * recovery found in Slack still gets its parent redrawn, the step a crash may have cut.
 */
import type { Alert, AlertKind } from "../store/index.js";
import { parseRuleIncidentKey } from "../store/index.js";
import { giveUp } from "../watcher/alert-outcomes.js";
import type { RoundContext } from "../watcher/context.js";
import { RecoveryDetailsSchema, RuleRecoveredDetailsSchema, readDetails } from "./details.js";
import { tellFailureRecovery } from "./failure-recovery.js";
import { tellRuleFired, tellRuleRecovered } from "./rule-delivery.js";

export const INCIDENT_KINDS: readonly AlertKind[] = ["recovery", "rule_fired", "rule_recovered"];

const RECOVER_PER_ROUND = 50;
/** A margin for the bot's, Mixpeek's and Slack's clocks not agreeing to the millisecond. */
const CLOCK_MARGIN_MS = 30_000;

export async function recoverIncidentClaims(
  base: Pick<RoundContext, "store" | "now" | "settings">,
  /** Each alert is told with its own workspace's token (distributed mode); one out of reach waits. */
  contextFor: (workspaceId: string) => Promise<RoundContext | null>,
): Promise<void> {
  const { store } = base;
  const staleBefore = new Date(base.now().getTime() - base.settings.staleClaimMs);
  const stale = await store.listUnfinishedClaims(staleBefore, RECOVER_PER_ROUND, INCIDENT_KINDS);
  for (const listed of stale) {
    const ctx = await contextFor(listed.workspaceId);
    if (ctx === null) continue;
    const taken = await store.reclaimStale(listed.id, ctx.owner, staleBefore, ctx.now());
    if (taken === null) continue;
    ctx.tally.recovered += 1;
    const done = await takeOver(ctx, listed, taken);
    // Slack would not be read: this one is let go again (abandoned, for the next recovery) and the rest
    // wait for a later round rather than queue behind it.
    if (done === "try_later") {
      await store.releaseClaim(taken.id, ctx.owner);
      break;
    }
  }
}

/**
 * An incident alert this process holds whose post Slack could not take (it waited, see
 * ../watcher/waiting.ts): looked for in the channel first, since a post that failed may still have
 * landed, then told. Not a take-over, so no try is charged.
 */
export function retryIncidentAlert(ctx: RoundContext, alert: Alert): Promise<"done" | "try_later"> {
  return takeOver(ctx, alert, alert);
}

async function takeOver(ctx: RoundContext, listed: Alert, alert: Alert): Promise<"done" | "try_later"> {
  const sub = await ctx.store.getSubscription(alert.subscriptionId);
  if (sub === null || sub.brokenReason !== null) {
    await giveUp(ctx, alert, sub === null ? "subscription_gone" : (sub.brokenReason ?? "broken"));
    return "done";
  }
  if (alert.attempts > ctx.settings.maxAttempts) {
    await giveUp(ctx, alert, `gave up after ${alert.attempts - 1} tries`);
    return "done";
  }
  const rule = alert.kind === "recovery" ? undefined : await ruleOf(ctx, alert);
  if (alert.kind !== "recovery" && rule === undefined) {
    await giveUp(ctx, alert, "rule_gone");
    return "done";
  }
  const earliest = Math.min(listed.claimedAt.getTime(), alert.executionCreatedAt.getTime());
  const sighting = await ctx.finder.find({
    channel: sub.channelId,
    alertIds: new Set([alert.id]),
    since: new Date(earliest - CLOCK_MARGIN_MS),
    threadTs: parentOf(alert),
  });
  // Its last try posts without looking: told twice is better than never told.
  if (sighting.outcome === "try_later" && alert.attempts < ctx.settings.maxAttempts) return "try_later";
  const found = sighting.outcome === "looked" ? sighting.found.get(alert.id) : undefined;
  if (alert.kind === "recovery") await tellFailureRecovery(ctx, sub, alert, found);
  else if (rule && alert.kind === "rule_fired") await tellRuleFired(ctx, sub, rule, alert, found);
  else if (rule) await tellRuleRecovered(ctx, sub, rule, alert, found);
  return "done";
}

/** The thread its reply would be in (recoveries reply under the incident's parent). */
function parentOf(alert: Alert): string | undefined {
  if (alert.kind === "recovery") return readDetails(RecoveryDetailsSchema, alert.details)?.parentTs;
  if (alert.kind === "rule_recovered") {
    return readDetails(RuleRecoveredDetailsSchema, alert.details)?.parentTs ?? undefined;
  }
  return undefined;
}

async function ruleOf(ctx: RoundContext, alert: Alert) {
  const key = parseRuleIncidentKey(alert.executionId);
  if (key === undefined) return undefined;
  const rules = await ctx.store.listRules([alert.subscriptionId]);
  return rules.find((rule) => rule.id === key.ruleId);
}
