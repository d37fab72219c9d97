/**
 * The simulator's own view of Mixpeek data: exactly what goes on the wire (snake_case, every field
 * present), plus the little it keeps on the side to answer the detail endpoint. These are concrete
 * shapes on purpose; the bot's zod schemas in src/mixpeek/schemas.ts are the lenient reader's side.
 */

export const CALL_KINDS = [
  "listExecutions",
  "getExecution",
  "listRetrievers",
  "getRetriever",
  "getRetrieverPerformance",
  "getStageBreakdown",
  "getCachePerformance",
  "getSlowQueries",
] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export const STAGE_TYPES = ["filter", "sort", "reduce", "apply", "enrich"] as const;
export type StageType = (typeof STAGE_TYPES)[number];

export interface ExecutionSummaryWire {
  execution_id: string;
  status: string;
  created_at: string;
  completed_at: string | null;
  duration_ms: number;
  credits_used: number;
  total_processed: number;
  total_returned: number;
  cache_hit_rate: number | null;
  inputs_hash: string | null;
  query_summary: string | null;
}

export interface StageStatisticsWire {
  input_count: number;
  output_count: number;
  duration_ms: number;
  efficiency: number;
  cache_hit: boolean | null;
  error: string | null;
  llm_calls: number | null;
  tokens_used: number | null;
  metadata: Record<string, unknown>;
}

export interface ExecutionDetailWire {
  execution_id: string;
  status: string;
  documents: Array<Record<string, unknown>>;
  pagination: Record<string, unknown>;
  stage_statistics: {
    stages: Record<string, StageStatisticsWire>;
    total_time_ms: number;
    credits_used: number;
  };
  budget: Record<string, unknown>;
  error: string | null;
  optimization_applied: boolean;
  optimization_summary: Record<string, unknown> | null;
  created_at: string;
  completed_at: string | null;
  current_stage: string | null;
  stages_completed: number;
  total_stages: number;
}

export interface StageConfigWire {
  stage_name: string;
  stage_type: StageType;
  config: Record<string, unknown>;
  batch_size: string | null;
}

export interface RetrieverWire {
  retriever_id: string;
  retriever_name: string;
  collection_ids: string[];
  stages: StageConfigWire[];
  input_schema: Record<string, { type: string; required: boolean }>;
  budget_limits: { max_credits: number | null; max_time_ms: number | null };
  tags: string[];
  version: number;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
  is_published: boolean;
}

/** How a stage behaves in generated runs: typical time, share of documents kept, whether it calls an LLM. */
export interface StageProfile {
  name: string;
  type: StageType;
  baseMs: number;
  keep: number;
  llm: boolean;
}

export interface StoredExecution {
  summary: ExecutionSummaryWire;
  createdAtMs: number;
  error: string | null;
  stages: Record<string, StageStatisticsWire>;
  currentStage: string | null;
  stagesCompleted: number;
  totalStages: number;
  documents: Array<{ document_id: string; score: number }>;
  budget: Record<string, number | null>;
}

export interface StoredRetriever {
  model: RetrieverWire;
  profile: StageProfile[];
  /** Query snippets runs of this retriever are made from (null: a run without a summary). */
  queries: ReadonlyArray<string | null>;
  failureMessages: readonly string[];
  executions: StoredExecution[];
}

export interface StoredNamespace {
  id: string;
  name: string;
  retrievers: StoredRetriever[];
}

export interface CallRecord {
  kind: CallKind;
  /** The X-Namespace header as sent. */
  namespace?: string | undefined;
  /** The retriever path segment, decoded. */
  retriever?: string | undefined;
  /** The `status` the request body asked for, when it named one (the list of executions). */
  statusFilter?: string | undefined;
  /** The status answered; absent while the call is still open (or hangs). */
  status?: number | undefined;
  at: Date;
}
