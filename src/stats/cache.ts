/**
 * Cache hit rate from Mixpeek's cache analytics. The endpoint only looks back from now (`hours`), so the
 * window before is the difference between a look back of twice the window and one of the window itself.
 */
import type { CachePerformance } from "../mixpeek/analytics-schemas.js";
import type { Figure } from "./figures.js";
import { readNumber, readRate } from "./read.js";

interface Totals {
  hits: number;
  misses: number;
}

function totalsOf(response: CachePerformance | undefined): Totals | null {
  const hits = readNumber(response, "total_cache_hits", "cache_hits", "hits");
  const misses = readNumber(response, "total_cache_misses", "cache_misses", "misses");
  return hits === null || misses === null ? null : { hits, misses };
}

function rateOfTotals(totals: Totals | null): number | null {
  if (totals === null || totals.hits + totals.misses === 0) return null;
  return totals.hits / (totals.hits + totals.misses);
}

/**
 * `window`: the look back over the window; `doubled`: over twice it (absent when that is past Mixpeek's
 * 720 hours, so the 30-day view has no change to show).
 */
export function cacheHitRate(window: CachePerformance | undefined, doubled?: CachePerformance): Figure {
  const now = totalsOf(window);
  // Counts first: a rate of 0 over nothing cached is "no data", not 0%.
  const current = now === null ? readRate(window, "cache_hit_rate", "hit_rate") : rateOfTotals(now);
  const both = totalsOf(doubled);
  const before =
    now === null || both === null
      ? null
      : rateOfTotals({ hits: both.hits - now.hits, misses: both.misses - now.misses });
  return { current, previous: before !== null && before >= 0 && before <= 1 ? before : null };
}
