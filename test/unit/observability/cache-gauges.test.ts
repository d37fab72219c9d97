import { afterEach, describe, expect, it } from "vitest";
import { type CacheStats, SingleFlightCache } from "../../../src/cache/single-flight-cache.js";
import { createMetrics, type Metrics } from "../../../src/observability/metrics.js";
import { parseExposition, type Sample, sampleValue, seriesOf } from "./exposition.js";

async function scrape(metrics: Metrics): Promise<Sample[]> {
  return parseExposition((await metrics.render()).body);
}

function cacheSample(samples: Sample[], field: keyof CacheStats, cache: string): number | undefined {
  return sampleValue(samples, `executions_bot_cache_${field}`, { cache });
}

const caches: SingleFlightCache<string>[] = [];
function newCache(): SingleFlightCache<string> {
  const cache = new SingleFlightCache<string>({ ttlSeconds: 60, maxKeys: 10 });
  caches.push(cache);
  return cache;
}
afterEach(() => {
  for (const cache of caches.splice(0)) cache.close();
});

describe("cache gauges", () => {
  it("read the cache's live stats at every scrape", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const cache = newCache();
    metrics.observeCache("executions", () => cache.stats());

    let samples = await scrape(metrics);
    for (const field of ["hits", "misses", "joins", "keys"] as const) {
      expect(cacheSample(samples, field, "executions")).toBe(0);
    }

    let release = (_value: string) => {};
    const slow = new Promise<string>((resolve) => {
      release = resolve;
    });
    const first = cache.get("a", () => slow);
    const joined = cache.get("a", () => Promise.resolve("never used"));
    release("page a");
    await Promise.all([first, joined]);
    await cache.get("a", () => Promise.resolve("never used"));
    await cache.get("b", () => Promise.resolve("page b"));

    samples = await scrape(metrics);
    expect(cacheSample(samples, "misses", "executions")).toBe(2);
    expect(cacheSample(samples, "joins", "executions")).toBe(1);
    expect(cacheSample(samples, "hits", "executions")).toBe(1);
    expect(cacheSample(samples, "keys", "executions")).toBe(2);
  });

  it("label each cache, whether given at creation or later", async () => {
    const executions = newCache();
    const retrievers = newCache();
    const metrics = createMetrics({
      defaultMetrics: false,
      caches: { executions: () => executions.stats() },
    });
    metrics.observeCache("retrievers", () => retrievers.stats());
    await retrievers.get("ns", () => Promise.resolve("list"));

    const samples = await scrape(metrics);
    expect(cacheSample(samples, "keys", "executions")).toBe(0);
    expect(cacheSample(samples, "keys", "retrievers")).toBe(1);
    expect(seriesOf(samples, "executions_bot_cache_misses")).toHaveLength(2);
  });

  it("drop a cache's series once it stops being observed", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const stop = metrics.observeCache("executions", () => ({ hits: 3, misses: 1, joins: 0, keys: 1 }));
    expect(cacheSample(await scrape(metrics), "hits", "executions")).toBe(3);

    stop();
    expect(seriesOf(await scrape(metrics), "executions_bot_cache_hits")).toHaveLength(0);
  });

  it("use the latest stats function when a name is observed twice", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const stopOld = metrics.observeCache("executions", () => ({ hits: 1, misses: 0, joins: 0, keys: 0 }));
    metrics.observeCache("executions", () => ({ hits: 9, misses: 0, joins: 0, keys: 0 }));
    // Stopping the replaced source must not remove its successor.
    stopOld();
    expect(cacheSample(await scrape(metrics), "hits", "executions")).toBe(9);
  });

  it("skip a cache whose stats function throws, without failing the scrape", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observeCache("broken", () => {
      throw new Error("closed");
    });
    metrics.observeCache("retrievers", () => ({ hits: 0, misses: 4, joins: 0, keys: 2 }));
    metrics.recordAlert("posted");

    const samples = await scrape(metrics);
    expect(seriesOf(samples, "executions_bot_cache_keys")).toEqual([
      { name: "executions_bot_cache_keys", labels: { cache: "retrievers" }, value: 2 },
    ]);
    expect(sampleValue(samples, "executions_bot_alerts_total", { result: "posted" })).toBe(1);
  });
});
