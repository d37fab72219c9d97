/**
 * Reading figures out of Mixpeek's free-form analytics rows. A key may be missing, null, a string, a
 * negative or an infinite number: each of those is "unknown" (null), never a NaN on screen or a crash.
 * Several keys may name the same figure (`p95_latency_ms`, `latency_p95_ms`); the first readable one wins.
 */
export type Row = Readonly<Record<string, unknown>>;

export function isRow(value: unknown): value is Row {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A finite, non-negative number under one of `keys` (numeric strings such as "12.5" count too). */
export function readNumber(row: unknown, ...keys: string[]): number | null {
  if (!isRow(row)) return null;
  for (const key of keys) {
    const value = row[key];
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof number === "number" && Number.isFinite(number) && number >= 0) return number;
  }
  return null;
}

/** A non-empty string under one of `keys`. */
export function readText(row: unknown, ...keys: string[]): string | null {
  if (!isRow(row)) return null;
  for (const key of keys) {
    const value = row[key];
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  return null;
}

/** An instant under one of `keys`: an ISO string or epoch milliseconds. */
export function readTime(row: unknown, ...keys: string[]): Date | null {
  if (!isRow(row)) return null;
  for (const key of keys) {
    const value = row[key];
    const ms = typeof value === "string" ? Date.parse(value) : typeof value === "number" ? value : Number.NaN;
    if (Number.isFinite(ms)) return new Date(ms);
  }
  return null;
}

/** A rate in 0..1; a percentage above 1 (e.g. 78 for 78%) is read as one. */
export function readRate(row: unknown, ...keys: string[]): number | null {
  const value = readNumber(row, ...keys);
  if (value === null) return null;
  if (value <= 1) return value;
  return value <= 100 ? value / 100 : null;
}
