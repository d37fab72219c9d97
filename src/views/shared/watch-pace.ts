/**
 * How the request budget paces the watcher, in words, for every place people look: the subscribe
 * confirmation, the App Home. Pure; the numbers come from the watcher.
 */
import { slackDate } from "./mrkdwn.js";

/** The watcher's pace as views need it (alerts/watcher/report.ts WatchPace has this shape). */
export interface PaceFacts {
  intervalMs: number;
  effectiveIntervalMs: number;
  maxPerMinute: number;
  limitPerMinute: number;
  pausedUntil: Date | null;
}

/** `45 s`, `3 min`, `2 h`: rounded, the way people say an interval. */
export function intervalWords(ms: number): string {
  if (!Number.isFinite(ms)) return "never, until the budget recovers";
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${Math.max(1, seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

/** Whether the budget makes checks rarer than WATCH_INTERVAL_SECONDS. */
export function isStretched(pace: PaceFacts | null | undefined): pace is PaceFacts {
  return pace != null && pace.effectiveIntervalMs > pace.intervalMs;
}

/** "checked about every 3 min because of the request budget", or nothing when the interval holds. */
export function stretchedPhrase(pace: PaceFacts | null | undefined): string | undefined {
  if (!isStretched(pace)) return undefined;
  return `checked about every ${intervalWords(pace.effectiveIntervalMs)} because of the request budget`;
}

/** The App Home's lines about the budget: the stretched interval, a rate lowered or paused by a 429. */
export function paceLines(pace: PaceFacts | null | undefined, now: Date): string[] {
  if (pace == null) return [];
  const lines: string[] = [];
  const budget = `${formatRate(pace.maxPerMinute)} Mixpeek requests a minute`;
  if (isStretched(pace)) {
    lines.push(
      `:hourglass: Each retriever is ${stretchedPhrase(pace)} (${budget} in all, a third kept for people; ` +
        `\`WATCH_INTERVAL_SECONDS\` asks for ${intervalWords(pace.intervalMs)}).`,
    );
  }
  if (pace.pausedUntil !== null && pace.pausedUntil.getTime() > now.getTime()) {
    lines.push(
      `:turtle: Mixpeek asked the bot to slow down (429); calls resume ${slackDate(pace.pausedUntil, "{time}")}.`,
    );
  } else if (pace.limitPerMinute < pace.maxPerMinute) {
    lines.push(
      `:turtle: After a 429 from Mixpeek the bot uses ${formatRate(pace.limitPerMinute)} of its ${budget}, ` +
        "more each minute until it is back to the full budget.",
    );
  }
  return lines;
}

function formatRate(perMinute: number): string {
  return Number.isInteger(perMinute) ? String(perMinute) : perMinute.toFixed(1);
}
