/**
 * When a digest is due: a wall-clock time in a time zone, every day or every Monday. Instants are worked
 * out from the zone's own rules (Intl), so daylight saving moves the UTC instant and never the local time:
 * on the night clocks go forward a time that does not exist is posted at the same distance past the gap
 * (02:30 becomes 03:30), and on the night they go back a time that happens twice is posted at the first.
 * Either way each local day has exactly one instant, so a digest is never due twice in one day.
 */
import type { StatsWindow } from "../stats/period.js";

export const DIGEST_CADENCES = ["daily", "weekly"] as const;
export type DigestCadence = (typeof DIGEST_CADENCES)[number];

export interface DigestSchedule {
  cadence: DigestCadence;
  /** Minutes after local midnight, 0..1439. */
  atMinutes: number;
  /** An IANA time zone, canonical (e.g. `Europe/Berlin`). */
  timeZone: string;
}

export const DEFAULT_DIGEST_MINUTES = 9 * 60;
export const DEFAULT_DIGEST_TIME_ZONE = "UTC";
/** Weekly digests go out on Mondays (getUTCDay numbering). */
const WEEKLY_DAY = 1;
const DAY_MS = 86_400_000;

/** The window a digest reports on: the day or the week before it is posted. */
export const DIGEST_WINDOWS: Record<DigestCadence, StatsWindow> = { daily: "24h", weekly: "7d" };
export const DIGEST_PERIOD_MS: Record<DigestCadence, number> = { daily: DAY_MS, weekly: 7 * DAY_MS };

/** The zone's canonical name, or undefined when Intl does not know it. */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.trim() === "" || name.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** `09:00`, `9:30`, `21:05` to minutes after midnight; undefined for anything else. */
export function parseClockTime(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/i.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    // A handful of zones in practice; the map is bounded by the zones people type.
    if (formatters.size < 500) formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localTime(instantMs: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instantMs: number, timeZone: string): number {
  const t = localTime(instantMs, timeZone);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/** The instant a local date and time happens (the first, when it happens twice; past the gap, when never). */
export function instantOf(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  // A zone changes its offset at most once around a given day: the offsets a day before and after cover it.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [before, after]
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In the gap when clocks go forward: the same distance past it, read with the offset from before.
  return new Date(wall - before);
}

/** The first time the digest is due strictly after `after`. */
export function nextDigestTime(schedule: DigestSchedule, after: Date): Date {
  const today = localTime(after.getTime(), schedule.timeZone);
  for (let k = 0; k <= 8; k++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + k));
    if (schedule.cadence === "weekly" && date.getUTCDay() !== WEEKLY_DAY) continue;
    const due = instantOf(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      schedule.atMinutes,
      schedule.timeZone,
    );
    if (due.getTime() > after.getTime()) return due;
  }
  // Unreachable for real zones (one of the next 8 local days has the time); a day later keeps it moving.
  return new Date(after.getTime() + DAY_MS);
}
