/** Store cases: alert threads and their running count (run once per backend by store.test.ts). */
import { describe, expect, it } from "vitest";
import { at, MINUTE, SECOND, type StoreHarness, subscription, T0 } from "../harness.js";

export function threadsCases(harness: StoreHarness): void {
  describe("threads", () => {
    it("gives parallel increments distinct consecutive counts", async () => {
      const stores = [await harness.open(), await harness.open(), await harness.open()];
      const { subscription: sub } = await stores[0]!.subscribe(subscription());
      const window = at(-60 * MINUTE);
      expect(await stores[0]!.incrementThread(sub.id, window, T0)).toBeNull();
      expect(await stores[0]!.startThread(sub.id, "1700.00", T0, window)).toBe(true);

      const positions = await Promise.all(
        Array.from({ length: 30 }, (_, i) => stores[i % 3]!.incrementThread(sub.id, window, at(i * SECOND))),
      );
      expect(positions.every((p) => p?.parentTs === "1700.00")).toBe(true);
      expect(positions.map((p) => p!.count).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 2),
      );
      expect((await stores[1]!.getThread(sub.id))?.failureCount).toBe(31);
    });

    it("starts a new thread only when the current one is outside the window", async () => {
      const store = await harness.open();
      const { subscription: sub } = await store.subscribe(subscription());
      expect(await store.startThread(sub.id, "1.0", T0, at(-60 * MINUTE))).toBe(true);
      expect(await store.startThread(sub.id, "2.0", at(MINUTE), at(-59 * MINUTE))).toBe(false);
      expect(await store.incrementThread(sub.id, at(-59 * MINUTE), at(MINUTE))).toEqual({
        parentTs: "1.0",
        count: 2,
      });

      expect(await store.incrementThread(sub.id, at(MINUTE), at(61 * MINUTE))).toBeNull();
      expect(await store.startThread(sub.id, "3.0", at(61 * MINUTE), at(MINUTE))).toBe(true);
      expect(await store.getThread(sub.id)).toMatchObject({
        parentTs: "3.0",
        failureCount: 1,
        startedAt: at(61 * MINUTE),
      });
      expect(await store.startThread(9_999, "4.0", T0, T0)).toBe(false);
    });
  });
}
