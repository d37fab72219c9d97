/**
 * Zod schemas for Mixpeek's retriever analytics (`/v1/analytics/retrievers/{id}/…`, OpenAPI 0.81). The
 * published schemas type the interesting rows (time buckets, summaries, hourly cache rows, slow queries)
 * as objects with any properties, so those stay records here: src/stats reads each figure defensively
 * and shows an unreadable one as unknown. Only a shape the bot cannot read at all (a list that is not a
 * list) fails the call as `bad_response`.
 */
import * as z from "zod";

/** One free-form row; every value is read by src/stats/read.ts. */
export const AnalyticsRowSchema = z.record(z.string(), z.unknown());
export type AnalyticsRow = z.infer<typeof AnalyticsRowSchema>;

const optionalRow = AnalyticsRowSchema.nullable().optional();

/** GET …/performance: a time series (`metrics`) and an optional `summary`. */
export const RetrieverPerformanceSchema = z.looseObject({
  retriever_id: z.string().optional(),
  time_range: optionalRow,
  metrics: z.array(AnalyticsRowSchema),
  summary: optionalRow,
});
export type RetrieverPerformance = z.infer<typeof RetrieverPerformanceSchema>;

/** GET …/stages: per-stage latency and document flow. Stage figures are read defensively too. */
export const StageBreakdownSchema = z.looseObject({
  retriever_id: z.string().optional(),
  stages: z.array(AnalyticsRowSchema),
  total_latency_ms: z.unknown().optional(),
});
export type StageBreakdown = z.infer<typeof StageBreakdownSchema>;

/** GET …/cache-performance: overall hit rate and counts, and an hourly breakdown. */
export const CachePerformanceSchema = z.looseObject({
  retriever_id: z.string().optional(),
  time_range: optionalRow,
  cache_hit_rate: z.unknown().optional(),
  total_cache_hits: z.unknown().optional(),
  total_cache_misses: z.unknown().optional(),
  avg_cache_hit_latency_ms: z.unknown().optional(),
  avg_cache_miss_latency_ms: z.unknown().optional(),
  hourly_breakdown: z.array(AnalyticsRowSchema).default([]),
});
export type CachePerformance = z.infer<typeof CachePerformanceSchema>;

/** GET …/slow-queries: the slowest queries, newest first or slowest first (both are handled). */
export const SlowQueriesSchema = z.array(AnalyticsRowSchema);
export type SlowQueries = z.infer<typeof SlowQueriesSchema>;
