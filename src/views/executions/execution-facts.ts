/**
 * What a list row says about one execution, in plain words, for both layouts (the compact table and the
 * detailed sections) and the details modal. A run still in flight has no duration or credits yet: Mixpeek
 * reports `duration_ms` and `credits_used` as they stand (often 0), so those rows say how long the run
 * has been going instead, and leave credits out until they are known.
 */
import type { ExecutionSummary } from "../../mixpeek/schemas.js";
import { formatCount, formatCredits } from "../shared/mrkdwn.js";

const IN_FLIGHT = new Set(["running", "pending", "processing"]);

/** Whether a status means the run has not finished (Mixpeek's `status` is a free string). */
export function isInFlight(status: string): boolean {
  return IN_FLIGHT.has(status.trim().toLowerCase());
}

export function parseDate(value: string | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = new Date(value);
  return Number.isFinite(date.getTime()) ? date : undefined;
}

/** `45 s`, `8 min`, `2 h 05 min`: a coarse clock for "running for …", where seconds past a minute are noise. */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${formatCount(Math.floor(minutes / 60))} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** `running for 8 min`, from `created_at`, while a run is in flight; undefined once it is done. */
export function elapsedPhrase(execution: ExecutionSummary, now: Date): string | undefined {
  if (!isInFlight(execution.status)) return undefined;
  const word = execution.status.trim().toLowerCase();
  const created = parseDate(execution.created_at);
  return created === undefined ? word : `${word} for ${formatElapsed(now.getTime() - created.getTime())}`;
}

/** `0.5 credits`, or undefined while a run is in flight and has reported none. */
export function creditsPhrase(execution: ExecutionSummary): string | undefined {
  if (isInFlight(execution.status) && execution.credits_used === 0) return undefined;
  return formatCredits(execution.credits_used);
}

/** `10 of 1,234`: returned of processed, the pair a reader compares. */
export function returnedPhrase(execution: ExecutionSummary): string {
  return `${formatCount(execution.total_returned)} of ${formatCount(execution.total_processed)}`;
}
