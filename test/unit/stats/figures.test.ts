/** The small pure parts of stats: reading free-form figures, changes, sparklines, windows, failures. */
import { describe, expect, it } from "vitest";
import { countFailures } from "../../../src/stats/failures.js";
import { pointChange, rateOf, relativeChange } from "../../../src/stats/figures.js";
import { statsPeriod } from "../../../src/stats/period.js";
import { readNumber, readRate, readTime } from "../../../src/stats/read.js";
import { sparkline } from "../../../src/stats/sparkline.js";
import { changeText, figureText } from "../../../src/views/stats/stats-figures.js";

describe("reading free-form figures", () => {
  it("takes finite, non-negative numbers and numeric strings; everything else is unknown", () => {
    const row = { a: 12.5, b: "7", c: "fast", d: Number.NaN, e: -1, f: Number.POSITIVE_INFINITY, g: null };
    expect(readNumber(row, "a")).toBe(12.5);
    expect(readNumber(row, "b")).toBe(7);
    for (const key of ["c", "d", "e", "f", "g", "missing"]) expect(readNumber(row, key)).toBeNull();
    expect(readNumber(row, "c", "d", "a")).toBe(12.5);
    expect(readNumber("not a row", "a")).toBeNull();
    expect(readNumber([1, 2], "0")).toBeNull();
  });

  it("reads rates given as fractions or percentages, and times as ISO or epoch", () => {
    expect(readRate({ r: 0.78 }, "r")).toBe(0.78);
    expect(readRate({ r: 78 }, "r")).toBe(0.78);
    expect(readRate({ r: 780 }, "r")).toBeNull();
    expect(readTime({ t: "2025-03-01T10:00:00Z" }, "t")?.toISOString()).toBe("2025-03-01T10:00:00.000Z");
    expect(readTime({ t: 0 }, "t")?.getTime()).toBe(0);
    expect(readTime({ t: "soon" }, "t")).toBeNull();
  });
});

describe("changes against the window before", () => {
  it("says how much a count or latency moved, in percent", () => {
    expect(changeText(relativeChange({ current: 112, previous: 100 }))).toBe("▲ 12%");
    expect(changeText(relativeChange({ current: 97, previous: 100 }))).toBe("▼ 3%");
    expect(changeText(relativeChange({ current: 100, previous: 100 }))).toBe("± 0%");
    expect(relativeChange({ current: 5, previous: 0 })).toBeNull();
    expect(relativeChange({ current: 5, previous: null })).toBeNull();
  });

  it("says how much a rate moved, in percentage points", () => {
    expect(changeText(pointChange({ current: 0.05, previous: 0.02 }))).toBe("▲ 3.0 pt");
    expect(figureText({ current: 0.05, previous: 0.02 }, "rate")).toBe("5%  ▲ 3.0 pt");
    expect(figureText({ current: 3, previous: 0 }, "count")).toBe("3  ▲ from 0");
    expect(figureText({ current: null, previous: 4 }, "latency")).toBe("–");
    expect(figureText({ current: 1500, previous: null }, "latency")).toBe("1.5 s");
  });

  it("never divides by nothing", () => {
    expect(rateOf(3, 0)).toBeNull();
    expect(rateOf(null, 10)).toBeNull();
    expect(rateOf(12, 10)).toBe(1);
  });
});

describe("sparklines", () => {
  it("draws eight levels from zero to the maximum, unknowns as dots", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8, "sum")).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([0, 0, 0], 8, "sum")).toBe("▁▁▁");
    expect(sparkline([null, 4, null], 8, "max")).toBe("·█·");
    expect(sparkline([null, null], 8, "max")).toBe("··");
  });

  it("folds a long series into at most the cells given", () => {
    const hours = Array.from({ length: 168 }, (_, i) => (i < 84 ? 1 : 3));
    const line = sparkline(hours, 28, "sum");
    expect([...line]).toHaveLength(28);
    expect(line).toBe(`${"▃".repeat(14)}${"█".repeat(14)}`);
  });
});

describe("windows", () => {
  it("ends on the next bucket boundary, so everyone within a bucket shares one window", () => {
    const a = statsPeriod("24h", new Date("2025-03-01T10:01:00Z"));
    const b = statsPeriod("24h", new Date("2025-03-01T10:59:00Z"));
    expect(a.end.toISOString()).toBe("2025-03-01T11:00:00.000Z");
    expect(b.end).toEqual(a.end);
    expect(a.start.toISOString()).toBe("2025-02-28T11:00:00.000Z");
    expect(a.previousStart.toISOString()).toBe("2025-02-27T11:00:00.000Z");
    expect(a.buckets).toBe(24);
    const month = statsPeriod("30d", new Date("2025-03-01T10:00:00Z"));
    expect(month.end.toISOString()).toBe("2025-03-02T00:00:00.000Z");
    expect(month.buckets).toBe(30);
    expect(statsPeriod("7d", new Date("2025-03-01T10:00:00Z")).buckets).toBe(168);
  });
});

describe("failures per window", () => {
  const period = statsPeriod("24h", new Date("2025-03-02T00:00:00Z"));
  const run = (iso: string) => ({
    execution_id: iso,
    status: "failed",
    created_at: iso,
    duration_ms: 1,
    credits_used: 0,
    total_processed: 0,
    total_returned: 0,
  });
  const page = (times: string[], hasNext: boolean, total = times.length) => ({
    results: times.map(run),
    pagination: { total, limit: times.length, offset: 0, has_next: hasNext },
  });

  it("splits a complete page between the window and the one before", () => {
    const counts = countFailures(
      page(["2025-03-01T20:00:00Z", "2025-03-01T01:00:00Z", "2025-02-28T05:00:00Z"], false),
      period,
    );
    expect(counts.current).toEqual({ value: 2, atLeast: false });
    expect(counts.previous).toEqual({ value: 1, atLeast: false });
    expect(counts.times.map((t) => t.toISOString())).toEqual([
      "2025-03-01T20:00:00.000Z",
      "2025-03-01T01:00:00.000Z",
    ]);
  });

  it("uses the counted total for the window before when the page stops inside it", () => {
    const counts = countFailures(page(["2025-03-01T20:00:00Z", "2025-02-28T23:00:00Z"], true, 40), period);
    expect(counts.current).toEqual({ value: 1, atLeast: false });
    expect(counts.previous).toEqual({ value: 39, atLeast: false });
  });

  it("says 'at least' when a full page has not reached the window's start", () => {
    const counts = countFailures(page(["2025-03-01T20:00:00Z", "2025-03-01T19:00:00Z"], true, 900), period);
    expect(counts.current).toEqual({ value: 2, atLeast: true });
    expect(counts.previous?.atLeast).toBe(true);
  });

  it("counts by each run's own time when Mixpeek ignores the created_at range", () => {
    const counts = countFailures(
      page(["2025-03-01T20:00:00Z", "2025-02-20T00:00:00Z", "2025-02-10T00:00:00Z"], true, 300),
      period,
    );
    expect(counts.current).toEqual({ value: 1, atLeast: false });
    expect(counts.previous).toEqual({ value: 0, atLeast: false });
  });
});
