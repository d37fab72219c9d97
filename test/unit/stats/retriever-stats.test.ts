/** Assembling a retriever's stats from Mixpeek's answers, including answers that drifted from the schema. */
import { describe, expect, it } from "vitest";
import type { RetrieverPerformance } from "../../../src/mixpeek/analytics-schemas.js";
import { statsPeriod } from "../../../src/stats/period.js";
import { buildRetrieverStats, hadNoRuns, type StatsAnswers } from "../../../src/stats/retriever-stats.js";

const period = statsPeriod("24h", new Date("2025-03-02T00:00:00Z"));
const ok = <T>(value: T) => ({ ok: true as const, value });
const failed = { ok: false as const, error: new Error("HTTP 500") };

function answers(overrides: Partial<StatsAnswers> = {}): StatsAnswers {
  return {
    performance: {
      metrics: [
        { time_bucket: "2025-03-01T10:00:00Z", query_count: 30, p50_latency_ms: 100, p95_latency_ms: 300 },
        { time_bucket: "2025-03-01T11:00:00Z", query_count: 10, p50_latency_ms: 200, p95_latency_ms: 900 },
      ],
      summary: { total_queries: 40, p50_latency_ms: 120, p95_latency_ms: 800, p99_latency_ms: 950 },
    },
    previousPerformance: ok({ metrics: [], summary: { total_queries: 50, p95_latency_ms: 400 } }),
    failures: ok({
      results: [],
      pagination: { total: 0, limit: 500, offset: 0, has_next: false },
    }),
    stages: ok({
      stages: [
        { stage_name: "search", stage_type: "filter", avg_latency_ms: 40, p95_latency_ms: 90 },
        { stage_name: "rerank", stage_type: "sort", avg_latency_ms: 180, p95_latency_ms: 320 },
      ],
      total_latency_ms: 240,
    }),
    cache: ok({ total_cache_hits: 30, total_cache_misses: 70, hourly_breakdown: [] }),
    cacheDoubled: ok({ total_cache_hits: 80, total_cache_misses: 120, hourly_breakdown: [] }),
    slowQueries: ok([
      { query: "b", execution_time_ms: 500 },
      { query: "a", execution_time_ms: 900 },
      { query: "c", execution_time_ms: 700 },
      { query: "d", execution_time_ms: 100 },
    ]),
    ...overrides,
  };
}

describe("buildRetrieverStats", () => {
  it("takes the summary's figures, the buckets' series and every other answer", () => {
    const stats = buildRetrieverStats(answers(), period, new Date());
    expect(stats.runs).toEqual({ current: 40, previous: 50 });
    expect(stats.p95).toEqual({ current: 800, previous: 400 });
    expect(stats.p50.previous).toBeNull();
    expect(stats.cacheHitRate.current).toBeCloseTo(0.3);
    expect(stats.cacheHitRate.previous).toBeCloseTo(0.5);
    expect(stats.failureRate.current).toBe(0);
    expect(stats.slowestStage).toMatchObject({ name: "rerank", avgMs: 180, share: 0.75 });
    expect(stats.slowQueries.map((q) => q.query)).toEqual(["a", "c", "b"]);
    const hour10 = stats.series.find((b) => b.start.toISOString() === "2025-03-01T10:00:00.000Z");
    expect(hour10).toMatchObject({ runs: 30, p95: 300 });
    expect(stats.series).toHaveLength(24);
    expect(stats.gaps).toEqual([]);
  });

  it("works the totals out from the buckets when there is no summary", () => {
    const performance = { ...answers().performance, summary: null } as RetrieverPerformance;
    const stats = buildRetrieverStats(answers({ performance }), period, new Date());
    expect(stats.runs.current).toBe(40);
    // The query-weighted mean of the bucket p95s: (30 × 300 + 10 × 900) / 40.
    expect(stats.p95.current).toBe(450);
  });

  it("shows drifted figures as unknown, never NaN", () => {
    const performance = {
      metrics: [{ time_bucket: "not a time", query_count: "many" }, { time_bucket: 5 }],
      summary: { total_queries: "lots", p95_latency_ms: "slow", p99_latency_ms: -3, p50_latency_ms: null },
    } as unknown as RetrieverPerformance;
    const stats = buildRetrieverStats(
      answers({
        performance,
        cache: ok({ cache_hit_rate: "high", hourly_breakdown: [] }),
        stages: ok({ stages: [{ stage_name: 7 }, { avg_latency_ms: 3 }] }),
        slowQueries: ok([{ query: { nested: true }, execution_time_ms: "soon" }]),
      }),
      period,
      new Date(),
    );
    for (const figure of [
      stats.runs,
      stats.p50,
      stats.p95,
      stats.p99,
      stats.cacheHitRate,
      stats.failureRate,
    ]) {
      expect(figure.current).toBeNull();
    }
    expect(stats.slowestStage).toBeNull();
    expect(stats.slowQueries).toEqual([{ query: null, latencyMs: null, executionId: null, at: null }]);
    expect(JSON.stringify(stats)).not.toContain("NaN");
  });

  it("names the parts whose calls failed and leaves their figures unknown", () => {
    const stats = buildRetrieverStats(
      answers({
        previousPerformance: failed,
        failures: failed,
        stages: failed,
        cache: failed,
        slowQueries: failed,
      }),
      period,
      new Date(),
    );
    expect(stats.gaps).toEqual(["previous", "failures", "stages", "cache", "slow_queries"]);
    expect(stats.runs).toEqual({ current: 40, previous: null });
    expect(stats.failures.current).toBeNull();
    expect(stats.cacheHitRate.current).toBeNull();
  });

  it("knows a window without runs", () => {
    const stats = buildRetrieverStats(
      answers({ performance: { metrics: [], summary: null } }),
      period,
      new Date(),
    );
    expect(stats.runs.current).toBe(0);
    expect(hadNoRuns(stats)).toBe(true);
  });
});
