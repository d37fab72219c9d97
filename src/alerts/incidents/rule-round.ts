/**
 * Threshold rules, judged in the watcher's round for the retriever: each (figure, window) is read once
 * (RuleReadings) and judged for every channel's rule on it. Crossing the threshold claims a `rule_fired`
 * alert for the rule's next incident, falling under the recovery level claims the `rule_recovered` alert
 * of the current one: the alert rows are the locks, so each happens once per channel across replicas.
 * A rule that cannot be judged says so once on the subscription (its `problem`), never in the channel.
 */
import type { AlertRule, RuleState, Subscription, Watch } from "../store/index.js";
import { ruleIncidentKey } from "../store/index.js";
import type { RoundContext } from "../watcher/context.js";
import {
  type RuleFiredDetails,
  RuleFiredDetailsSchema,
  type RuleRecoveredDetails,
  readDetails,
} from "./details.js";
import { isMuted } from "./failure-recovery.js";
import { judge, type Reading, readingProblem } from "./judge.js";
import { RuleReadings } from "./readings.js";
import { readingOf, tellRuleFired, tellRuleRecovered } from "./rule-delivery.js";
import { ruleCommandText } from "./rules.js";

export async function checkRules(
  ctx: RoundContext,
  watch: Watch,
  subscribers: readonly Subscription[],
): Promise<void> {
  const rules = await ctx.store.listRules(subscribers.map((sub) => sub.id));
  if (rules.length === 0) return;
  const states = await ctx.store.ruleStates(rules);
  const readings = new RuleReadings(ctx.mixpeek, ctx.now());
  const byId = new Map(subscribers.map((sub) => [sub.id, sub]));
  for (const rule of rules) {
    const sub = byId.get(rule.subscriptionId);
    if (sub === undefined) continue;
    const reading = await readings.get(watch, rule.metric, rule.windowMs);
    await noteProblem(ctx, sub, rule, reading);
    const state = states.get(rule.id);
    const verdict = judge(rule, state?.firing ?? false, reading);
    // A mute holds both back: the rule keeps its state, and the first round after the mute catches up.
    if (verdict === "hold" || !reading.ok || reading.value === null || isMuted(sub, ctx.now())) continue;
    const judged: Judged = { ...reading, value: reading.value };
    if (verdict === "fire") await fire(ctx, sub, rule, (state?.incident ?? 0) + 1, judged);
    else if (state?.firing) await recover(ctx, sub, rule, state, judged);
  }
}

async function noteProblem(
  ctx: RoundContext,
  sub: Subscription,
  rule: AlertRule,
  reading: Reading,
): Promise<void> {
  const problem = readingProblem(rule, reading) ?? null;
  const changed = await ctx.store.setRuleProblem(rule.id, problem, ctx.now());
  if (!changed) return;
  ctx.logger.info(
    {
      namespace: sub.namespace,
      retriever: sub.retrieverId,
      channel: sub.channelId,
      rule: ruleCommandText(rule),
      problem,
    },
    problem === null ? "threshold rule can be judged again" : "threshold rule cannot be judged",
  );
}

type Judged = Extract<Reading, { ok: true }> & { value: number };

async function fire(
  ctx: RoundContext,
  sub: Subscription,
  rule: AlertRule,
  incident: number,
  reading: Judged,
) {
  const now = ctx.now();
  const details: RuleFiredDetails = { at: now.getTime(), reading: readingOf(reading) };
  const alert = await ctx.store.claimAlert({
    kind: "rule_fired",
    subscriptionId: sub.id,
    executionId: ruleIncidentKey(rule.id, incident),
    executionCreatedAt: now,
    owner: ctx.owner,
    now,
    details: JSON.stringify(details),
  });
  if (alert === null || alert.state !== "claimed") return;
  await tellRuleFired(ctx, sub, rule, alert);
}

async function recover(
  ctx: RoundContext,
  sub: Subscription,
  rule: AlertRule,
  state: RuleState,
  reading: Judged,
) {
  const now = ctx.now();
  const fired = state.firedBy;
  const details: RuleRecoveredDetails = {
    at: now.getTime(),
    reading: readingOf(reading),
    parentTs: fired?.threadTs === null ? fired.messageTs : null,
    firedAt: fired?.executionCreatedAt.getTime() ?? now.getTime(),
    fired: readDetails(RuleFiredDetailsSchema, fired?.details ?? null)?.reading ?? null,
  };
  const alert = await ctx.store.claimAlert({
    kind: "rule_recovered",
    subscriptionId: sub.id,
    executionId: ruleIncidentKey(rule.id, state.incident),
    executionCreatedAt: now,
    owner: ctx.owner,
    now,
    details: JSON.stringify(details),
  });
  if (alert === null || alert.state !== "claimed") return;
  await tellRuleRecovered(ctx, sub, rule, alert);
}
