/**
 * Failed runs per window, from one page of the executions list (`status: "failed"`, created in the two
 * windows, newest first, `include_total`). Mixpeek types the list's `filters` as a free object, so the
 * created_at range may be ignored: the rows' own `created_at` decide which window each failure is in, and a
 * count is exact only when the page reaches back past the window's start (or holds every match).
 */
import type { ListExecutionsResponse } from "../mixpeek/schemas.js";
import type { Count } from "./figures.js";
import type { StatsPeriod } from "./period.js";

export interface FailureCounts {
  current: Count | null;
  previous: Count | null;
  /** When each failure of the window started, for marking them on the chart. */
  times: Date[];
}

export function countFailures(page: ListExecutionsResponse, period: StatsPeriod): FailureCounts {
  const times = page.results
    .map((run) => Date.parse(run.created_at))
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => b - a);
  const startMs = period.start.getTime();
  const endMs = period.end.getTime();
  const previousStartMs = period.previousStart.getTime();
  // Everything newer than `seenBackTo` is on the page: all of it when there is no next page.
  const seenBackTo = page.pagination.has_next
    ? (times.at(-1) ?? Number.NEGATIVE_INFINITY)
    : Number.NEGATIVE_INFINITY;
  const countIn = (from: number, to: number): Count => ({
    value: times.filter((ms) => ms >= from && ms < to).length,
    atLeast: seenBackTo >= from,
  });
  const current = countIn(startMs, endMs);
  let previous = countIn(previousStartMs, startMs);
  const filtered = times.every((ms) => ms >= previousStartMs && ms < endMs);
  if (filtered && previous.atLeast && !current.atLeast) {
    // The range was honoured, so the counted total covers both windows exactly.
    previous = { value: Math.max(0, page.pagination.total - current.value), atLeast: false };
  }
  return {
    current,
    previous,
    times: times.filter((ms) => ms >= startMs && ms < endMs).map((ms) => new Date(ms)),
  };
}
