import { describe, expect, it, vi } from "vitest";
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

  it("forgets a value after its TTL, not before", async () => {
    // node-cache reads the time from Date.now(); only the clock is faked, no timer.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const cache = new SingleFlightCache<string>({ ttlSeconds: 1, maxKeys: 10 });
      await cache.get("k", async () => "old");
      vi.setSystemTime(Date.now() + 999);
      expect(await cache.get("k", async () => "new")).toBe("old");
      vi.setSystemTime(Date.now() + 2);
      expect(await cache.get("k", async () => "new")).toBe("new");
      cache.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("SingleFlightCache.forget", () => {
  it("drops the matching keys only, so the next request loads afresh", async () => {
    const cache = new SingleFlightCache<string>({ ttlSeconds: 30, maxKeys: 10 });
    await cache.get('["a",1]', async () => "a1");
    await cache.get('["b",1]', async () => "b1");
    expect(cache.forget((key) => key.startsWith('["a"'))).toBe(1);
    expect(await cache.get('["a",1]', async () => "a2")).toBe("a2");
    expect(await cache.get('["b",1]', async () => "b2")).toBe("b1");
  });

  it("does not keep a call that was in flight when its key was forgotten", async () => {
    const cache = new SingleFlightCache<string>({ ttlSeconds: 30, maxKeys: 10 });
    const old = loader("before the change");
    const pending = cache.get("k", old.load);
    cache.forget((key) => key === "k");
    // A request after the change does not join the older call.
    const fresh = loader("after the change");
    const next = cache.get("k", fresh.load);
    fresh.release();
    expect(await next).toBe("after the change");
    old.release();
    expect(await pending).toBe("before the change");
    expect(await cache.get("k", async () => "reloaded")).toBe("after the change");
    expect(old.calls + fresh.calls).toBe(2);
  });
});
