import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  isTransientNetworkError,
  nextRetryDelayMs,
  parseRetryAfterMs,
} from "../../../src/mixpeek/retry.js";

const policy = DEFAULT_RETRY_POLICY;

describe("backoffDelayMs", () => {
  it("doubles the cap with each try until maxDelayMs", () => {
    const almostOne = () => 1 - Number.EPSILON;
    const caps = [1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelayMs(attempt, policy, almostOne) + 1);
    expect(caps).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000]);
  });

  it("stays within [0, cap) for any random value", () => {
    for (const value of [0, 0.1, 0.5, 0.9, 0.999_999]) {
      for (const attempt of [1, 2, 3, 4, 5, 10]) {
        const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
        const delay = backoffDelayMs(attempt, policy, () => value);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(cap);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });
});

describe("nextRetryDelayMs", () => {
  const half = () => 0.5;

  it("uses the backoff, or Retry-After when the server gave one", () => {
    expect(nextRetryDelayMs({ attemptsMade: 2, elapsedMs: 0 }, policy, half)).toBe(250);
    expect(nextRetryDelayMs({ attemptsMade: 2, elapsedMs: 0, retryAfterMs: 6000 }, policy, half)).toBe(6000);
    expect(nextRetryDelayMs({ attemptsMade: 1, elapsedMs: 0, retryAfterMs: 0 }, policy, half)).toBe(0);
  });

  it("gives up once the tries are spent", () => {
    expect(nextRetryDelayMs({ attemptsMade: 4, elapsedMs: 0 }, policy, half)).toBeUndefined();
  });

  it("gives up when the wait would reach the end of the budget", () => {
    expect(nextRetryDelayMs({ attemptsMade: 1, elapsedMs: 7874, retryAfterMs: 125 }, policy, half)).toBe(125);
    expect(nextRetryDelayMs({ attemptsMade: 1, elapsedMs: 7875 }, policy, half)).toBeUndefined();
    expect(
      nextRetryDelayMs({ attemptsMade: 1, elapsedMs: 0, retryAfterMs: 8000 }, policy, half),
    ).toBeUndefined();
  });
});

describe("parseRetryAfterMs", () => {
  const now = Date.UTC(2025, 0, 15, 12, 0, 0);

  it.each<[string | undefined, number | undefined]>([
    ["0", 0],
    ["7", 7000],
    [" 3 ", 3000],
    ["Wed, 15 Jan 2025 12:00:04 GMT", 4000],
    ["Wed, 15 Jan 2025 11:59:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    ["1.5", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("reads %j as %j ms", (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});

describe("what is retried", () => {
  it("retries 429 and gateway statuses, not 500 or client errors", () => {
    const retried = [400, 401, 403, 404, 409, 422, 429, 500, 501, 502, 503, 504].filter(isRetryableStatus);
    expect(retried).toEqual([429, 502, 503, 504]);
  });

  it("finds transient codes directly, in a cause, or inside an AggregateError", () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    expect(isTransientNetworkError(coded("ECONNRESET"))).toBe(true);
    expect(isTransientNetworkError(coded("UND_ERR_HEADERS_TIMEOUT"))).toBe(true);
    expect(isTransientNetworkError(new Error("wrapped", { cause: coded("ECONNREFUSED") }))).toBe(true);
    expect(isTransientNetworkError(new AggregateError([new Error("x"), coded("ECONNREFUSED")]))).toBe(true);
  });

  it("does not retry other errors, even one that is its own cause", () => {
    const loop: Error & { cause?: unknown } = new Error("loop");
    loop.cause = loop;
    expect(isTransientNetworkError(loop)).toBe(false);
    expect(isTransientNetworkError(Object.assign(new Error("bad"), { code: "UND_ERR_INVALID_ARG" }))).toBe(
      false,
    );
    expect(isTransientNetworkError("ECONNRESET")).toBe(false);
  });
});
