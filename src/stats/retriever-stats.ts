/**
 * A retriever's health over a window, assembled from the answers of Mixpeek's analytics and executions
 * list. Pure: the fetcher makes the calls, this decides what they say. Only the window's performance is
 * essential (without it there is nothing to show); any other answer may be missing, and then its figures
 * are unknown and `gaps` says which part is missing.
 */
import type {
  CachePerformance,
  RetrieverPerformance,
  SlowQueries,
  StageBreakdown,
} from "../mixpeek/analytics-schemas.js";
import type { ListExecutionsResponse } from "../mixpeek/schemas.js";
import { cacheHitRate } from "./cache.js";
import { countFailures } from "./failures.js";
import { type Count, type Figure, rateOf, UNKNOWN } from "./figures.js";
import { performanceSeries, type StatsBucket, summarizePerformance } from "./performance.js";
import type { StatsPeriod } from "./period.js";
import { type SlowQuery, slowestQueries } from "./slow-queries.js";
import { type SlowestStage, slowestStage } from "./stages.js";

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface StatsAnswers {
  performance: RetrieverPerformance;
  previousPerformance: Settled<RetrieverPerformance>;
  failures: Settled<ListExecutionsResponse>;
  stages: Settled<StageBreakdown>;
  cache: Settled<CachePerformance>;
  /** Twice the window back, for the previous cache hit rate; absent past Mixpeek's 720 hours. */
  cacheDoubled?: Settled<CachePerformance> | undefined;
  slowQueries: Settled<SlowQueries>;
}

/** The parts of a stats view that may be missing when their call failed. */
export const STATS_GAPS = ["previous", "failures", "stages", "cache", "slow_queries"] as const;
export type StatsGap = (typeof STATS_GAPS)[number];

export interface RetrieverStats {
  period: StatsPeriod;
  fetchedAt: Date;
  runs: Figure;
  failures: { current: Count | null; previous: Count | null };
  failureRate: Figure;
  p50: Figure;
  p95: Figure;
  p99: Figure;
  cacheHitRate: Figure;
  /** Known only when Mixpeek's performance analytics carry a credits figure. */
  credits: Figure;
  series: StatsBucket[];
  slowestStage: SlowestStage | null;
  slowQueries: SlowQuery[];
  gaps: StatsGap[];
}

export const SLOW_QUERIES_SHOWN = 3;

export function buildRetrieverStats(
  answers: StatsAnswers,
  period: StatsPeriod,
  fetchedAt: Date,
): RetrieverStats {
  const gaps: StatsGap[] = [];
  const value = <T>(settled: Settled<T> | undefined, gap: StatsGap): T | undefined => {
    if (settled === undefined) return undefined;
    if (settled.ok) return settled.value;
    if (!gaps.includes(gap)) gaps.push(gap);
    return undefined;
  };

  const now = summarizePerformance(answers.performance);
  const previousAnswer = value(answers.previousPerformance, "previous");
  const before = previousAnswer === undefined ? undefined : summarizePerformance(previousAnswer);
  const figure = (key: keyof typeof now): Figure => ({ current: now[key], previous: before?.[key] ?? null });

  const failurePage = value(answers.failures, "failures");
  const failures = failurePage === undefined ? undefined : countFailures(failurePage, period);
  const series = performanceSeries(answers.performance, period);
  for (const at of failures?.times ?? []) {
    const bucket = series[Math.floor((at.getTime() - period.start.getTime()) / period.bucketMs)];
    if (bucket) bucket.failures += 1;
  }
  const exact = (count: Count | null | undefined) => (count && !count.atLeast ? count.value : null);

  const stages = value(answers.stages, "stages");
  const slow = value(answers.slowQueries, "slow_queries");
  const cacheNow = value(answers.cache, "cache");
  const cacheDoubled = answers.cacheDoubled?.ok ? answers.cacheDoubled.value : undefined;

  return {
    period,
    fetchedAt,
    runs: figure("runs"),
    failures: { current: failures?.current ?? null, previous: failures?.previous ?? null },
    failureRate: {
      current: rateOf(exact(failures?.current), now.runs),
      previous: rateOf(exact(failures?.previous), before?.runs ?? null),
    },
    p50: figure("p50"),
    p95: figure("p95"),
    p99: figure("p99"),
    cacheHitRate: cacheNow === undefined ? UNKNOWN : cacheHitRate(cacheNow, cacheDoubled),
    credits: figure("credits"),
    series,
    slowestStage: stages === undefined ? null : slowestStage(stages),
    slowQueries: slow === undefined ? [] : slowestQueries(slow, SLOW_QUERIES_SHOWN),
    gaps: STATS_GAPS.filter((gap) => gaps.includes(gap)),
  };
}

/** Whether the window had no runs at all (a digest then says so in one line). */
export function hadNoRuns(stats: RetrieverStats): boolean {
  return stats.runs.current === 0 || (stats.runs.current === null && stats.series.every((b) => b.runs === 0));
}
