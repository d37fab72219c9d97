/**
 * Credits and limits of one execution. Mixpeek documents `budget` only as an open object (its
 * examples hold `credits_used`, `credits_remaining`, `time_used_ms`, and sometimes the limits, flat
 * or under a `budget_limits` object), so every number is read defensively and shown only when sane.
 */
import type { ExecutionDetail } from "../../mixpeek/schemas.js";
import { formatCredits, formatDuration } from "../shared/mrkdwn.js";

type Budget = Record<string, unknown>;

function amount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function nested(budget: Budget, key: string): Budget | undefined {
  const value = budget[key];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Budget) : undefined;
}

/** A number from the budget, flat or under one of the objects Mixpeek uses for limits. */
function budgetNumber(budget: Budget | undefined, key: string): number | undefined {
  if (budget === undefined) return undefined;
  return (
    amount(budget[key]) ??
    amount(nested(budget, "budget_limits")?.[key]) ??
    amount(nested(budget, "limits")?.[key])
  );
}

export function creditsUsed(detail: ExecutionDetail): number | undefined {
  return amount(detail.budget?.credits_used) ?? amount(detail.stage_statistics?.credits_used);
}

/** `0.5 credits`, then the budget when Mixpeek sent one: `Budget 100 credits · 99.5 credits left`. */
export function creditsText(detail: ExecutionDetail): string {
  const used = creditsUsed(detail);
  const max = budgetNumber(detail.budget, "max_credits");
  const remaining = budgetNumber(detail.budget, "credits_remaining");
  const lines = [used === undefined ? "—" : formatCredits(used)];
  const limits: string[] = [];
  if (max !== undefined) limits.push(`Budget ${formatCredits(max)}`);
  if (remaining !== undefined) limits.push(`${formatCredits(remaining)} left`);
  if (limits.length > 0) lines.push(limits.join("  ·  "));
  return lines.join("\n");
}

/** `\nLimit 1 min 00 s` when the execution ran under a time limit; empty otherwise. */
export function timeLimitText(detail: ExecutionDetail): string {
  const max = budgetNumber(detail.budget, "max_time_ms");
  return max === undefined ? "" : `\nLimit ${formatDuration(max)}`;
}
