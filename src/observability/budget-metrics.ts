/**
 * The Mixpeek request budget in /metrics: slots given and refused per caller, how long callers waited,
 * the rate allowed now (lower after a 429) and how often each watched retriever is checked because of it.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { BudgetCaller } from "../budget/budget-rules.js";

export interface BudgetMetrics {
  /** Pass as the request budget's `onTake`. */
  recordBudgetTake(caller: BudgetCaller, granted: boolean, waitedMs: number): void;
  /** The watcher's pace after each round: the budget allowed now and the interval it gives. */
  recordWatchPace(pace: { limit: number; effectiveIntervalMs: number }): void;
}

const WAIT_BUCKETS_SECONDS = [0, 0.01, 0.1, 0.5, 1, 2, 5, 10, 15, 30];

export function createBudgetMetrics(registry: Registry, prefix: string): BudgetMetrics {
  const registers = [registry];
  const slots = new Counter({
    name: `${prefix}mixpeek_budget_slots_total`,
    help: "Request slots asked of the Mixpeek budget, by caller and whether one was given in time.",
    labelNames: ["caller", "outcome"],
    registers,
  });
  const waits = new Histogram({
    name: `${prefix}mixpeek_budget_wait_seconds`,
    help: "Time a caller waited for a Mixpeek request slot.",
    labelNames: ["caller"],
    buckets: WAIT_BUCKETS_SECONDS,
    registers,
  });
  const limit = new Gauge({
    name: `${prefix}mixpeek_budget_requests_per_minute`,
    help: "Mixpeek requests allowed per minute now (MIXPEEK_MAX_REQUESTS_PER_MINUTE, less after a 429).",
    registers,
  });
  const interval = new Gauge({
    name: `${prefix}watch_effective_interval_seconds`,
    help: "How often each watched retriever is checked: WATCH_INTERVAL_SECONDS, or longer when the budget needs it.",
    registers,
  });

  return {
    recordBudgetTake(caller, granted, waitedMs) {
      slots.inc({ caller, outcome: granted ? "granted" : "refused" });
      waits.observe({ caller }, Math.max(0, waitedMs) / 1000);
    },
    recordWatchPace(pace) {
      limit.set(pace.limit);
      // A watcher without any share (the rate cut to the minimum) reports -1 rather than +Inf.
      interval.set(Number.isFinite(pace.effectiveIntervalMs) ? pace.effectiveIntervalMs / 1000 : -1);
    },
  };
}
