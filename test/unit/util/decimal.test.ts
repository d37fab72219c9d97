/**
 * formatDecimal must write exactly what Intl.NumberFormat("en-US") writes for the bot's three formats;
 * Intl is the oracle here (the bot itself avoids it, see src/util/decimal.ts).
 */
import { describe, expect, it } from "vitest";
import { formatDecimal } from "../../../src/util/decimal.js";

const FORMATS = [
  { name: "counts", ours: { maxFractionDigits: 0 }, intl: { maximumFractionDigits: 0 } },
  { name: "credits", ours: { maxFractionDigits: 2 }, intl: { maximumFractionDigits: 2 } },
  { name: "small credits", ours: { maxSignificantDigits: 3 }, intl: { maximumSignificantDigits: 3 } },
] as const;

/** A seeded generator, so a failure names a value that can be tried again. */
function* values(): Generator<number> {
  const fixed = [
    0,
    -0,
    1,
    -1,
    0.5,
    1.5,
    2.5,
    -2.5,
    0.995,
    9.995,
    1.005,
    1.045,
    0.0123456,
    0.00099951,
    0.0005,
    0.00049,
    999.995,
    999_999.5,
    1234.5,
    1_234_567.891,
    4e-7,
    1e-7,
    9.9999e-7,
    123_456_789_012,
    2 ** 53,
    2 ** 53 + 2,
    1e20,
    1e21,
    2 ** 84,
    5e-324,
    Number.MAX_VALUE,
    0.1 + 0.2,
    99.5,
    0.0995,
    0.00995,
  ];
  yield* fixed;
  let seed = 0x2f6b_1d3c;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < 4000; i++) {
    const scale = 10 ** Math.floor(random() * 16 - 8);
    const value = random() * scale * (random() < 0.2 ? -1 : 1);
    yield value;
    // Ties in decimal (x.5, x.xx5), where half-away-from-zero and the binary value disagree.
    yield Math.round(value * 1000) / 1000 + 0.005;
    yield Math.round(value) + 0.5;
  }
}

describe("formatDecimal", () => {
  for (const format of FORMATS) {
    it(`writes ${format.name} as Intl.NumberFormat("en-US") does`, () => {
      const intl = new Intl.NumberFormat("en-US", format.intl);
      const mismatches: string[] = [];
      for (const value of values()) {
        const expected = intl.format(value);
        const actual = formatDecimal(value, format.ours);
        if (actual !== expected) mismatches.push(`${value}: ${actual} ≠ ${expected}`);
      }
      expect(mismatches.slice(0, 10)).toEqual([]);
    });
  }

  it("groups thousands and drops trailing zeros", () => {
    expect(formatDecimal(1_234_567, { maxFractionDigits: 0 })).toBe("1,234,567");
    expect(formatDecimal(1234.5, { maxFractionDigits: 2 })).toBe("1,234.5");
    expect(formatDecimal(0.0123456, { maxSignificantDigits: 3 })).toBe("0.0123");
    expect(formatDecimal(999.995, { maxFractionDigits: 2 })).toBe("1,000");
  });

  it("says NaN and infinity as Intl does", () => {
    expect(formatDecimal(Number.NaN, { maxFractionDigits: 0 })).toBe("NaN");
    expect(formatDecimal(Number.POSITIVE_INFINITY, { maxFractionDigits: 0 })).toBe("∞");
    expect(formatDecimal(Number.NEGATIVE_INFINITY, { maxFractionDigits: 0 })).toBe("-∞");
  });
});
