/**
 * Mixpeek's retriever analytics computed from the simulator's own runs, so the figures a test reads from
 * `/v1/analytics/…` and the executions it lists are the same data: a run counts as one query in the bucket
 * of its `created_at`, its latency is its `duration_ms` (settled runs only: a running one has no final
 * time), its stages feed the stage breakdown and the cache figures. Rows that the published schema leaves
 * free-form use the keys of its examples, plus `p50_latency_ms` and credits, which the bot reads when present.
 */
import type { StoredExecution, StoredRetriever } from "./types.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type GroupBy = "hour" | "day" | "week";

const round = (value: number, digits = 1): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
const iso = (ms: number): string => new Date(ms).toISOString();
const settled = (run: StoredExecution): boolean => run.summary.completed_at !== null;

/** Nearest-rank percentile of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

/** The start of the bucket an instant falls in: UTC hours, UTC days, or weeks starting on Monday (UTC). */
export function bucketStart(ms: number, groupBy: GroupBy): number {
  if (groupBy === "hour") return Math.floor(ms / HOUR_MS) * HOUR_MS;
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (groupBy === "day") return day;
  // 1970-01-01 was a Thursday: shift so that weeks start on Monday.
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

function runsBetween(retriever: StoredRetriever, startMs: number, endMs: number): StoredExecution[] {
  return retriever.executions.filter((run) => run.createdAtMs >= startMs && run.createdAtMs < endMs);
}

function latencyFigures(runs: readonly StoredExecution[]) {
  const durations = runs
    .filter(settled)
    .map((run) => run.summary.duration_ms)
    .sort((a, b) => a - b);
  if (durations.length === 0) return {};
  return {
    avg_latency_ms: round(mean(durations)),
    p50_latency_ms: round(percentile(durations, 0.5)),
    p95_latency_ms: round(percentile(durations, 0.95)),
    p99_latency_ms: round(percentile(durations, 0.99)),
  };
}

const credits = (runs: readonly StoredExecution[]): number =>
  round(
    runs.reduce((sum, run) => sum + run.summary.credits_used, 0),
    4,
  );

export function retrieverPerformance(
  retriever: StoredRetriever,
  range: { startMs: number; endMs: number; groupBy: GroupBy },
) {
  const runs = runsBetween(retriever, range.startMs, range.endMs);
  const buckets = new Map<number, StoredExecution[]>();
  for (const run of runs) {
    const key = bucketStart(run.createdAtMs, range.groupBy);
    buckets.set(key, [...(buckets.get(key) ?? []), run]);
  }
  // Like a GROUP BY, a bucket without runs is left out.
  const metrics = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, inBucket]) => ({
      time_bucket: iso(start),
      query_count: inBucket.length,
      ...latencyFigures(inBucket),
      avg_results: round(mean(inBucket.map((run) => run.summary.total_returned))),
      credits_used: credits(inBucket),
    }));
  return {
    retriever_id: retriever.model.retriever_id,
    time_range: { start: iso(range.startMs), end: iso(range.endMs) },
    metrics,
    summary:
      runs.length === 0
        ? null
        : { total_queries: runs.length, ...latencyFigures(runs), total_credits: credits(runs) },
  };
}

export function stageBreakdown(retriever: StoredRetriever, nowMs: number, hours: number) {
  const runs = runsBetween(retriever, nowMs - hours * HOUR_MS, nowMs + 1);
  const stages = retriever.profile.flatMap((profile) => {
    const seen = runs.flatMap((run) => {
      const stats = run.stages[profile.name];
      return stats ? [stats] : [];
    });
    if (seen.length === 0) return [];
    const durations = seen.map((stats) => stats.duration_ms).sort((a, b) => a - b);
    return [
      {
        stage_name: profile.name,
        stage_type: profile.type,
        execution_count: seen.length,
        avg_latency_ms: round(mean(durations)),
        p95_latency_ms: round(percentile(durations, 0.95)),
        avg_documents_in: round(mean(seen.map((stats) => stats.input_count))),
        avg_documents_out: round(mean(seen.map((stats) => stats.output_count))),
      },
    ];
  });
  return {
    retriever_id: retriever.model.retriever_id,
    stages,
    total_latency_ms: round(mean(runs.filter(settled).map((run) => run.summary.duration_ms))),
  };
}

/** A stage that answered from cache is a hit, one that ran is a miss (stages without the flag do not count). */
export function cachePerformance(retriever: StoredRetriever, nowMs: number, hours: number) {
  const startMs = nowMs - hours * HOUR_MS;
  const runs = runsBetween(retriever, startMs, nowMs + 1);
  const hitTimes: number[] = [];
  const missTimes: number[] = [];
  const hourly = new Map<number, { hits: number; misses: number }>();
  for (const run of runs) {
    const hour = bucketStart(run.createdAtMs, "hour");
    const row = hourly.get(hour) ?? { hits: 0, misses: 0 };
    for (const stats of Object.values(run.stages)) {
      if (stats.cache_hit === true) {
        hitTimes.push(stats.duration_ms);
        row.hits++;
      } else if (stats.cache_hit === false) {
        missTimes.push(stats.duration_ms);
        row.misses++;
      }
    }
    hourly.set(hour, row);
  }
  const total = hitTimes.length + missTimes.length;
  return {
    retriever_id: retriever.model.retriever_id,
    time_range: { start: iso(startMs), end: iso(nowMs) },
    cache_hit_rate: total === 0 ? 0 : round(hitTimes.length / total, 4),
    total_cache_hits: hitTimes.length,
    total_cache_misses: missTimes.length,
    avg_cache_hit_latency_ms: round(mean(hitTimes)),
    avg_cache_miss_latency_ms: round(mean(missTimes)),
    hourly_breakdown: [...hourly.entries()]
      .sort(([a], [b]) => a - b)
      .map(([hour, row]) => ({
        hour: iso(hour),
        hits: row.hits,
        misses: row.misses,
        hit_rate: row.hits + row.misses === 0 ? 0 : round(row.hits / (row.hits + row.misses), 4),
      })),
  };
}

/** The slowest settled runs, slowest first, with the time each stage took. */
export function slowQueries(retriever: StoredRetriever, nowMs: number, hours: number, limit: number) {
  return runsBetween(retriever, nowMs - hours * HOUR_MS, nowMs + 1)
    .filter(settled)
    .sort((a, b) => b.summary.duration_ms - a.summary.duration_ms)
    .slice(0, limit)
    .map((run) => ({
      execution_id: run.summary.execution_id,
      query: run.summary.query_summary,
      execution_time_ms: run.summary.duration_ms,
      result_count: run.summary.total_returned,
      status: run.summary.status,
      timestamp: run.summary.created_at,
      stage_breakdown: Object.fromEntries(
        Object.entries(run.stages).map(([name, stats]) => [name, stats.duration_ms]),
      ),
    }));
}
