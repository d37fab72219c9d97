/** The stats chart: the data it is drawn from, and a PNG of the expected size that any decoder reads. */
import { describe, expect, it } from "vitest";
import { statsChartData } from "../../../src/charts/chart-data.js";
import {
  CHART_HEIGHT,
  CHART_SCALE,
  CHART_WIDTH,
  chartSvg,
  renderChartPng,
} from "../../../src/charts/render-chart.js";
import { statsPeriod } from "../../../src/stats/period.js";
import { buildRetrieverStats, type StatsAnswers } from "../../../src/stats/retriever-stats.js";
import { readPng } from "../../helpers/png.js";

const at = new Date("2025-03-02T00:00:00Z");
const ok = <T>(value: T) => ({ ok: true as const, value });
const HOUR = 3_600_000;

function stats(window: "24h" | "7d" | "30d", rows: Array<Record<string, unknown>>, failures: string[] = []) {
  const answers: StatsAnswers = {
    performance: { metrics: rows, summary: null },
    previousPerformance: ok({ metrics: [], summary: null }),
    failures: ok({
      results: failures.map((created_at, i) => ({
        execution_id: `e${i}`,
        status: "failed",
        created_at,
        duration_ms: 1,
        credits_used: 0,
        total_processed: 0,
        total_returned: 0,
      })),
      pagination: { total: failures.length, limit: 500, offset: 0, has_next: false },
    }),
    stages: ok({ stages: [] }),
    cache: ok({ hourly_breakdown: [] }),
    slowQueries: ok([]),
  };
  return buildRetrieverStats(answers, statsPeriod(window, at), at);
}

const hourRow = (hoursBack: number, runs: number, p50: number, p95: number) => ({
  time_bucket: new Date(at.getTime() - hoursBack * HOUR).toISOString(),
  query_count: runs,
  p50_latency_ms: p50,
  p95_latency_ms: p95,
});

describe("the chart's data", () => {
  it("has a bucket per hour, runs split into completed and failed, and both latency lines", () => {
    const data = statsChartData(
      stats(
        "24h",
        [hourRow(3, 10, 120, 300), hourRow(2, 4, 150, 900)],
        ["2025-03-01T21:10:00Z", "2025-03-01T21:40:00Z"],
      ),
      { retriever: "product-search", timeZone: "Europe/Berlin" },
    );
    expect(data.labels).toHaveLength(24);
    // 21:00 UTC is 22:00 in Berlin.
    expect(data.labels[21]).toBe("22:00");
    expect(data.completed[21]).toBe(8);
    expect(data.failed[21]).toBe(2);
    expect(data.completed[22]).toBe(4);
    expect(data.median[21]).toBe(120);
    expect(data.p95[22]).toBe(900);
    expect(data.p95[0]).toBeNull();
    expect(data.medianName).toBe("p50");
    expect(data.title).toBe("product-search · last 24 hours");
    expect(data.subtitle).toBe("14 runs · 2 failed · times in Europe/Berlin");
  });

  it("draws the average when Mixpeek gives no p50, and names it so", () => {
    const data = statsChartData(
      stats("24h", [
        { time_bucket: new Date(at.getTime() - HOUR).toISOString(), query_count: 3, avg_latency_ms: 88 },
      ]),
      {
        retriever: "r",
      },
    );
    expect(data.medianName).toBe("avg");
    expect(data.median[23]).toBe(88);
  });

  it("labels a week by day and a month by date", () => {
    const week = statsChartData(stats("7d", []), { retriever: "r" });
    expect(week.labels).toHaveLength(168);
    expect(week.labels.filter((label) => label !== "")).toHaveLength(7);
    const month = statsChartData(stats("30d", []), { retriever: "r" });
    expect(month.labels).toHaveLength(30);
    expect(month.labels.at(-1)).toBe("01 Mar");
  });
});

describe("the chart as a PNG", () => {
  it("is a valid PNG of the expected size, drawn from that data", async () => {
    const data = statsChartData(stats("24h", [hourRow(3, 10, 120, 300), hourRow(2, 4, 150, 900)]), {
      retriever: "product-search",
    });
    const svg = chartSvg(data);
    expect(svg).toContain("product-search · last 24 hours");
    expect(svg).toContain("14 runs · 0 failed");
    const chart = await renderChartPng(data);
    const png = readPng(chart.png);
    expect(png).toMatchObject({
      width: CHART_WIDTH * CHART_SCALE,
      height: CHART_HEIGHT * CHART_SCALE,
      bitDepth: 8,
    });
    expect(png.chunks).toContain("IDAT");
    expect({ width: chart.width, height: chart.height }).toEqual({ width: png.width, height: png.height });
  });

  it("draws an empty window and the longest names without failing", async () => {
    const data = statsChartData(stats("7d", []), { retriever: "r".repeat(200) });
    const png = readPng((await renderChartPng(data)).png);
    expect(png.width).toBe(CHART_WIDTH * CHART_SCALE);
  });
});
