/** Store cases: the replay memory of signed Slack requests (run once per backend by store.test.ts). */
import { describe, expect, it } from "vitest";
import { at, MINUTE, type StoreHarness, T0 } from "../harness.js";

export function seenRequestsCases(harness: StoreHarness): void {
  describe("seen requests", () => {
    it("accepts a signature once until it expires, then once again", async () => {
      const store = await harness.open();
      expect(await store.rememberRequest("v0=abc", T0, at(5 * MINUTE))).toBe(true);
      expect(await store.rememberRequest("v0=abc", at(MINUTE), at(6 * MINUTE))).toBe(false);
      expect(await store.rememberRequest("v0=other", at(MINUTE), at(6 * MINUTE))).toBe(true);
      expect(await store.rememberRequest("v0=abc", at(5 * MINUTE), at(10 * MINUTE))).toBe(true);
      expect(await store.rememberRequest("v0=abc", at(6 * MINUTE), at(11 * MINUTE))).toBe(false);
    });

    it("lets exactly one of several stores on the same database accept a signature", async () => {
      const stores = await Promise.all([harness.open(), harness.open(), harness.open()]);
      const answers = await Promise.all(
        stores.flatMap((store) => [1, 2, 3].map(() => store.rememberRequest("v0=race", T0, at(5 * MINUTE)))),
      );
      expect(answers.filter(Boolean)).toHaveLength(1);
    });

    it("sweeps expired signatures", async () => {
      const store = await harness.open();
      for (let i = 0; i < 5; i++) await store.rememberRequest(`v0=old${i}`, T0, at(MINUTE));
      await store.rememberRequest("v0=new", at(10 * MINUTE), at(15 * MINUTE));
      const rows = await harness.database.query<{ signature: string }>("select signature from seen_requests");
      expect(rows.map((row) => row.signature)).toEqual(["v0=new"]);
    });
  });
}
