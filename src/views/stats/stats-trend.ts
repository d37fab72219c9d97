/**
 * The window's trend in two lines of Unicode blocks, runs and p95 latency, in code spans so every
 * character takes the same width on desktop and phone alike.
 */
import type { RetrieverStats } from "../../stats/retriever-stats.js";
import { sparkline } from "../../stats/sparkline.js";
import { valueText } from "./stats-figures.js";

/** Sparklines are folded to at most this many characters (a 7-day window of hours becomes 6-hour cells). */
export const SPARKLINE_CELLS = 28;

export function statsTrend(stats: RetrieverStats): string {
  const { series } = stats;
  const runs = sparkline(
    series.map((bucket) => bucket.runs),
    SPARKLINE_CELLS,
    "sum",
  );
  // The worst p95 of the hours folded into a cell: a slow hour must not be averaged away.
  const p95 = sparkline(
    series.map((bucket) => bucket.p95),
    SPARKLINE_CELLS,
    "max",
  );
  const peak = Math.max(0, ...series.map((bucket) => bucket.p95 ?? 0));
  const failures = series.reduce((sum, bucket) => sum + bucket.failures, 0);
  const marks =
    failures === 0
      ? ""
      : `\nFailed \`${sparkline(
          series.map((bucket) => bucket.failures),
          SPARKLINE_CELLS,
          "sum",
        )}\``;
  return (
    `*Trend*\nRuns   \`${runs}\`\np95    \`${p95}\`  peak ${valueText(peak > 0 ? peak : null, "latency")}` +
    marks
  );
}
