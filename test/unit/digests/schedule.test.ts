/** When digests are due: local times in IANA zones, across daylight saving changes both ways. */
import { describe, expect, it } from "vitest";
import {
  canonicalTimeZone,
  type DigestSchedule,
  nextDigestTime,
  parseClockTime,
} from "../../../src/digests/schedule.js";

const daily = (at: string, timeZone: string): DigestSchedule => ({
  cadence: "daily",
  atMinutes: parseClockTime(at) ?? -1,
  timeZone,
});

/** The next `count` due times after `from`, as ISO strings. */
function dues(schedule: DigestSchedule, from: string, count: number): string[] {
  const out: string[] = [];
  let t = new Date(from);
  for (let i = 0; i < count; i++) {
    t = nextDigestTime(schedule, t);
    out.push(t.toISOString());
  }
  return out;
}

describe("nextDigestTime", () => {
  it("keeps 09:00 in Berlin when clocks go forward and back", () => {
    expect(dues(daily("09:00", "Europe/Berlin"), "2025-03-29T12:00:00Z", 2)).toEqual([
      "2025-03-30T07:00:00.000Z",
      "2025-03-31T07:00:00.000Z",
    ]);
    expect(dues(daily("09:00", "Europe/Berlin"), "2025-10-25T12:00:00Z", 2)).toEqual([
      "2025-10-26T08:00:00.000Z",
      "2025-10-27T08:00:00.000Z",
    ]);
  });

  it("posts a time that does not exist past the gap, and one that happens twice at the first", () => {
    // 02:30 on 30 March does not exist in Berlin: 03:30 CEST instead.
    expect(dues(daily("02:30", "Europe/Berlin"), "2025-03-29T12:00:00Z", 2)).toEqual([
      "2025-03-30T01:30:00.000Z",
      "2025-03-31T00:30:00.000Z",
    ]);
    // 02:30 on 26 October happens twice: the first one (CEST), and not again that day.
    expect(dues(daily("02:30", "Europe/Berlin"), "2025-10-25T12:00:00Z", 2)).toEqual([
      "2025-10-26T00:30:00.000Z",
      "2025-10-27T01:30:00.000Z",
    ]);
  });

  it("handles zones off the hour and the southern hemisphere", () => {
    expect(dues(daily("09:00", "Asia/Kolkata"), "2025-01-01T00:00:00Z", 1)).toEqual([
      "2025-01-01T03:30:00.000Z",
    ]);
    expect(dues(daily("09:00", "Asia/Kathmandu"), "2025-01-01T00:00:00Z", 1)).toEqual([
      "2025-01-01T03:15:00.000Z",
    ]);
    // Sydney leaves daylight saving on 6 April 2025 (UTC+11 to UTC+10).
    expect(dues(daily("09:00", "Australia/Sydney"), "2025-04-04T12:00:00Z", 2)).toEqual([
      "2025-04-04T22:00:00.000Z",
      "2025-04-05T23:00:00.000Z",
    ]);
  });

  it("goes out on Mondays for a weekly digest", () => {
    const weekly: DigestSchedule = { cadence: "weekly", atMinutes: 17 * 60, timeZone: "America/New_York" };
    const times = dues(weekly, "2025-03-05T12:00:00Z", 3);
    expect(times).toEqual([
      "2025-03-10T21:00:00.000Z",
      "2025-03-17T21:00:00.000Z",
      "2025-03-24T21:00:00.000Z",
    ]);
  });

  it("is strictly after the instant given, so a digest never falls due twice", () => {
    const schedule = daily("09:00", "UTC");
    expect(nextDigestTime(schedule, new Date("2025-05-01T09:00:00Z")).toISOString()).toBe(
      "2025-05-02T09:00:00.000Z",
    );
    expect(nextDigestTime(schedule, new Date("2025-05-01T08:59:59Z")).toISOString()).toBe(
      "2025-05-01T09:00:00.000Z",
    );
  });
});

describe("reading times and zones", () => {
  it("reads 24-hour times and canonical zone names", () => {
    expect(parseClockTime("09:00")).toBe(540);
    expect(parseClockTime("9:05")).toBe(545);
    expect(parseClockTime("23:59")).toBe(1439);
    for (const bad of ["24:00", "9", "9am", "09:60", ""]) expect(parseClockTime(bad)).toBeUndefined();
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeUndefined();
  });
});
