/**
 * Numbers as en-US text (`1,234,567.89`), written the way `Intl.NumberFormat("en-US")` writes them for
 * the options the bot uses, without Intl. The first Intl number or date formatter a process makes pages
 * in about 9 MB of ICU data from the node binary (docs/benchmarks.md, "where the memory went"), and a
 * listing only needs digits, commas and a point.
 *
 * Like ICU, it starts from the shortest decimal that reads back as the same double (what `String(n)`
 * gives) and rounds that decimal half away from zero: 1.005 to two places is 1.01, as Intl says, where
 * `toFixed` (which rounds the binary value, 1.00499…) says 1.00.
 */

export type DecimalPrecision = { maxFractionDigits: number } | { maxSignificantDigits: number };

/** `n` in en-US form, at most the given precision, trailing zeros dropped; "NaN" / "∞" as Intl says. */
export function formatDecimal(n: number, precision: DecimalPrecision): string {
  if (Number.isNaN(n)) return "NaN";
  const negative = n < 0 || Object.is(n, -0);
  if (!Number.isFinite(n)) return negative ? "-∞" : "∞";
  const { digits, pointAt } = shortestDecimal(Math.abs(n));
  // Keep digits up to `keep` (an index into `digits`; may be ≤ 0 or past the end).
  const keep =
    "maxFractionDigits" in precision
      ? pointAt + precision.maxFractionDigits
      : firstNonZero(digits) + precision.maxSignificantDigits;
  const rounded = roundDigits(digits, pointAt, keep);
  return `${negative ? "-" : ""}${withPoint(rounded.digits, rounded.pointAt)}`;
}

/** The digits of the shortest round-trip decimal of a finite `x ≥ 0`, and where its point goes. */
function shortestDecimal(x: number): { digits: string; pointAt: number } {
  const text = String(x);
  const exponentAt = text.indexOf("e");
  const mantissa = exponentAt === -1 ? text : text.slice(0, exponentAt);
  const exponent = exponentAt === -1 ? 0 : Number(text.slice(exponentAt + 1));
  const point = mantissa.indexOf(".");
  const digits = point === -1 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  return { digits, pointAt: (point === -1 ? mantissa.length : point) + exponent };
}

function firstNonZero(digits: string): number {
  const index = digits.search(/[1-9]/);
  return index === -1 ? digits.length : index;
}

/** Cuts `digits` after index `keep`, rounding half away from zero; a carry may add a leading 1. */
function roundDigits(digits: string, pointAt: number, keep: number): { digits: string; pointAt: number } {
  if (keep >= digits.length) return { digits, pointAt };
  if (keep < 0) return { digits: "0", pointAt: 1 };
  const roundUp = digits.charCodeAt(keep) >= 53; // "5" or more
  const kept = digits.slice(0, keep).split("").map(Number);
  if (roundUp) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) {
      kept[i] = 0;
      i -= 1;
    }
    if (i >= 0) kept[i] = (kept[i] ?? 0) + 1;
    else return { digits: `1${kept.join("")}`, pointAt: pointAt + 1 };
  }
  return kept.length === 0 ? { digits: "0", pointAt: 1 } : { digits: kept.join(""), pointAt };
}

/** `digits` with the point at `pointAt`, commas every three integer digits, no trailing zeros. */
function withPoint(digits: string, pointAt: number): string {
  const padded =
    pointAt <= 0
      ? "0".repeat(1 - pointAt) + digits
      : digits.length < pointAt
        ? digits + "0".repeat(pointAt - digits.length)
        : digits;
  const at = Math.max(pointAt, 1);
  const integer = padded.slice(0, at).replace(/^0+(?=\d)/, "");
  const fraction = padded.slice(at).replace(/0+$/, "");
  const grouped = integer.replace(/\B(?=(\d{3})+$)/g, ",");
  return fraction === "" ? grouped : `${grouped}.${fraction}`;
}
