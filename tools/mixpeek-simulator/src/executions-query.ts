/**
 * Filtering, sorting and paging of a retriever's runs for the list endpoint. Filters are read
 * leniently (the upstream schema leaves them untyped): body `status`, `filters.status`, and
 * `{AND|OR: [{field: "status", operator, value}]}` conditions all narrow by status; conditions on
 * `created_at` (`gte`, `gt`, `lte`, `lt` with an ISO time) narrow by when a run started.
 */

import type { PageParams } from "./params.js";
import type { ListExecutionsRequest } from "./request-schemas.js";
import type { ExecutionSummaryWire, StoredExecution } from "./types.js";

type StatusTest = (status: string) => boolean;
type RunTest = (run: StoredExecution) => boolean;
type Direction = "asc" | "desc";
type SortField = keyof ExecutionSummaryWire;

const SORT_FIELDS = new Set<string>([
  "execution_id",
  "status",
  "created_at",
  "completed_at",
  "duration_ms",
  "credits_used",
  "total_processed",
  "total_returned",
  "cache_hit_rate",
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function statusCondition(condition: Record<string, unknown>): StatusTest | undefined {
  const { value } = condition;
  const operator = typeof condition.operator === "string" ? condition.operator.toLowerCase() : "eq";
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  switch (operator) {
    case "eq":
    case "in":
      return (status) => values.includes(status);
    case "ne":
    case "nin":
    case "not_in":
      return (status) => !values.includes(status);
    default:
      return undefined;
  }
}

function createdAtCondition(condition: Record<string, unknown>): RunTest | undefined {
  const at = typeof condition.value === "string" ? Date.parse(condition.value) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  const operator = typeof condition.operator === "string" ? condition.operator.toLowerCase() : "eq";
  switch (operator) {
    case "gte":
      return (run) => run.createdAtMs >= at;
    case "gt":
      return (run) => run.createdAtMs > at;
    case "lte":
      return (run) => run.createdAtMs <= at;
    case "lt":
      return (run) => run.createdAtMs < at;
    default:
      return undefined;
  }
}

function conditionTest(condition: unknown): RunTest | undefined {
  if (!isRecord(condition)) return undefined;
  if (condition.field === "created_at") return createdAtCondition(condition);
  if (condition.field !== "status") return undefined;
  const test = statusCondition(condition);
  return test && ((run) => test(run.summary.status));
}

/** Every status condition the request carries (the body's `status` and `filters.status`). */
export function statusTests(request: ListExecutionsRequest): StatusTest[] {
  const tests: StatusTest[] = [];
  if (typeof request.status === "string" && request.status.length > 0) {
    const wanted = request.status;
    tests.push((status) => status === wanted);
  }
  const filters = request.filters;
  if (isRecord(filters) && typeof filters.status === "string") {
    const wanted = filters.status;
    tests.push((status) => status === wanted);
  }
  return tests;
}

/** Every condition the request carries; a run is listed only if it passes all of them. */
export function runTests(request: ListExecutionsRequest): RunTest[] {
  const tests: RunTest[] = statusTests(request).map((test) => (run) => test(run.summary.status));
  const filters = request.filters;
  if (!isRecord(filters)) return tests;
  const single = conditionTest(filters);
  if (single) tests.push(single);
  if (Array.isArray(filters.AND)) {
    for (const condition of filters.AND) {
      const test = conditionTest(condition);
      if (test) tests.push(test);
    }
  }
  if (Array.isArray(filters.OR)) {
    const anyOf = filters.OR.map(conditionTest).filter((test) => test !== undefined);
    if (anyOf.length > 0) tests.push((run) => anyOf.some((test) => test(run)));
  }
  return tests;
}

export function sortOrder(request: ListExecutionsRequest): { field: SortField; direction: Direction } {
  for (const sort of request.sorts ?? []) {
    if (typeof sort.field === "string" && SORT_FIELDS.has(sort.field)) {
      const direction = String(sort.direction ?? "desc").toLowerCase() === "asc" ? "asc" : "desc";
      return { field: sort.field as SortField, direction };
    }
  }
  return { field: "created_at", direction: "desc" };
}

function compareRuns(a: StoredExecution, b: StoredExecution, field: SortField): number {
  if (field !== "created_at") {
    const left = a.summary[field];
    const right = b.summary[field];
    if (left !== right) {
      if (left === null) return -1;
      if (right === null) return 1;
      return left < right ? -1 : 1;
    }
  }
  // Ties fall back to time, then id, so every page boundary is stable.
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs - b.createdAtMs;
  return a.summary.execution_id < b.summary.execution_id ? -1 : 1;
}

/**
 * Without `include_total`, Mixpeek does not count, and clients must not trust `total`. The simulator
 * makes that visible: the number it returns is never the true total (an estimate from the page,
 * pushed one page further when it would happen to be right).
 */
export function untrustedTotal(trueTotal: number, offset: number, pageLength: number, limit: number): number {
  const estimate = offset + pageLength;
  return estimate === trueTotal ? estimate + limit : estimate;
}

export function listExecutionsPage(
  runs: readonly StoredExecution[],
  request: ListExecutionsRequest,
  page: PageParams,
) {
  const tests = runTests(request);
  const { field, direction } = sortOrder(request);
  const sign = direction === "asc" ? 1 : -1;
  const matching = runs
    .filter((run) => tests.every((test) => test(run)))
    .sort((a, b) => sign * compareRuns(a, b, field));
  const results = matching.slice(page.offset, page.offset + page.limit).map((run) => ({ ...run.summary }));
  const total = matching.length;
  return {
    results,
    pagination: {
      total: page.includeTotal ? total : untrustedTotal(total, page.offset, results.length, page.limit),
      limit: page.limit,
      offset: page.offset,
      has_next: page.offset + results.length < total,
    },
  };
}
