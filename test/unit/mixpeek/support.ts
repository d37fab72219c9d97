/**
 * Shared pieces of the Mixpeek client tests: a clock that only moves when the client sleeps, sample
 * payloads shaped like Mixpeek's published schemas, and a client wired to a scripted server.
 */
import {
  createMixpeekClient,
  type MixpeekCallEvent,
  type MixpeekClientOptions,
} from "../../../src/mixpeek/client.js";
import { MixpeekError } from "../../../src/mixpeek/errors.js";

export const API_KEY = "sk_live_8f3a2c91d0e44b7fa1c2";

/** Time that passes only through the client's sleeps, which are recorded instead of waited. */
export function fakeTime(startMs = Date.UTC(2025, 0, 15, 12, 0, 0)) {
  let nowMs = startMs;
  const delays: number[] = [];
  return {
    delays,
    now: () => nowMs,
    sleep: async (ms: number) => {
      delays.push(ms);
      nowMs += ms;
    },
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

export function testClient(baseUrl: string, overrides: Partial<MixpeekClientOptions> = {}) {
  const time = fakeTime();
  const events: MixpeekCallEvent[] = [];
  const client = createMixpeekClient({
    baseUrl,
    apiKey: API_KEY,
    sleep: time.sleep,
    now: time.now,
    random: () => 0.5,
    onCall: (event) => events.push(event),
    ...overrides,
  });
  return { client, time, events };
}

/** The rejection of `promise`, which must be a MixpeekError. */
export async function mixpeekErrorOf(promise: Promise<unknown>): Promise<MixpeekError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MixpeekError) return error;
    throw new Error(`expected a MixpeekError, got ${String(error)}`);
  }
  throw new Error("expected the call to fail, it succeeded");
}

export function executionSummary(overrides: Record<string, unknown> = {}) {
  return {
    execution_id: "exec_01",
    status: "completed",
    created_at: "2025-01-15T11:58:00Z",
    completed_at: "2025-01-15T11:58:01Z",
    duration_ms: 812.5,
    credits_used: 1.5,
    total_processed: 40,
    total_returned: 10,
    cache_hit_rate: 0.25,
    inputs_hash: "ab12",
    query_summary: "red shoes",
    ...overrides,
  };
}

export function listExecutionsBody(results: unknown[] = [executionSummary()]) {
  return { results, pagination: { total: results.length, limit: 10, offset: 0, has_next: false } };
}

export function executionDetail(overrides: Record<string, unknown> = {}) {
  return {
    execution_id: "exec_01",
    status: "failed",
    error: "stage 'rerank' timed out",
    created_at: "2025-01-15T11:58:00Z",
    completed_at: null,
    current_stage: "rerank",
    stages_completed: 1,
    total_stages: 2,
    ...overrides,
  };
}

export function retriever(overrides: Record<string, unknown> = {}) {
  return {
    retriever_id: "ret_01",
    retriever_name: "product-search",
    stages: [{ stage_name: "search", stage_type: "filter", config: {} }],
    ...overrides,
  };
}

export const listExecutionsParams = {
  namespace: "ns_main",
  retriever: "product-search",
  offset: 0,
  limit: 10,
};
