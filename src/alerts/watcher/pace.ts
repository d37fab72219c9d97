/**
 * The watcher under the request budget: how many checks fit in this round (the watcher's share of the
 * window, never the last third), and how often each retriever can be checked when every one of them
 * is to be checked with that share, the interval stretched evenly.
 */
import { type BudgetRules, callerCap, effectiveIntervalMs } from "../../budget/budget-rules.js";
import type { RequestBudget } from "../../budget/request-budget.js";
import type { WatchPace } from "./report.js";

export interface RoundPace {
  pace: WatchPace | null;
  /** How many watches to lease this round at most. */
  slots: number;
  /** The interval to schedule each check's next one with (finite). */
  nextCheckInMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function roundPace(
  budget: RequestBudget | undefined,
  intervalMs: number,
  watchedRetrievers: number,
  maxPerRound: number,
): Promise<RoundPace> {
  if (budget === undefined) return { pace: null, slots: maxPerRound, nextCheckInMs: intervalMs };
  const state = await budget.state();
  const pace = paceOf(budget.rules, intervalMs, watchedRetrievers, state.limit, state.pausedUntil);
  const free = state.pausedUntil === null ? callerCap(state.limit, "watcher") - state.used : 0;
  return {
    pace,
    slots: Math.max(0, Math.min(maxPerRound, free)),
    nextCheckInMs: Math.min(DAY_MS, pace.effectiveIntervalMs),
  };
}

export function paceOf(
  rules: BudgetRules,
  intervalMs: number,
  watchedRetrievers: number,
  limit: number,
  pausedUntil: Date | null,
): WatchPace {
  const perMinute = (perWindow: number) => (perWindow * 60_000) / rules.windowMs;
  return {
    intervalMs,
    effectiveIntervalMs: effectiveIntervalMs(intervalMs, watchedRetrievers, limit, rules.windowMs),
    maxPerMinute: perMinute(rules.maxPerWindow),
    limitPerMinute: perMinute(limit),
    pausedUntil,
  };
}
