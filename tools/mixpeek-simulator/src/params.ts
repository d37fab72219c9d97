/**
 * Query-string and body validation with FastAPI's 422 shape (`{detail: [{loc, msg, type}]}`), which
 * is what Mixpeek answers when `limit`, `offset` or a body field is out of bounds.
 */
import type { z } from "zod";

export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export interface PageParams {
  limit: number;
  offset: number;
  includeTotal: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** FastAPI keeps the last of repeated query parameters. */
const lastValue = (query: URLSearchParams, name: string): string | null => query.getAll(name).at(-1) ?? null;

export function parseBoundedInt(
  query: URLSearchParams,
  name: string,
  bounds: { min: number; max: number; fallback: number },
  issues: ValidationIssue[],
): number {
  const raw = lastValue(query, name);
  if (raw === null) return bounds.fallback;
  const loc = ["query", name];
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    issues.push({
      loc,
      msg: "Input should be a valid integer, unable to parse string as an integer",
      type: "int_parsing",
      input: raw,
    });
    return bounds.fallback;
  }
  const value = Number.parseInt(raw, 10);
  if (value < bounds.min) {
    issues.push({
      loc,
      msg: `Input should be greater than or equal to ${bounds.min}`,
      type: "greater_than_equal",
      input: raw,
      ctx: { ge: bounds.min },
    });
  } else if (value > bounds.max) {
    issues.push({
      loc,
      msg: `Input should be less than or equal to ${bounds.max}`,
      type: "less_than_equal",
      input: raw,
      ctx: { le: bounds.max },
    });
  }
  return value;
}

const TRUE_WORDS = new Set(["true", "1", "yes", "on", "t", "y"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off", "f", "n"]);

function parseBool(query: URLSearchParams, name: string, issues: ValidationIssue[]): boolean {
  const raw = lastValue(query, name);
  if (raw === null) return false;
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  issues.push({
    loc: ["query", name],
    msg: "Input should be a valid boolean, unable to interpret input",
    type: "bool_parsing",
    input: raw,
  });
  return false;
}

/** `limit` 1..1000, `offset` 0..10000, `include_total` a boolean; `cursor` is accepted and ignored. */
export function parsePageParams(query: URLSearchParams, defaultLimit: number): Parsed<PageParams> {
  const issues: ValidationIssue[] = [];
  const limit = parseBoundedInt(query, "limit", { min: 1, max: 1000, fallback: defaultLimit }, issues);
  const offset = parseBoundedInt(query, "offset", { min: 0, max: 10_000, fallback: 0 }, issues);
  const includeTotal = parseBool(query, "include_total", issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { limit, offset, includeTotal } };
}

/** A JSON body checked against one of the request schemas; an absent body counts as `{}`. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): Parsed<T> {
  if (body === undefined) body = {};
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      loc: ["body", ...issue.path.map((part) => (typeof part === "number" ? part : String(part)))],
      msg: issue.message,
      type: issue.code,
    })),
  };
}

export const validationBody = (issues: ValidationIssue[]) => ({ detail: issues });

export interface HoursParams {
  hours: number;
  limit: number;
}

/** `hours` 1..720 (default 24) and, for slow queries, `limit` up to 1000 (default 10). */
export function parseHoursParams(query: URLSearchParams, defaultLimit: number): Parsed<HoursParams> {
  const issues: ValidationIssue[] = [];
  const hours = parseBoundedInt(query, "hours", { min: 1, max: 720, fallback: 24 }, issues);
  const limit = parseBoundedInt(query, "limit", { min: 0, max: 1000, fallback: defaultLimit }, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { hours, limit } };
}

export const GROUP_BY = ["hour", "day", "week"] as const;

export interface PerformanceParams {
  startMs: number;
  endMs: number;
  groupBy: (typeof GROUP_BY)[number];
}

/** `start_date`/`end_date` (date-times, default the last 24 hours before `nowMs`) and `group_by`. */
export function parsePerformanceParams(query: URLSearchParams, nowMs: number): Parsed<PerformanceParams> {
  const issues: ValidationIssue[] = [];
  const date = (name: string): number | undefined => {
    const raw = lastValue(query, name);
    if (raw === null || raw === "") return undefined;
    const ms = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(ms)) {
      issues.push({
        loc: ["query", name],
        msg: "Input should be a valid datetime",
        type: "datetime_parsing",
        input: raw,
      });
    }
    return ms;
  };
  const endMs = date("end_date") ?? nowMs;
  const startMs = date("start_date") ?? endMs - 24 * 3_600_000;
  const rawGroup = lastValue(query, "group_by") ?? "hour";
  const groupBy = GROUP_BY.find((value) => value === rawGroup);
  if (groupBy === undefined) {
    issues.push({
      loc: ["query", "group_by"],
      msg: "Time grouping must be hour, day or week",
      type: "value_error",
      input: rawGroup,
    });
  }
  if (issues.length > 0 || groupBy === undefined) return { ok: false, issues };
  return { ok: true, value: { startMs, endMs, groupBy } };
}
