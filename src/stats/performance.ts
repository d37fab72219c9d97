/**
 * Runs and latency from Mixpeek's performance analytics: the window's totals (from `summary`, or worked
 * out from the time buckets when the summary lacks a figure) and the series the sparklines and the chart
 * draw, laid on the window's bucket grid.
 */
import type { RetrieverPerformance } from "../mixpeek/analytics-schemas.js";
import type { StatsPeriod } from "./period.js";
import { type Row, readNumber, readTime } from "./read.js";

export interface PerformanceFigures {
  runs: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  avg: number | null;
  credits: number | null;
}

export interface StatsBucket {
  start: Date;
  runs: number;
  p50: number | null;
  p95: number | null;
  avg: number | null;
  /** Failed runs started in the bucket (from the executions list, see failures.ts). */
  failures: number;
}

const KEYS = {
  runs: ["query_count", "total_queries", "queries", "count", "total_executions"],
  p50: ["p50_latency_ms", "median_latency_ms", "latency_p50_ms"],
  p95: ["p95_latency_ms", "latency_p95_ms"],
  p99: ["p99_latency_ms", "latency_p99_ms"],
  avg: ["avg_latency_ms", "mean_latency_ms", "average_latency_ms"],
  credits: ["total_credits", "credits_used", "credits"],
  time: ["time_bucket", "timestamp", "bucket", "time", "hour", "date"],
} as const;

export function summarizePerformance(response: RetrieverPerformance): PerformanceFigures {
  const summary = response.summary ?? null;
  const rows = response.metrics;
  const fromRows = figuresFromRows(rows);
  const pick = (key: keyof typeof KEYS) => readNumber(summary, ...KEYS[key]) ?? fromRows[key];
  return {
    // No summary and no buckets is Mixpeek saying nothing ran.
    runs: summary === null && rows.length === 0 ? 0 : pick("runs"),
    p50: pick("p50"),
    p95: pick("p95"),
    p99: pick("p99"),
    avg: pick("avg"),
    credits: pick("credits"),
  };
}

/**
 * Totals from buckets: counts and credits add up; a percentile of the whole window cannot be rebuilt from
 * per-bucket percentiles, so the query-weighted mean of them stands in (only when Mixpeek sends no summary).
 */
function figuresFromRows(rows: readonly Row[]): Record<keyof typeof KEYS, number | null> {
  const sum = (keys: readonly string[]) => {
    const values = rows.map((row) => readNumber(row, ...keys)).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  };
  const weighted = (keys: readonly string[]) => {
    let total = 0;
    let weight = 0;
    for (const row of rows) {
      const value = readNumber(row, ...keys);
      if (value === null) continue;
      const w = readNumber(row, ...KEYS.runs) ?? 1;
      total += value * w;
      weight += w;
    }
    return weight === 0 ? null : total / weight;
  };
  return {
    runs: sum(KEYS.runs),
    p50: weighted(KEYS.p50),
    p95: weighted(KEYS.p95),
    p99: weighted(KEYS.p99),
    avg: weighted(KEYS.avg),
    credits: sum(KEYS.credits),
    time: null,
  };
}

/** The window's buckets, oldest first; a bucket Mixpeek did not send had no runs. */
export function performanceSeries(response: RetrieverPerformance, period: StatsPeriod): StatsBucket[] {
  const startMs = period.start.getTime();
  const buckets: StatsBucket[] = Array.from({ length: period.buckets }, (_, i) => ({
    start: new Date(startMs + i * period.bucketMs),
    runs: 0,
    p50: null,
    p95: null,
    avg: null,
    failures: 0,
  }));
  const weights = buckets.map(() => 0);
  for (const row of response.metrics) {
    const at = readTime(row, ...KEYS.time);
    if (at === null) continue;
    const index = Math.floor((at.getTime() - startMs) / period.bucketMs);
    const bucket = buckets[index];
    if (bucket === undefined) continue;
    const runs = readNumber(row, ...KEYS.runs) ?? 0;
    // Two rows in one bucket (Mixpeek grouped finer than asked): counts add, latencies are weighted.
    const w = Math.max(runs, 1);
    const before = weights[index] as number;
    const merge = (old: number | null, value: number | null) =>
      value === null ? old : old === null ? value : (old * before + value * w) / (before + w);
    bucket.p50 = merge(bucket.p50, readNumber(row, ...KEYS.p50));
    bucket.p95 = merge(bucket.p95, readNumber(row, ...KEYS.p95));
    bucket.avg = merge(bucket.avg, readNumber(row, ...KEYS.avg));
    bucket.runs += runs;
    weights[index] = before + w;
  }
  return buckets;
}
