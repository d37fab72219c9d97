/**
 * What the rest of the bot needs from Mixpeek. The undici client implements it; nothing else should
 * (tests point the real client at the simulator instead of replacing it).
 */
import type {
  CachePerformance,
  RetrieverPerformance,
  SlowQueries,
  StageBreakdown,
} from "./analytics-schemas.js";
import type {
  ExecutionDetail,
  ListExecutionsResponse,
  ListRetrieversResponse,
  Retriever,
} from "./schemas.js";

export interface RetrieverRef {
  /** Namespace id or name, sent as `X-Namespace`. */
  namespace: string;
  /** Retriever id or name; Mixpeek accepts both in the path. */
  retriever: string;
}

export interface ListExecutionsParams extends RetrieverRef {
  /** Upstream status value (`failed`, `completed`, `running`); omitted for all. */
  status?: string | undefined;
  offset: number;
  limit: number;
  includeTotal?: boolean;
  /** Only runs created at or after this instant (a `created_at` filter; see README on analytics). */
  createdFrom?: Date;
  /** Only runs created before this instant. */
  createdBefore?: Date;
}

export interface GetExecutionParams extends RetrieverRef {
  executionId: string;
}

export interface ListRetrieversParams {
  namespace: string;
  search?: string | undefined;
  limit?: number;
  offset?: number;
}

/** Performance analytics between two instants, in buckets of an hour, a day or a week. */
export interface PerformanceParams extends RetrieverRef {
  start: Date;
  end: Date;
  groupBy: "hour" | "day" | "week";
}

/** The other analytics endpoints look back `hours` (1..720) from now. */
export interface AnalyticsHoursParams extends RetrieverRef {
  hours: number;
}

export interface SlowQueriesParams extends AnalyticsHoursParams {
  limit: number;
}

export interface MixpeekApi {
  /** Newest first (sorted by `created_at` descending). */
  listExecutions(params: ListExecutionsParams): Promise<ListExecutionsResponse>;
  getExecution(params: GetExecutionParams): Promise<ExecutionDetail>;
  listRetrievers(params: ListRetrieversParams): Promise<ListRetrieversResponse>;
  getRetriever(params: RetrieverRef): Promise<Retriever>;
  getRetrieverPerformance(params: PerformanceParams): Promise<RetrieverPerformance>;
  getStageBreakdown(params: AnalyticsHoursParams): Promise<StageBreakdown>;
  getCachePerformance(params: AnalyticsHoursParams): Promise<CachePerformance>;
  getSlowQueries(params: SlowQueriesParams): Promise<SlowQueries>;
}
