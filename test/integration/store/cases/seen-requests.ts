/** Store cases: the replay memory of signed Slack requests (run once per backend by store.test.ts). */
import { describe, expect, it } from "vitest";
import { at, MINUTE, SECOND, type StoreHarness, T0 } from "../harness.js";

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

    it("accepts many signatures sent at once, each written", async () => {
      const store = await harness.open();
      // More than one statement's worth (64 rows).
      const signatures = Array.from({ length: 150 }, (_, i) => `v0=burst${i}`);
      const answers = await Promise.all(signatures.map((s) => store.rememberRequest(s, T0, at(5 * MINUTE))));
      expect(answers.every(Boolean)).toBe(true);
      const rows = await harness.database.query<{ signature: string }>("select signature from seen_requests");
      expect(rows.map((row) => row.signature).sort()).toEqual([...signatures].sort());
      // Written, not only answered: a replay of any of them is refused, at once or later.
      const again = await Promise.all(
        signatures.map((s) => store.rememberRequest(s, at(MINUTE), at(5 * MINUTE))),
      );
      expect(again.some(Boolean)).toBe(false);
    });

    it("accepts a signature sent twice at once only once", async () => {
      const store = await harness.open();
      const answers = await Promise.all([
        store.rememberRequest("v0=twice", T0, at(5 * MINUTE)),
        store.rememberRequest("v0=once", T0, at(5 * MINUTE)),
        store.rememberRequest("v0=twice", T0, at(5 * MINUTE)),
        store.rememberRequest("v0=twice", T0, at(5 * MINUTE)),
      ]);
      expect(answers).toEqual([true, true, false, false]);
    });

    it("refuses a signature a later batch repeats, and accepts the new ones beside it", async () => {
      const store = await harness.open();
      const first = await Promise.all(
        ["v0=a", "v0=b"].map((s) => store.rememberRequest(s, T0, at(5 * MINUTE))),
      );
      expect(first).toEqual([true, true]);
      const second = await Promise.all(
        ["v0=c", "v0=a", "v0=d"].map((s) => store.rememberRequest(s, at(MINUTE / 2), at(5 * MINUTE))),
      );
      expect(second).toEqual([true, false, true]);
    });

    it("takes over the row of an expired signature, once, before it is swept", async () => {
      const store = await harness.open();
      // Sweeps at T0, so none is due again for a minute: the row below stays and is taken over.
      expect(await store.rememberRequest("v0=short", T0, at(10 * SECOND))).toBe(true);
      const answers = await Promise.all([
        store.rememberRequest("v0=short", at(20 * SECOND), at(5 * MINUTE)),
        store.rememberRequest("v0=short", at(20 * SECOND), at(5 * MINUTE)),
      ]);
      expect(answers).toEqual([true, false]);
      const rows = await harness.database.query<{ expires_at: number | string }>(
        "select expires_at from seen_requests where signature = 'v0=short'",
      );
      expect(rows.map((row) => Number(row.expires_at))).toEqual([at(5 * MINUTE).getTime()]);
      expect(await store.rememberRequest("v0=short", at(30 * SECOND), at(5 * MINUTE))).toBe(false);
    });

    it("fails every request of a batch whose statement fails, and admits none", async () => {
      const store = await harness.open();
      expect(await store.rememberRequest("v0=before", T0, at(5 * MINUTE))).toBe(true);
      await harness.database.query("drop table seen_requests");
      const answers = await Promise.allSettled(
        ["v0=x", "v0=y", "v0=x"].map((s) => store.rememberRequest(s, at(SECOND), at(5 * MINUTE))),
      );
      expect(answers.map((answer) => answer.status)).toEqual(["rejected", "rejected", "rejected"]);
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
