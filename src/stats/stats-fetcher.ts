/**
 * A retriever's stats, fetched through a short-lived cache with single flight: everyone looking at the
 * same retriever and window within the TTL, and every digest due at the same time for it, share one set
 * of Mixpeek calls (seven at most: two performance windows, one page of failures, stages, cache twice,
 * slow queries). Every call goes through the workspace's Mixpeek client, so budgets and metrics see them.
 */
import type { CacheStats } from "../cache/single-flight-cache.js";
import { SingleFlightCache } from "../cache/single-flight-cache.js";
import type { MixpeekApi, RetrieverRef } from "../mixpeek/api.js";
import {
  MAX_ANALYTICS_HOURS,
  type StatsPeriod,
  type StatsWindow,
  statsPeriod,
  WINDOW_SPECS,
} from "./period.js";
import {
  buildRetrieverStats,
  type RetrieverStats,
  type Settled,
  SLOW_QUERIES_SHOWN,
} from "./retriever-stats.js";

export interface StatsQuery extends RetrieverRef {
  window: StatsWindow;
}

export interface StatsFetcherOptions {
  api: MixpeekApi;
  ttlSeconds: number;
  maxKeys: number;
  now: () => Date;
}

/** Failed runs read per stats view; past this many in the two windows, counts show as "500+". */
export const FAILURE_PAGE_SIZE = 500;

export class StatsFetcher {
  private readonly cache: SingleFlightCache<RetrieverStats>;

  constructor(private readonly options: StatsFetcherOptions) {
    this.cache = new SingleFlightCache({ ttlSeconds: options.ttlSeconds, maxKeys: options.maxKeys });
  }

  /**
   * The stats of the window ending at `at` (default now), rounded up to a bucket boundary. Rejects with
   * the MixpeekError of the window's performance call when that fails: without it there is nothing to show.
   */
  get(query: StatsQuery, options: { at?: Date; refresh?: boolean } = {}): Promise<RetrieverStats> {
    const period = statsPeriod(query.window, options.at ?? this.options.now());
    const key = JSON.stringify([query.namespace, query.retriever, query.window, period.end.getTime()]);
    return this.cache.get(key, () => this.fetch(query, period), options);
  }

  stats(): CacheStats {
    return this.cache.stats();
  }

  close(): void {
    this.cache.close();
  }

  private async fetch(query: StatsQuery, period: StatsPeriod): Promise<RetrieverStats> {
    const { api } = this.options;
    const ref: RetrieverRef = { namespace: query.namespace, retriever: query.retriever };
    const { hours, groupBy } = WINDOW_SPECS[query.window];
    const doubled = 2 * hours <= MAX_ANALYTICS_HOURS;
    const [performance, previousPerformance, failures, stages, cache, cacheDoubled, slowQueries] =
      await Promise.all([
        api
          .getRetrieverPerformance({ ...ref, start: period.start, end: period.end, groupBy })
          .then(ok, failed),
        api
          .getRetrieverPerformance({ ...ref, start: period.previousStart, end: period.start, groupBy })
          .then(ok, failed),
        api
          .listExecutions({
            ...ref,
            status: "failed",
            offset: 0,
            limit: FAILURE_PAGE_SIZE,
            includeTotal: true,
            createdFrom: period.previousStart,
            createdBefore: period.end,
          })
          .then(ok, failed),
        api.getStageBreakdown({ ...ref, hours }).then(ok, failed),
        api.getCachePerformance({ ...ref, hours }).then(ok, failed),
        doubled ? api.getCachePerformance({ ...ref, hours: 2 * hours }).then(ok, failed) : undefined,
        api.getSlowQueries({ ...ref, hours, limit: SLOW_QUERIES_SHOWN * 4 }).then(ok, failed),
      ]);
    if (!performance.ok) throw performance.error;
    return buildRetrieverStats(
      {
        performance: performance.value,
        previousPerformance,
        failures,
        stages,
        cache,
        cacheDoubled,
        slowQueries,
      },
      period,
      this.options.now(),
    );
  }
}

const ok = <T>(value: T): Settled<T> => ({ ok: true, value });
const failed = (error: unknown): { ok: false; error: unknown } => ({ ok: false, error });
