/**
 * The window a stats view covers and the one before it, on a grid of buckets Mixpeek can group by. The
 * end is rounded up to the next bucket boundary (UTC), so the window holds whole buckets, includes the
 * bucket in progress, and is the same instant for everyone asking within one bucket: one cache key.
 */
export const STATS_WINDOWS = ["24h", "7d", "30d"] as const;
export type StatsWindow = (typeof STATS_WINDOWS)[number];
export const DEFAULT_STATS_WINDOW: StatsWindow = "24h";

export function isStatsWindow(value: unknown): value is StatsWindow {
  return typeof value === "string" && (STATS_WINDOWS as readonly string[]).includes(value);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface WindowSpec {
  hours: number;
  groupBy: "hour" | "day";
  bucketMs: number;
  /** "last 24 hours", for headings. */
  label: string;
}

export const WINDOW_SPECS: Record<StatsWindow, WindowSpec> = {
  "24h": { hours: 24, groupBy: "hour", bucketMs: HOUR_MS, label: "last 24 hours" },
  "7d": { hours: 168, groupBy: "hour", bucketMs: HOUR_MS, label: "last 7 days" },
  "30d": { hours: 720, groupBy: "day", bucketMs: DAY_MS, label: "last 30 days" },
};

/** Mixpeek's analytics look back at most this many hours (`hours` 1..720). */
export const MAX_ANALYTICS_HOURS = 720;

export interface StatsPeriod {
  window: StatsWindow;
  /** The window: [start, end). */
  start: Date;
  end: Date;
  /** The window before it, of the same length: [previousStart, start). */
  previousStart: Date;
  bucketMs: number;
  /** Buckets in the window: 24, 168 or 30. */
  buckets: number;
}

export function statsPeriod(window: StatsWindow, at: Date): StatsPeriod {
  const spec = WINDOW_SPECS[window];
  const endMs = Math.ceil(at.getTime() / spec.bucketMs) * spec.bucketMs;
  const lengthMs = spec.hours * HOUR_MS;
  return {
    window,
    start: new Date(endMs - lengthMs),
    end: new Date(endMs),
    previousStart: new Date(endMs - 2 * lengthMs),
    bucketMs: spec.bucketMs,
    buckets: lengthMs / spec.bucketMs,
  };
}
