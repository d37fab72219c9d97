/**
 * The vocabulary of stats: a figure now and in the window before, a count that may be a lower bound, and
 * how a figure changed. Everything here is plain data, so a view, a chart, a digest or an alert rule can
 * read the same numbers.
 */

/** A figure in the window and in the one before it; null is unknown (missing, unreadable, or no data). */
export interface Figure {
  current: number | null;
  previous: number | null;
}

export const UNKNOWN: Figure = { current: null, previous: null };

/** A count the bot may only know a floor of (e.g. more failures than one page holds). */
export interface Count {
  value: number;
  atLeast: boolean;
}

export interface Change {
  direction: "up" | "down" | "same";
  /** How much, in the unit: a relative change in percent, or a difference in percentage points. */
  amount: number;
  unit: "%" | "pt";
}

/** Relative change of a count or a latency (▲ 12%); null when either side is unknown or the base is 0. */
export function relativeChange(figure: Figure): Change | null {
  const { current, previous } = figure;
  if (current === null || previous === null) return null;
  if (previous === 0) return current === 0 ? { direction: "same", amount: 0, unit: "%" } : null;
  const percent = ((current - previous) / previous) * 100;
  return { direction: directionOf(percent, 0.5), amount: Math.abs(percent), unit: "%" };
}

/** Change of a rate (0..1) in percentage points (▲ 2.5 pt): a relative change of a small rate misleads. */
export function pointChange(figure: Figure): Change | null {
  const { current, previous } = figure;
  if (current === null || previous === null) return null;
  const points = (current - previous) * 100;
  return { direction: directionOf(points, 0.05), amount: Math.abs(points), unit: "pt" };
}

/** Below `epsilon` the shown figure would round to 0: call it unchanged rather than ▲ 0%. */
function directionOf(delta: number, epsilon: number): Change["direction"] {
  if (Math.abs(delta) < epsilon) return "same";
  return delta > 0 ? "up" : "down";
}

/** `part / whole` as a rate, or null when it cannot be told (no whole, unknown part). */
export function rateOf(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole <= 0) return null;
  return Math.min(1, part / whole);
}
