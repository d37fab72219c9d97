/**
 * The ECharts option of the stats chart, Grafana-like: runs as bars (failed ones in red, stacked on the
 * completed) on the right axis, p50 and p95 latency as lines on the left, gaps where a bucket had no runs.
 */
import type { StatsChartData } from "./chart-data.js";

const COLORS = {
  completed: "#c9d6e3",
  failed: "#e01e5a",
  median: "#1264a3",
  p95: "#e8912d",
  text: "#1d1c1d",
  muted: "#616061",
  grid: "#e8e8e8",
};

export function chartOption(data: StatsChartData, fontFamily: string): Record<string, unknown> {
  const text = { fontFamily, color: COLORS.text };
  const axisLabel = { fontFamily, color: COLORS.muted, fontSize: 11 };
  return {
    animation: false,
    backgroundColor: "#ffffff",
    textStyle: text,
    title: {
      text: data.title,
      subtext: data.subtitle,
      left: 12,
      top: 8,
      textStyle: { ...text, fontSize: 15, fontWeight: "bold" },
      subtextStyle: { fontFamily, color: COLORS.muted, fontSize: 11 },
    },
    legend: {
      top: 12,
      right: 12,
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { fontFamily, color: COLORS.muted, fontSize: 11 },
      data: [data.medianName, "p95", "runs", "failed"],
    },
    grid: { left: 72, right: 48, top: 72, bottom: 36 },
    xAxis: {
      type: "category",
      data: data.labels,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: COLORS.grid } },
      axisLabel: {
        ...axisLabel,
        interval: (index: number, value: string) => value !== "" && labelShown(index, data),
      },
    },
    yAxis: [
      {
        type: "value",
        axisLabel: { ...axisLabel, formatter: "{value} ms" },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      {
        type: "value",
        minInterval: 1,
        axisLabel: { ...axisLabel, formatter: "{value} runs" },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: "runs",
        type: "bar",
        stack: "runs",
        yAxisIndex: 1,
        barCategoryGap: "25%",
        itemStyle: { color: COLORS.completed },
        data: data.completed,
      },
      {
        name: "failed",
        type: "bar",
        stack: "runs",
        yAxisIndex: 1,
        itemStyle: { color: COLORS.failed },
        data: data.failed,
      },
      line(data.medianName, data.median, COLORS.median),
      line("p95", data.p95, COLORS.p95),
    ],
  };
}

function line(name: string, values: Array<number | null>, color: string) {
  return {
    name,
    type: "line",
    yAxisIndex: 0,
    // A bucket between two empty ones has no line to draw: its dot shows it.
    showSymbol: true,
    symbol: "circle",
    symbolSize: values.length > 48 ? 3 : 5,
    connectNulls: false,
    lineStyle: { width: 2, color },
    itemStyle: { color },
    data: values.map((value) => (value === null ? "-" : value)),
  };
}

/** At most about a dozen labels along the axis, whatever the number of buckets. */
function labelShown(index: number, data: StatsChartData): boolean {
  const labelled = data.labels.filter((label) => label !== "").length;
  const every = Math.max(1, Math.ceil(labelled / 12));
  if (every === 1) return true;
  const position = data.labels.slice(0, index + 1).filter((label) => label !== "").length - 1;
  return position % every === 0;
}
