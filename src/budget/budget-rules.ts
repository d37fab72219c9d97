/**
 * The arithmetic of the Mixpeek request budget, pure so it can be tested without a database: how many
 * requests a caller may have in the window, what rate is left after a 429, and how often each watched
 * retriever can be checked with the watcher's share.
 */

/** Who is asking: people (commands, buttons, the picker, stats, digests) come before the watcher. */
export const BUDGET_CALLERS = ["people", "watcher"] as const;
export type BudgetCaller = (typeof BUDGET_CALLERS)[number];

export interface BudgetRules {
  /** MIXPEEK_MAX_REQUESTS_PER_MINUTE: requests in any window, across every replica. */
  maxPerWindow: number;
  /** 60 s in production; only the benchmark shortens it, to run ten windows in the time of one. */
  windowMs: number;
}

/** A 429 never lowers the rate below this, and the configured budget is at least this. */
export const MIN_REQUESTS_PER_WINDOW = 3;

export type SlotAnswer = { granted: true } | { granted: false; retryInMs: number };

export interface BudgetState {
  /** The rate allowed now: the configured one, or less while recovering from a 429. */
  limit: number;
  /** Requests let through in the current window, every replica's. */
  used: number;
  /** Set while every caller waits out a 429's Retry-After. */
  pausedUntil: Date | null;
}

/**
 * Requests are counted over a window a little longer than the one promised (61 s for 60 s): a request
 * is let through some milliseconds before it reaches Mixpeek, and that lag must not push any window
 * Mixpeek counts past the budget.
 */
export function countedWindowMs(rules: BudgetRules): number {
  return rules.windowMs + Math.ceil(rules.windowMs / 60);
}

/**
 * The watcher never takes the last third: people always find a third of the budget free however many
 * retrievers are watched.
 */
export function callerCap(limit: number, caller: BudgetCaller): number {
  return caller === "watcher" ? Math.floor((limit * 2) / 3) : limit;
}

export interface LoweredRate {
  limit: number;
  /** When recovery starts (the end of the pause). */
  at: number;
}

/**
 * Additive increase after a multiplicative decrease (AIMD): a 429 halves the rate, which then grows back
 * by a tenth of the configured budget per window, so a budget set too high for the plan settles just under
 * what Mixpeek takes instead of hitting it again at once.
 */
export function currentLimit(rules: BudgetRules, lowered: LoweredRate | null, nowMs: number): number {
  if (lowered === null) return rules.maxPerWindow;
  const step = Math.max(1, Math.ceil(rules.maxPerWindow / 10));
  const windows = Math.max(0, Math.floor((nowMs - lowered.at) / rules.windowMs));
  return Math.min(rules.maxPerWindow, lowered.limit + windows * step);
}

/** The rate after a 429 at `nowMs`: half of what was allowed, never below the minimum. */
export function halvedLimit(rules: BudgetRules, lowered: LoweredRate | null, nowMs: number): number {
  return Math.max(MIN_REQUESTS_PER_WINDOW, Math.floor(currentLimit(rules, lowered, nowMs) / 2));
}

/**
 * Whether one more request fits, given the times of the requests already in the counted window (oldest
 * first); if not, how long until enough of them leave it.
 */
export function answerSlot(
  timesInWindow: readonly number[],
  cap: number,
  nowMs: number,
  countedMs: number,
): SlotAnswer {
  if (timesInWindow.length < cap) return { granted: true };
  // With a cap of 0 (the watcher while a 429 has cut the rate to the minimum), a window from now.
  const leaving = cap <= 0 ? nowMs : (timesInWindow[timesInWindow.length - cap] ?? nowMs);
  return { granted: false, retryInMs: Math.max(1, leaving + countedMs - nowMs) };
}

/**
 * How often each watched retriever can be checked when every check costs a request and the watcher may
 * use its share of `limit` per window: never more often than `intervalMs`, and stretched evenly when the
 * share is too small. Infinity when the watcher has no share at all.
 */
export function effectiveIntervalMs(
  intervalMs: number,
  watchedRetrievers: number,
  limit: number,
  windowMs: number,
): number {
  const share = callerCap(limit, "watcher");
  if (watchedRetrievers <= 0) return intervalMs;
  if (share <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(intervalMs, Math.ceil((watchedRetrievers * windowMs) / share));
}
