/** A run as Mixpeek lists it, for view and cache tests; each test overrides what it looks at. */
import type { ExecutionSummary } from "../../src/mixpeek/schemas.js";

export function executionSummary(overrides: Partial<ExecutionSummary> = {}): ExecutionSummary {
  return {
    execution_id: "exec_123",
    status: "completed",
    created_at: "2024-05-01T13:45:30Z",
    completed_at: "2024-05-01T13:45:42Z",
    duration_ms: 12_400,
    credits_used: 0.5,
    total_processed: 1234,
    total_returned: 10,
    cache_hit_rate: 0.875,
    query_summary: "red shoes under $100",
    ...overrides,
  };
}
