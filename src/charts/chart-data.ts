/**
 * What the stats chart shows, as plain data: one label per bucket, runs split into completed and failed
 * (bars), and p50 and p95 latency (lines). The chart is drawn from this and nothing else, so tests assert
 * the data rather than the pixels. Labels are in the time zone given (a digest's own; UTC otherwise),
 * since an image cannot show each reader their own time the way a Slack date token does.
 */
import { WINDOW_SPECS } from "../stats/period.js";
import type { RetrieverStats } from "../stats/retriever-stats.js";

export interface StatsChartData {
  title: string;
  subtitle: string;
  /** One per bucket, oldest first; empty strings where the axis shows no label. */
  labels: string[];
  completed: number[];
  failed: number[];
  /** The median line: p50 where Mixpeek gives it, else the average (named in `medianName`). */
  median: Array<number | null>;
  medianName: "p50" | "avg";
  p95: Array<number | null>;
  timeZone: string;
}

export function statsChartData(
  stats: RetrieverStats,
  options: { retriever: string; timeZone?: string },
): StatsChartData {
  const timeZone = options.timeZone ?? "UTC";
  const { series, period } = stats;
  const hasP50 = series.some((bucket) => bucket.p50 !== null);
  const label = labeller(period.window, timeZone);
  const runs = series.reduce((sum, bucket) => sum + bucket.runs, 0);
  const failed = series.reduce((sum, bucket) => sum + bucket.failures, 0);
  return {
    title: `${options.retriever} · ${WINDOW_SPECS[period.window].label}`,
    subtitle: `${runs.toLocaleString("en-US")} runs · ${failed.toLocaleString("en-US")} failed · times in ${timeZone}`,
    labels: series.map((bucket) => label(bucket.start)),
    completed: series.map((bucket) => Math.max(0, bucket.runs - bucket.failures)),
    failed: series.map((bucket) => Math.min(bucket.failures, Math.max(bucket.runs, bucket.failures))),
    median: series.map((bucket) => round(hasP50 ? bucket.p50 : bucket.avg)),
    medianName: hasP50 ? "p50" : "avg",
    p95: series.map((bucket) => round(bucket.p95)),
    timeZone,
  };
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** Hours for a day, a label per local midnight for a week, dates for a month. */
function labeller(window: RetrieverStats["period"]["window"], timeZone: string) {
  const hour = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const day = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "2-digit" });
  const date = new Intl.DateTimeFormat("en-GB", { timeZone, month: "short", day: "2-digit" });
  return (start: Date): string => {
    if (window === "24h") return hour.format(start);
    if (window === "30d") return date.format(start);
    // A week of hours: name each day at its first hour, leave the rest blank.
    return hour.format(start) === "00:00" ? day.format(start) : "";
  };
}
