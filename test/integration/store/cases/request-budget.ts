/** Store cases: the Mixpeek request budget shared by replicas (run once per backend by store.test.ts). */
import { describe, expect, it } from "vitest";
import type { AlertStore } from "../../../../src/alerts/store/types.js";
import type { BudgetCaller, BudgetRules } from "../../../../src/budget/budget-rules.js";
import { at, SECOND, type StoreHarness } from "../harness.js";

const rules: BudgetRules = { maxPerWindow: 6, windowMs: 60 * SECOND };
// The budget counts over 61 s for a 60-s window (see countedWindowMs).
const COUNTED_MS = 61 * SECOND;

function take(
  store: AlertStore,
  offsetMs: number,
  caller: BudgetCaller = "people",
  connection = "mixpeek:a",
) {
  return store.takeRequestSlot({ connection, now: at(offsetMs), rules, caller });
}

export function requestBudgetCases(harness: StoreHarness): void {
  describe("request budget", () => {
    it("lets the budget through in a window and says when the next slot frees up", async () => {
      const store = await harness.open();
      for (let i = 0; i < 6; i++) expect(await take(store, i * SECOND)).toEqual({ granted: true });
      expect(await take(store, 10 * SECOND)).toEqual({ granted: false, retryInMs: COUNTED_MS - 10 * SECOND });
      // The oldest has left the window: one more fits, and only one.
      expect(await take(store, COUNTED_MS + 1)).toEqual({ granted: true });
      expect((await take(store, COUNTED_MS + 2)).granted).toBe(false);
      // Another Mixpeek connection has a budget of its own.
      expect(await take(store, 10 * SECOND, "people", "mixpeek:b")).toEqual({ granted: true });
    });

    it("never gives the watcher the last third", async () => {
      const store = await harness.open();
      for (let i = 0; i < 4; i++) expect((await take(store, i, "watcher")).granted).toBe(true);
      expect((await take(store, 5, "watcher")).granted).toBe(false);
      expect((await take(store, 6, "people")).granted).toBe(true);
      expect((await take(store, 7, "people")).granted).toBe(true);
      expect((await take(store, 8, "people")).granted).toBe(false);
    });

    it("counts exactly when several replicas ask at once", async () => {
      const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);
      const answers = await Promise.all(
        stores.flatMap((store) => Array.from({ length: 8 }, (_, i) => take(store, i))),
      );
      expect(answers.filter((answer) => answer.granted)).toHaveLength(6);
    });

    it("pauses everyone after a 429, halves the rate once, and recovers it a step per window", async () => {
      const store = await harness.open();
      const connection = "mixpeek:a";
      await store.recordRateLimited({ connection, now: at(0), rules, retryAfterMs: 10 * SECOND });
      // A second 429 from a request sent before the first came back extends the pause, no second halving.
      await store.recordRateLimited({ connection, now: at(SECOND), rules, retryAfterMs: 10 * SECOND });
      expect(await take(store, 5 * SECOND)).toEqual({ granted: false, retryInMs: 6 * SECOND });
      expect(await take(store, 5 * SECOND, "watcher")).toEqual({ granted: false, retryInMs: 6 * SECOND });
      const paused = await store.requestBudgetState({ connection, now: at(5 * SECOND), rules });
      expect(paused).toEqual({ limit: 3, used: 0, pausedUntil: at(11 * SECOND) });

      for (let i = 0; i < 3; i++) expect((await take(store, 11 * SECOND + i)).granted).toBe(true);
      expect((await take(store, 11 * SECOND + 5)).granted).toBe(false);
      // One window after the pause ended, a step (a tenth of the budget, at least 1) comes back.
      const later = await store.requestBudgetState({ connection, now: at(71 * SECOND + 10), rules });
      expect(later.limit).toBe(4);
      expect(later.pausedUntil).toBeNull();
      const recovered = await store.requestBudgetState({
        connection,
        now: at(11 * SECOND + 10 * 60 * SECOND),
        rules,
      });
      expect(recovered.limit).toBe(6);
    });
  });
}
