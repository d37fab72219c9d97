import { describe, expect, it } from "vitest";
import { SingleFlightCache } from "../../../src/cache/single-flight-cache.js";

/** A loader that counts its calls and can be held open, standing in for a Mixpeek call. */
function loader<T>(value: T) {
  let calls = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    get calls() {
      return calls;
    },
    release: () => release(),
    load: async () => {
      calls++;
      await gate;
      return value;
    },
  };
}

describe("SingleFlightCache", () => {
  it("shares one call between concurrent requests for the same key, then serves it from the cache", async () => {
    const cache = new SingleFlightCache<string>({ ttlSeconds: 30, maxKeys: 10 });
    const l = loader("page");
    const waiting = Array.from({ length: 20 }, () => cache.get("k", l.load));
    l.release();
    expect(await Promise.all(waiting)).toEqual(Array(20).fill("page"));
    expect(await cache.get("k", l.load)).toBe("page");
    expect(l.calls).toBe(1);
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, joins: 19, keys: 1 });
    cache.close();
  });

  it("never caches a failure", async () => {
    const cache = new SingleFlightCache<string>({ ttlSeconds: 30, maxKeys: 10 });
    await expect(cache.get("k", () => Promise.reject(new Error("Mixpeek down")))).rejects.toThrow(
      "Mixpeek down",
    );
    expect(await cache.get("k", async () => "fresh")).toBe("fresh");
    expect(cache.stats().misses).toBe(2);
    cache.close();
  });

  it("refresh skips the cached value and stores the new one", async () => {
    const cache = new SingleFlightCache<number>({ ttlSeconds: 30, maxKeys: 10 });
    await cache.get("k", async () => 1);
    expect(await cache.get("k", async () => 2, { refresh: true })).toBe(2);
    expect(await cache.get("k", async () => 3)).toBe(2);
    cache.close();
  });

  it("keeps at most maxKeys, dropping the oldest", async () => {
    const cache = new SingleFlightCache<string>({ ttlSeconds: 30, maxKeys: 3 });
    for (const key of ["a", "b", "c", "d"]) await cache.get(key, async () => key);
    expect(cache.stats().keys).toBe(3);
    let reloaded = 0;
    await cache.get("a", async () => {
      reloaded++;
      return "a";
    });
    await cache.get("d", async () => {
      reloaded++;
      return "d";
    });
    expect(reloaded).toBe(1);
    cache.close();
  });

  it("forgets a value after its TTL", async () => {
    const cache = new SingleFlightCache<string>({ ttlSeconds: 1, maxKeys: 10 });
    await cache.get("k", async () => "old");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await cache.get("k", async () => "new")).toBe("new");
    cache.close();
  });
});
