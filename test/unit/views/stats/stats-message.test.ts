/** The stats message: what it says, and that it stays inside Block Kit's limits whatever Mixpeek sends. */
import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import { MAX_NAME_LENGTH } from "../../../../src/executions/names.js";
import { STATS_WINDOWS, statsPeriod } from "../../../../src/stats/period.js";
import { buildRetrieverStats, type StatsAnswers } from "../../../../src/stats/retriever-stats.js";
import { decodeStatsState } from "../../../../src/stats/stats-state.js";
import { renderStats } from "../../../../src/views/stats/stats-message.js";
import { textOf } from "../../../helpers/blocks.js";

const at = new Date("2025-03-02T00:00:00Z");
const ok = <T>(value: T) => ({ ok: true as const, value });

function answersWith(queries: string[], stageName = "rerank"): StatsAnswers {
  return {
    performance: {
      metrics: Array.from({ length: 24 }, (_, i) => ({
        time_bucket: new Date(at.getTime() - (24 - i) * 3_600_000).toISOString(),
        query_count: i,
        p95_latency_ms: 100 + i * 10,
      })),
      summary: {
        total_queries: 276,
        p50_latency_ms: 90,
        p95_latency_ms: 310,
        p99_latency_ms: 420,
        total_credits: 3.2,
      },
    },
    previousPerformance: ok({ metrics: [], summary: { total_queries: 200, p95_latency_ms: 250 } }),
    failures: ok({
      results: [
        {
          execution_id: "e",
          status: "failed",
          created_at: "2025-03-01T12:00:00Z",
          duration_ms: 1,
          credits_used: 0,
          total_processed: 0,
          total_returned: 0,
        },
      ],
      pagination: { total: 1, limit: 500, offset: 0, has_next: false },
    }),
    stages: ok({
      stages: [{ stage_name: stageName, stage_type: "sort", avg_latency_ms: 180 }],
      total_latency_ms: 300,
    }),
    cache: ok({ total_cache_hits: 3, total_cache_misses: 7, hourly_breakdown: [] }),
    slowQueries: ok(queries.map((query, i) => ({ query, execution_time_ms: 1000 - i }))),
  };
}

const query = { namespace: "demo", retriever: "product-search", window: "24h" as const };

describe("renderStats", () => {
  it("shows every figure with its change, the trend, the slowest stage and queries", () => {
    const stats = buildRetrieverStats(
      answersWith(["red shoes", "<!channel> & *sale*", "linen"]),
      statsPeriod("24h", at),
      at,
    );
    const message = renderStats(stats, { query, controls: true });
    const text = textOf(message.blocks);
    expect(text).toContain("Health of product-search");
    expect(text).toContain("*Runs*\n276  ▲ 38%");
    expect(text).toContain("*Failed*\n1 (<1%)  ▲ 0.4 pt");
    expect(text).toContain("*p95 latency*\n310 ms  ▲ 24%");
    expect(text).toContain("*p99 latency*\n420 ms");
    expect(text).toContain("*Cache hit rate*\n30%");
    expect(text).toContain("*Credits*\n3.2 credits");
    expect(text).toMatch(/Runs {3}`[▁▂▃▄▅▆▇█]{24}`/);
    expect(text).toContain("`rerank` (sort)");
    // Mixpeek's text is escaped, so it can neither ping a channel nor format.
    expect(text).toContain("`&lt;!channel&gt; &amp; *sale*`");
    expect(text).not.toContain("<!channel>");
    expect(findBlockKitViolations(message, "message")).toEqual([]);
  });

  it("stays inside Block Kit's limits with the longest names and queries, in every window", () => {
    const longName = "r".repeat(MAX_NAME_LENGTH);
    const huge = "x".repeat(20_000);
    for (const window of STATS_WINDOWS) {
      const stats = buildRetrieverStats(answersWith([huge, huge, huge], huge), statsPeriod(window, at), at);
      const message = renderStats(stats, {
        query: { namespace: "n".repeat(MAX_NAME_LENGTH), retriever: longName, window },
        retrieverLabel: longName,
        controls: true,
        chart: { kind: "image", fileId: "F123", title: huge },
      });
      expect(findBlockKitViolations(message, "message")).toEqual([]);
      expect(message.text.length).toBeLessThanOrEqual(300);
    }
  });

  it("says so when the window had no runs, and offers no chart", () => {
    const stats = buildRetrieverStats(
      { ...answersWith([]), performance: { metrics: [], summary: null } },
      statsPeriod("7d", at),
      at,
    );
    const message = renderStats(stats, { query: { ...query, window: "7d" }, controls: true });
    expect(textOf(message.blocks)).toContain(
      "No runs of `product-search` in the last 7 days. The 7 days before had 200 runs.",
    );
    expect(message.blocks.some((block) => block.type === "image")).toBe(false);
  });

  it("puts a button per window, each carrying its stats state", () => {
    const stats = buildRetrieverStats(answersWith(["q"]), statsPeriod("24h", at), at);
    const message = renderStats(stats, { query, controls: true });
    const actions = message.blocks.find((block) => block.type === "actions") as {
      elements: Array<{ action_id: string; value: string }>;
    };
    const windows = actions.elements.filter((e) => e.action_id.startsWith("stats_show_window_"));
    expect(windows.map((e) => decodeStatsState(e.value)?.window)).toEqual(["24h", "7d", "30d"]);
    expect(renderStats(stats, { query, controls: false }).blocks.some((b) => b.type === "actions")).toBe(
      false,
    );
  });
});
