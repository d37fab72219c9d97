/**
 * Faults a test (or the demo) can queue so the next API calls misbehave the way a real upstream
 * does: an error status (429 with Retry-After, 5xx), a body that is not JSON, a 200 that breaks the
 * published schema, a dropped connection, or no answer at all.
 */
import { z } from "zod";
import { errorResponse, type SimResponse } from "./http.js";
import { CALL_KINDS, type CallKind } from "./types.js";

const common = {
  /** How many calls the fault applies to (default 1). */
  times: z.number().int().min(1).max(10_000).optional(),
  /** Only calls of this kind consume the fault; any API call otherwise. */
  only: z.enum(CALL_KINDS).optional(),
};

export const FaultSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("status"),
    status: z.number().int().min(400).max(599),
    retryAfterSeconds: z.number().int().min(0).optional(),
    /** Replaces the error envelope, e.g. to send a 422 in FastAPI's shape. */
    body: z.unknown().optional(),
    ...common,
  }),
  z.strictObject({ kind: z.literal("invalid_json"), ...common }),
  z.strictObject({ kind: z.literal("schema_break"), ...common }),
  /** The connection is destroyed before any answer (ECONNRESET for the client). */
  z.strictObject({ kind: z.literal("reset"), ...common }),
  /** No answer until the simulator closes. */
  z.strictObject({ kind: z.literal("hang"), ...common }),
]);
export type Fault = z.infer<typeof FaultSchema>;

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

/** Faults in the order they were queued; each is used by the next matching calls until spent. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: Fault): void {
    this.queue.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  pending(): Fault[] {
    return this.queue.map(({ fault, remaining }) => ({ ...fault, times: remaining }));
  }

  take(kind: CallKind): Fault | undefined {
    const index = this.queue.findIndex(({ fault }) => fault.only === undefined || fault.only === kind);
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}

const FAULT_MESSAGES: Record<number, string> = {
  429: "Rate limit exceeded, retry later",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service temporarily unavailable",
  504: "Gateway timeout",
};

export function statusFaultResponse(fault: Extract<Fault, { kind: "status" }>): SimResponse {
  const base = errorResponse(fault.status, FAULT_MESSAGES[fault.status] ?? `Simulated error ${fault.status}`);
  const headers =
    fault.retryAfterSeconds === undefined ? undefined : { "retry-after": String(fault.retryAfterSeconds) };
  return {
    ...base,
    ...(fault.body === undefined ? {} : { body: fault.body }),
    ...(headers ? { headers } : {}),
  };
}

/** A JSON document cut off mid-way, as from a proxy that dropped the upstream connection. */
export function invalidJsonResponse(): SimResponse {
  return { status: 200, body: null, rawBody: '{"results": [{"execution_id": "exec_' };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? { ...(value as object) } : {};

/** A 200 whose body looks right at a glance but breaks the published schema. */
export function schemaBreakResponse(kind: CallKind, real: SimResponse): SimResponse {
  const body = real.status === 200 ? asRecord(real.body) : {};
  switch (kind) {
    case "listExecutions": {
      const results = Array.isArray(body.results) && body.results.length > 0 ? body.results : [{}];
      const broken = results.map((item) => {
        const { execution_id: _dropped, ...rest } = asRecord(item);
        return { ...rest, duration_ms: String(rest.duration_ms ?? "12.5") };
      });
      return { status: 200, body: { ...body, results: broken } };
    }
    case "getExecution": {
      const { execution_id: _dropped, ...rest } = body;
      return { status: 200, body: { ...rest, status: 3 } };
    }
    case "listRetrievers":
      return { status: 200, body: { results: "unavailable", total: "many" } };
    case "getRetriever": {
      const { retriever_name: _dropped, ...rest } = body;
      return { status: 200, body: { ...rest, stages: null } };
    }
    case "getRetrieverPerformance":
      return { status: 200, body: { ...body, metrics: "unavailable" } };
    case "getStageBreakdown":
      return { status: 200, body: { ...body, stages: { total: "n/a" } } };
    case "getCachePerformance":
      return { status: 200, body: { ...body, hourly_breakdown: "hourly" } };
    case "getSlowQueries":
      return { status: 200, body: { queries: "n/a" } };
  }
}
