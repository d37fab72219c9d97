/**
 * Threshold rules in words: the defaults, the text a rule is written as in a command (`when:p95>800ms
 * over:15m`), and how a message names it ("p95 latency above 800 ms over 15 min"). Pure.
 */
import type { RuleMetric, RuleSpec } from "../store/index.js";

export const MINUTE_MS = 60_000;
export const DEFAULT_RULE_WINDOW_MS = 15 * MINUTE_MS;
export const DEFAULT_MIN_RUNS = 10;
/**
 * A firing rule recovers only once its figure is below this share of the threshold, so a figure hovering
 * at the line does not fire, recover and fire again every round.
 */
export const RECOVERY_FACTOR = 0.8;

/** What `unsubscribe … when:` names: the alert for every failed run, or rules like this one. */
export type RuleTarget =
  | { kind: "failures" }
  | {
      kind: "rule";
      metric: RuleMetric;
      threshold: number;
      /** Given only when the command said `over:` / `min-runs:`. */
      windowMs?: number;
      minRuns?: number;
    };

export function matchesRule(target: RuleTarget, rule: RuleSpec): boolean {
  if (target.kind !== "rule") return false;
  return (
    target.metric === rule.metric &&
    target.threshold === rule.threshold &&
    (target.windowMs === undefined || target.windowMs === rule.windowMs) &&
    (target.minRuns === undefined || target.minRuns === rule.minRuns)
  );
}

/** `5%`, `800ms`, `2s`. */
export function thresholdText(metric: RuleMetric, threshold: number): string {
  if (metric === "failure_rate") return `${trimNumber(threshold)}%`;
  return threshold >= 1000 && threshold % 1000 === 0 ? `${threshold / 1000}s` : `${trimNumber(threshold)}ms`;
}

/** `15m`, `1h`, `90m`: a window as `over:` takes it. */
export function windowText(windowMs: number): string {
  const minutes = Math.round(windowMs / MINUTE_MS);
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/** "15 min", "1 hour", "2 hours", "90 min": a window in a sentence. */
export function windowWords(windowMs: number): string {
  const minutes = Math.round(windowMs / MINUTE_MS);
  if (minutes === 60) return "hour";
  if (minutes % 60 === 0) return `${minutes / 60} hours`;
  return `${minutes} min`;
}

const METRIC_WORD: Record<RuleMetric, string> = { failure_rate: "failure-rate", p95: "p95" };

/**
 * The rule as a command writes it, defaults left out: `when:failure-rate>5%`, `when:p95>800ms over:1h`.
 * Typed back into `unsubscribe`, it names this rule.
 */
export function ruleCommandText(rule: RuleSpec): string {
  const parts = [`when:${METRIC_WORD[rule.metric]}>${thresholdText(rule.metric, rule.threshold)}`];
  if (rule.windowMs !== DEFAULT_RULE_WINDOW_MS) parts.push(`over:${windowText(rule.windowMs)}`);
  if (rule.minRuns !== DEFAULT_MIN_RUNS) parts.push(`min-runs:${rule.minRuns}`);
  return parts.join(" ");
}

/** "failure rate above 5% over 15 min" / "p95 latency above 800 ms over 15 min". */
export function ruleWords(rule: RuleSpec): string {
  const figure = rule.metric === "failure_rate" ? "failure rate" : "p95 latency";
  const threshold =
    rule.metric === "failure_rate" ? `${trimNumber(rule.threshold)}%` : formatMs(rule.threshold);
  const window = windowWords(rule.windowMs);
  return `${figure} above ${threshold} over ${window === "hour" ? "1 hour" : window}`;
}

/** Where a firing rule must fall below to recover. */
export function recoveryLevel(rule: RuleSpec): number {
  return rule.threshold * RECOVERY_FACTOR;
}

/** `1,240 ms`, `2.5 s`: a latency in a sentence. */
export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${trimNumber(Math.round(ms / 100) / 10)} s`;
  return `${Math.round(ms).toLocaleString("en-US")} ms`;
}

/** `7.6%`, `0.5%`, `12%`: a rate, one decimal when it helps. */
export function formatPercent(percent: number): string {
  const rounded = percent >= 10 ? Math.round(percent) : Math.round(percent * 10) / 10;
  return `${trimNumber(rounded)}%`;
}

function trimNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
}
