import type { ExecutionSummary } from "../mixpeek/schemas.js";

/** The choices of the status filter a person picks in Slack. */
export const STATUS_FILTERS = ["all", "completed", "failed", "running"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** How each filter choice reads in a select or a button. */
export const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  all: "All statuses",
  completed: "Completed",
  failed: "Failed",
  running: "Running",
};

export function isStatusFilter(value: unknown): value is StatusFilter {
  return typeof value === "string" && (STATUS_FILTERS as readonly string[]).includes(value);
}

/**
 * How a person reads a page: one table row per run (compact, the default), or a few lines each with a
 * Details button (detailed). A view choice, not part of what is fetched: the cache ignores it.
 */
export const LIST_LAYOUTS = ["compact", "detailed"] as const;
export type ListLayout = (typeof LIST_LAYOUTS)[number];

/** Which page of which retriever's executions a person is looking at. */
export interface PageQuery {
  namespace: string;
  retriever: string;
  status: StatusFilter;
  offset: number;
  limit: number;
  /** Remembered in every control's state; compact when absent. */
  layout?: ListLayout | undefined;
}

export interface ExecutionsPage {
  query: PageQuery;
  executions: ExecutionSummary[];
  hasNext: boolean;
  /** Known only when Mixpeek was asked for it (`include_total`); null otherwise. */
  total: number | null;
  /** When this page was fetched from Mixpeek (a cache hit keeps the original time). */
  fetchedAt: Date;
  /**
   * Set when Mixpeek could not be asked again (the request budget was spent, or Mixpeek failed) and the
   * page is the last one fetched, at most 10 minutes old, shown with its age instead of an error.
   */
  stale?: "budget_spent" | "upstream_error";
}

/** Limits of the command's `limit:N`. */
export const MIN_PAGE_SIZE = 1;
export const MAX_PAGE_SIZE = 20;
