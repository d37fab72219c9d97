/**
 * Cache gauges read at scrape time: each registered cache hands over a stats function, and every scrape
 * asks it afresh, so the cache keeps its own counts and never has to push them anywhere.
 */
import { Gauge, type Registry } from "prom-client";
import type { CacheStats } from "../cache/single-flight-cache.js";

export type CacheStatsSource = () => CacheStats;

export interface CacheGauges {
  /** Starts (or replaces) reading `name`'s stats; the returned function stops it. */
  observe(name: string, stats: CacheStatsSource): () => void;
}

const FIELDS: ReadonlyArray<{ field: keyof CacheStats; help: string }> = [
  { field: "hits", help: "Cache lookups answered from the cache, since start (cumulative)." },
  { field: "misses", help: "Cache lookups that started a load, since start (cumulative)." },
  { field: "joins", help: "Cache lookups that joined a load already in flight, since start (cumulative)." },
  { field: "keys", help: "Entries currently held in the cache." },
];

export function createCacheGauges(registry: Registry, prefix: string): CacheGauges {
  const sources = new Map<string, CacheStatsSource>();

  for (const { field, help } of FIELDS) {
    new Gauge({
      name: `${prefix}cache_${field}`,
      help,
      labelNames: ["cache"],
      registers: [registry],
      collect() {
        // Reset first so a cache that stopped being observed disappears from the scrape.
        this.reset();
        for (const [cache, stats] of sources) {
          const value = readField(stats, field);
          if (value !== undefined) this.set({ cache }, value);
        }
      },
    });
  }

  return {
    observe(name, stats) {
      sources.set(name, stats);
      return () => {
        if (sources.get(name) === stats) sources.delete(name);
      };
    },
  };
}

/** A stats function that throws loses its cache's series for this scrape, not the whole scrape. */
function readField(stats: CacheStatsSource, field: keyof CacheStats): number | undefined {
  try {
    const value = stats()[field];
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
