/**
 * What the rest of the bot needs from Mixpeek. The undici client implements it; nothing else should
 * (tests point the real client at the simulator instead of replacing it).
 */
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

export interface MixpeekApi {
  /** Newest first (sorted by `created_at` descending). */
  listExecutions(params: ListExecutionsParams): Promise<ListExecutionsResponse>;
  getExecution(params: GetExecutionParams): Promise<ExecutionDetail>;
  listRetrievers(params: ListRetrieversParams): Promise<ListRetrieversResponse>;
  getRetriever(params: RetrieverRef): Promise<Retriever>;
}
