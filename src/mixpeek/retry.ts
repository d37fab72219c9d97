/**
 * When a failed Mixpeek call is worth another try, and how long to wait first. Pure functions: the
 * client owns the clock, the sleep and the randomness and passes them in.
 */

export interface RetryPolicy {
  /** Tries in total, the first one included (4 = one try and up to three retries). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Budget for the whole call: every try and every wait between tries. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  maxTotalMs: 8000,
};

/**
 * Exponential backoff with full jitter: a uniform wait in [0, cap) where the cap doubles with each try.
 * Full jitter spreads out many bot instances that hit the same rate limit at once.
 */
export function backoffDelayMs(attemptsMade: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.floor(random() * cap);
}

export interface RetryState {
  /** Tries made so far, the one that just failed included. */
  attemptsMade: number;
  /** Time spent on this call so far, waits included. */
  elapsedMs: number;
  /** What the server asked for (`Retry-After`), which replaces our own backoff. */
  retryAfterMs?: number | undefined;
}

/** How long to wait before the next try, or undefined when the count or the time budget is spent. */
export function nextRetryDelayMs(
  state: RetryState,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (state.attemptsMade >= policy.maxAttempts) return undefined;
  const delay = state.retryAfterMs ?? backoffDelayMs(state.attemptsMade, policy, random);
  // The next try needs some time of its own, so a wait that ends exactly at the budget is no use.
  if (state.elapsedMs + delay >= policy.maxTotalMs) return undefined;
  return delay;
}

/** Statuses that say "try again later" rather than "this request is wrong". 500 is not one: Mixpeek
 * answers 500 for real errors, which fail the same way on every try. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

const TRANSIENT_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
  "MIXPEEK_RESPONSE_TIMEOUT",
]);

/** The error code of a network failure, looking through wrappers (`cause`, `AggregateError`). */
export function networkErrorCode(error: unknown, depth = 0): string | undefined {
  // The depth limit guards against an error that is its own cause.
  if (typeof error !== "object" || error === null || depth > 5) return undefined;
  const { code } = error as { code?: unknown };
  if (typeof code === "string") return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = networkErrorCode(inner, depth + 1);
      if (innerCode !== undefined) return innerCode;
    }
  }
  return networkErrorCode((error as { cause?: unknown }).cause, depth + 1);
}

export function isTransientNetworkError(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && TRANSIENT_ERROR_CODES.has(code);
}

/**
 * `Retry-After` as milliseconds from now: either delay-seconds or an HTTP-date. Undefined when absent
 * or unreadable; a date in the past means "now" (0).
 */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date always names its weekday and month; without letters, Date.parse would accept
  // oddities such as "-1" or "1.5" as dates.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
