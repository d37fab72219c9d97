/**
 * The request bodies the simulator reads, from Mixpeek's published OpenAPI document (info.version 0.81).
 * The bot has its own schemas for what it reads back; the simulator keeps these apart on purpose, so a
 * mismatch between the two shows up in the tests instead of being shared by both sides.
 */
import { z } from "zod";

const nullable = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().optional();

/** Body of POST /v1/retrievers/{id}/executions/list. `filters` and `sorts` are untyped upstream. */
export const ListExecutionsRequestSchema = z.looseObject({
  filters: nullable(z.record(z.string(), z.unknown())),
  sorts: nullable(z.array(z.record(z.string(), z.unknown()))),
  status: nullable(z.string()),
});
export type ListExecutionsRequest = z.infer<typeof ListExecutionsRequestSchema>;

/** Body of POST /v1/retrievers/list. */
export const ListRetrieversRequestSchema = z.looseObject({
  search: nullable(z.string()),
  filters: nullable(z.record(z.string(), z.unknown())),
  sorts: nullable(z.array(z.record(z.string(), z.unknown()))),
  case_sensitive: z.boolean().optional(),
});
export type ListRetrieversRequest = z.infer<typeof ListRetrieversRequestSchema>;
