/**
 * Incidents as the store holds them (issue 16): the threshold rules a subscription carries, and what the
 * alerts table says about each incident. An incident has no row of its own: the alert rows are its locks
 * (a `rule_fired` row opens one for a rule, a `rule_recovered` row with the same key closes it; a
 * `recovery` row closes a run of failure alerts), so its state can never disagree with what was told.
 */
import type { Alert } from "./records.js";

export const RULE_METRICS = ["failure_rate", "p95"] as const;
/** `failure_rate`: the share of finished runs that failed, in percent. `p95`: latency, in ms. */
export type RuleMetric = (typeof RULE_METRICS)[number];

/** What a rule watches: a figure over a window, the threshold it must not cross, the runs it needs. */
export interface RuleSpec {
  metric: RuleMetric;
  /** Percent for `failure_rate` (5 = 5%), milliseconds for `p95`. */
  threshold: number;
  windowMs: number;
  /** Windows with fewer runs than this are not judged. */
  minRuns: number;
}

export interface AlertRule extends RuleSpec {
  id: number;
  subscriptionId: number;
  createdBy: string;
  createdAt: Date;
  /** Why the rule could not be judged lately (told here once, never in the channel); null when it can. */
  problem: string | null;
  problemAt: Date | null;
}

/** Where a rule stands in a channel, from its newest alert row. */
export interface RuleState {
  ruleId: number;
  /** The number of its newest incident (0 before the first). */
  incident: number;
  firing: boolean;
  /** The alert that opened the current incident, while firing. */
  firedBy: Alert | null;
}

/** A subscription's alerted failures since the last recovery: the incident a completed run would end. */
export interface FailureIncident {
  subscriptionId: number;
  /** Failures told (posted, threaded or rolled up) since the last recovery. */
  failures: number;
  firstFailureAt: Date;
  lastFailureAt: Date;
  /** The newest top-level message among them: the current thread's parent. */
  parentTs: string;
}

export interface AddedRule {
  rule: AlertRule;
  /** False when the subscription already had this very rule. */
  created: boolean;
}

export interface IncidentStore {
  /** Adds a rule to a subscription (nothing when it has the same one). */
  addRule(subscriptionId: number, spec: RuleSpec, by: string, now: Date): Promise<AddedRule>;
  /**
   * Removes a rule. A subscription left with neither a rule nor failure alerts is removed with it (and
   * its watch when nobody else needs it); `subscriptionRemoved` says so.
   */
  removeRule(ruleId: number): Promise<{ rule: AlertRule; subscriptionRemoved: boolean } | null>;
  /**
   * Stops posting every failed run, keeping the subscription's rules; a subscription with no rule left
   * is removed instead. Null when there is no such subscription.
   */
  dropFailureAlerts(
    subscriptionId: number,
    by: string,
    now: Date,
  ): Promise<{ subscriptionRemoved: boolean } | null>;
  /** The rules of these subscriptions, oldest first. */
  listRules(subscriptionIds: readonly number[]): Promise<AlertRule[]>;
  /**
   * Records why a rule cannot be judged (null: it can again). Returns true only when this changed what
   * was recorded, so the problem is logged once, not every round.
   */
  setRuleProblem(ruleId: number, problem: string | null, at: Date): Promise<boolean>;
  /** Each rule's newest incident, by rule id (rules never fired are absent). */
  ruleStates(rules: readonly AlertRule[]): Promise<Map<number, RuleState>>;
  /** The open failure incident of each of these subscriptions, by subscription id (none: absent). */
  openIncidents(subscriptionIds: readonly number[]): Promise<Map<number, FailureIncident>>;
  /** Alerts told in one top-level message of a subscription (one, or a roll-up's), oldest first. */
  alertsOfMessage(subscriptionId: number, messageTs: string): Promise<Alert[]>;
  /** Failure alerts that replied under a parent message. */
  countThreadReplies(subscriptionId: number, parentTs: string): Promise<number>;
  /**
   * Ends the subscription's thread if `parentTs` is still its parent, so the next failure opens a new
   * top-level alert (a new incident) instead of replying under a recovered one.
   */
  endThread(subscriptionId: number, parentTs: string): Promise<void>;
}

/** `rule:<id>:<n>`: the execution id of a rule's n-th incident in the alerts table. */
export function ruleIncidentKey(ruleId: number, incident: number): string {
  return `rule:${ruleId}:${incident}`;
}

export function parseRuleIncidentKey(executionId: string): { ruleId: number; incident: number } | undefined {
  const match = /^rule:(\d+):(\d+)$/.exec(executionId);
  if (!match) return undefined;
  return { ruleId: Number(match[1]), incident: Number(match[2]) };
}
