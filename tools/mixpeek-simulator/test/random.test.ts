import { describe, expect, it } from "vitest";
import { createRandom, deriveSeed } from "../src/random.js";

describe("createRandom", () => {
  it("repeats its sequence for a seed", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect(Array.from({ length: 20 }, () => a.next())).toEqual(Array.from({ length: 20 }, () => b.next()));
    expect(createRandom(43).next()).not.toBe(createRandom(42).next());
  });

  it("keeps ints, picks and tokens in range", () => {
    const random = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const value = random.int(3, 6);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(6);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(["x", "y"]).toContain(random.pick(["x", "y"]));
    expect(() => random.pick([])).toThrow();
    expect(random.token(12)).toMatch(/^[a-z0-9]{12}$/);
    expect(random.hex(8)).toMatch(/^[0-9a-f]{8}$/);
  });

  it("derives independent streams from one seed", () => {
    expect(deriveSeed(5, 1)).not.toBe(deriveSeed(5, 2));
    expect(deriveSeed(5, 1)).toBe(deriveSeed(5, 1));
  });
});
