import { describe, expect, it } from "vitest";
import {
  answerSlot,
  callerCap,
  countedWindowMs,
  currentLimit,
  effectiveIntervalMs,
  halvedLimit,
} from "../../../src/budget/budget-rules.js";

const rules = { maxPerWindow: 30, windowMs: 60_000 };

describe("budget rules", () => {
  it("keeps the last third from the watcher", () => {
    expect(callerCap(30, "watcher")).toBe(20);
    expect(callerCap(30, "people")).toBe(30);
    expect(callerCap(3, "watcher")).toBe(2);
  });

  it("stretches the interval evenly when the watcher's share is too small", () => {
    expect(effectiveIntervalMs(60_000, 10, 30, 60_000)).toBe(60_000);
    expect(effectiveIntervalMs(60_000, 100, 30, 60_000)).toBe(300_000);
    expect(effectiveIntervalMs(60_000, 0, 30, 60_000)).toBe(60_000);
    expect(effectiveIntervalMs(60_000, 5, 1, 60_000)).toBe(Number.POSITIVE_INFINITY);
  });

  it("halves after a 429 and recovers a tenth of the budget per window", () => {
    expect(halvedLimit(rules, null, 0)).toBe(15);
    const lowered = { limit: 15, at: 10_000 };
    expect(currentLimit(rules, lowered, 10_000)).toBe(15);
    expect(currentLimit(rules, lowered, 70_000)).toBe(18);
    expect(currentLimit(rules, lowered, 10_000 + 10 * 60_000)).toBe(30);
    expect(halvedLimit({ maxPerWindow: 4, windowMs: 60_000 }, null, 0)).toBe(3);
  });

  it("says when the next slot frees up", () => {
    const counted = countedWindowMs(rules);
    expect(counted).toBe(61_000);
    expect(answerSlot([0, 1, 2], 4, 10, counted)).toEqual({ granted: true });
    expect(answerSlot([0, 1, 2], 3, 10, counted)).toEqual({ granted: false, retryInMs: 60_990 });
    expect(answerSlot([0, 1, 2], 2, 10, counted)).toEqual({ granted: false, retryInMs: 60_991 });
  });
});
