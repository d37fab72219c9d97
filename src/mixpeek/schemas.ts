/**
 * Zod schemas for the parts of Mixpeek's API this bot uses, written from the published OpenAPI
 * document (info.version 0.81; tools/mixpeek-simulator/test/retriever-executions.facts.json holds its types). Objects are loose:
 * Mixpeek may add fields, and an extra field must never break the bot.
 */
import * as z from "zod";

const isoDateTime = z.string().min(1);
const nullable = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().optional();

/** `status` is a free string upstream; these are the values the product knows how to show. */
export const KNOWN_STATUSES = ["completed", "failed", "running", "processing", "pending"] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];

export const ExecutionSummarySchema = z.looseObject({
  execution_id: z.string(),
  status: z.string(),
  created_at: isoDateTime,
  completed_at: nullable(isoDateTime),
  duration_ms: z.number().min(0),
  credits_used: z.number().min(0),
  total_processed: z.number().int().min(0),
  total_returned: z.number().int().min(0),
  cache_hit_rate: nullable(z.number().min(0).max(1)),
  inputs_hash: nullable(z.string()),
  query_summary: nullable(z.string()),
});
export type ExecutionSummary = z.infer<typeof ExecutionSummarySchema>;

export const PaginationSchema = z.looseObject({
  total: z.number().int().min(0),
  limit: z.number().int().min(0),
  offset: z.number().int().min(0),
  has_next: z.boolean(),
});
export type Pagination = z.infer<typeof PaginationSchema>;

export const ListExecutionsResponseSchema = z.looseObject({
  results: z.array(ExecutionSummarySchema).default([]),
  pagination: PaginationSchema,
});
export type ListExecutionsResponse = z.infer<typeof ListExecutionsResponseSchema>;

export const StageStatisticsSchema = z.looseObject({
  input_count: z.number().int().min(0),
  output_count: z.number().int().min(0),
  duration_ms: z.number().min(0),
  efficiency: z.number().min(0),
  cache_hit: nullable(z.boolean()),
  error: nullable(z.string()),
  llm_calls: nullable(z.number().int().min(0)),
  tokens_used: nullable(z.number().int().min(0)),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type StageStatistics = z.infer<typeof StageStatisticsSchema>;

export const ExecutionStatisticsSchema = z.looseObject({
  stages: z.record(z.string(), StageStatisticsSchema).default({}),
  total_time_ms: z.number().min(0).default(0),
  credits_used: z.number().min(0).default(0),
});

export const ExecutionDetailSchema = z.looseObject({
  execution_id: z.string(),
  status: z.string(),
  documents: z.array(z.record(z.string(), z.unknown())).optional(),
  pagination: z.record(z.string(), z.unknown()).optional(),
  stage_statistics: ExecutionStatisticsSchema.optional(),
  budget: z.record(z.string(), z.unknown()).optional(),
  error: nullable(z.string()),
  optimization_applied: z.boolean().optional(),
  optimization_summary: nullable(z.record(z.string(), z.unknown())),
  created_at: isoDateTime.optional(),
  completed_at: nullable(isoDateTime),
  current_stage: nullable(z.string()),
  stages_completed: z.number().int().min(0).default(0),
  total_stages: z.number().int().min(0).default(0),
});
export type ExecutionDetail = z.infer<typeof ExecutionDetailSchema>;

export const StageConfigSchema = z.looseObject({
  stage_name: z.string().min(1),
  stage_type: nullable(z.string()),
  config: z.record(z.string(), z.unknown()),
  batch_size: nullable(z.string()),
});

export const RetrieverSchema = z.looseObject({
  retriever_id: z.string().optional(),
  retriever_name: z.string().min(1),
  collection_ids: z.array(z.string()).optional(),
  stages: z.array(StageConfigSchema),
  budget_limits: z
    .looseObject({
      max_credits: nullable(z.number().min(0)),
      max_time_ms: nullable(z.number().int().min(0)),
    })
    .optional(),
  tags: z.array(z.string()).optional(),
  version: z.number().int().min(1).optional(),
  created_at: isoDateTime.optional(),
  updated_at: isoDateTime.optional(),
  created_by: nullable(z.string()),
  updated_by: nullable(z.string()),
  is_published: z.boolean().optional(),
});
export type Retriever = z.infer<typeof RetrieverSchema>;

export const ListRetrieversResponseSchema = z.looseObject({
  results: z.array(RetrieverSchema).default([]),
  total: z.number().int().min(0).default(0),
});
export type ListRetrieversResponse = z.infer<typeof ListRetrieversResponseSchema>;

/** Mixpeek's error envelope (400/401/403/404/409/429/500/503). */
export const ErrorResponseSchema = z.looseObject({
  success: z.boolean().optional(),
  status: z.number().int(),
  error: z.looseObject({
    message: z.string(),
    type: z.string(),
    details: nullable(z.record(z.string(), z.unknown())),
  }),
});

/** FastAPI's validation error body, which a 422 may carry instead of the envelope. */
export const HttpValidationErrorSchema = z.looseObject({
  detail: z.array(
    z.looseObject({
      loc: z.array(z.union([z.string(), z.number()])),
      msg: z.string(),
      type: z.string(),
    }),
  ),
});
