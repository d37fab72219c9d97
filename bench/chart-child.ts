/**
 * Renders the stats chart again and again in a process of its own and reports each render's time and the
 * process's memory, so the chart benchmark measures only this. `CHART_RENDERER=vega` draws the same chart
 * with Vega-Lite instead (when `vega` and `vega-lite` are installed: `npm i --no-save vega vega-lite`),
 * to compare the two the same way.
 */

import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { renderAsync } from "@resvg/resvg-js";
import { type StatsChartData, statsChartData } from "../src/charts/chart-data.js";
import { chartSvg, renderChartPng } from "../src/charts/render-chart.js";
import { type StatsWindow, statsPeriod } from "../src/stats/period.js";
import { buildRetrieverStats } from "../src/stats/retriever-stats.js";

const RENDERS = Number(process.env.CHART_RENDERS ?? 100);
const SOAK = Number(process.env.CHART_SOAK ?? 400);
const at = new Date("2025-06-02T13:00:00Z");

/** A busy retriever: 10 to 60 runs an hour with a daily rhythm, a few failures, p95 about 3× p50. */
function data(window: StatsWindow): StatsChartData {
  const period = statsPeriod(window, at);
  const metrics = Array.from({ length: period.buckets }, (_, i) => {
    const start = period.start.getTime() + i * period.bucketMs;
    const wave = Math.sin((start / 86_400_000) * 2 * Math.PI);
    const runs = Math.round((35 + 25 * wave) * (period.bucketMs / 3_600_000));
    return {
      time_bucket: new Date(start).toISOString(),
      query_count: runs,
      p50_latency_ms: 120 + 40 * wave + (i % 7),
      p95_latency_ms: 360 + 150 * wave + (i % 11) * 9,
    };
  });
  const failures = metrics
    .filter((_, i) => i % 9 === 4)
    .map((row, i) => ({
      execution_id: `exec_${i}`,
      status: "failed",
      created_at: row.time_bucket,
      duration_ms: 10,
      credits_used: 0,
      total_processed: 0,
      total_returned: 0,
    }));
  const ok = <T>(value: T) => ({ ok: true as const, value });
  const stats = buildRetrieverStats(
    {
      performance: { metrics, summary: null },
      previousPerformance: ok({ metrics: [], summary: null }),
      failures: ok({
        results: failures,
        pagination: { total: failures.length, limit: 500, offset: 0, has_next: false },
      }),
      stages: ok({ stages: [] }),
      cache: ok({ hourly_breakdown: [] }),
      slowQueries: ok([]),
    },
    period,
    at,
  );
  return statsChartData(stats, { retriever: "product-search", timeZone: "Europe/Berlin" });
}

type Render = (chart: StatsChartData) => Promise<number>;

async function echartsRenderer(): Promise<Render> {
  return async (chart) => (await renderChartPng(chart)).png.length;
}

/** The same chart as a Vega-Lite spec: stacked bars of runs, two latency lines on their own axis. */
async function vegaRenderer(): Promise<Render> {
  const vega = await import(String("vega"));
  const { compile } = await import(String("vega-lite"));
  const fontFile = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
  return async (chart) => {
    const rows = chart.labels.map((label, i) => ({
      i,
      label,
      completed: chart.completed[i],
      failed: chart.failed[i],
      median: chart.median[i],
      p95: chart.p95[i],
    }));
    const spec = {
      width: 720,
      height: 300,
      title: { text: chart.title, subtitle: chart.subtitle, anchor: "start" },
      data: { values: rows },
      encoding: { x: { field: "i", type: "ordinal", axis: { labelExpr: "''", title: null } } },
      layer: [
        {
          transform: [{ fold: ["completed", "failed"] }],
          mark: "bar",
          encoding: {
            y: { field: "value", type: "quantitative", stack: true, title: "runs" },
            color: { field: "key" },
          },
        },
        {
          layer: [
            { mark: "line", encoding: { y: { field: "median", type: "quantitative", title: "ms" } } },
            {
              mark: { type: "line", color: "#e8912d" },
              encoding: { y: { field: "p95", type: "quantitative" } },
            },
          ],
        },
      ],
      resolve: { scale: { y: "independent" } },
      config: { font: "DejaVu Sans" },
    };
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
    const svg = await view.toSVG(2);
    view.finalize();
    const image = await renderAsync(svg, {
      background: "white",
      font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" },
    });
    return image.asPng().length;
  };
}

function rssAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const which = process.env.CHART_RENDERER ?? "echarts";
  const charts = { day: data("24h"), week: data("7d") };
  const baseline = rssAfterGc();
  const render = which === "vega" ? await vegaRenderer() : await echartsRenderer();
  const loaded = rssAfterGc();
  const first = performance.now();
  const bytes = await render(charts.day);
  const firstMs = performance.now() - first;
  const times: Record<"day" | "week", number[]> = { day: [], week: [] };
  // CPU time of the whole process (every thread, resvg's pool included) per render: on a machine other
  // work shares, it is what the render itself costs, where the wall clock also counts the waiting.
  const cpuMs: Record<"day" | "week", number[]> = { day: [], week: [] };
  const svgMs: number[] = [];
  const load = loadavg()[0];
  for (let i = 0; i < RENDERS; i++) {
    for (const key of ["day", "week"] as const) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      await render(charts[key]);
      const used = process.cpuUsage(cpu);
      times[key].push(performance.now() - started);
      cpuMs[key].push((used.user + used.system) / 1000);
    }
    if (which === "echarts") {
      const started = performance.now();
      chartSvg(charts.week);
      svgMs.push(performance.now() - started);
    }
  }
  const afterRenders = rssAfterGc();
  for (let i = 0; i < SOAK; i++) await render(i % 2 === 0 ? charts.day : charts.week);
  const afterSoak = rssAfterGc();
  process.stdout.write(
    `${JSON.stringify({ which, bytes, firstMs, times, cpuMs, load, svgMs, baseline, loaded, afterRenders, afterSoak, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
