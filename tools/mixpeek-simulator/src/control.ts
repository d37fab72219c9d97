/**
 * The control API under `/_sim/`, for the demo and for tests in other processes. No auth: the
 * simulator is a loopback development tool. Bodies are checked with zod; a bad one gets a 400
 * envelope naming the problem.
 */
import { z } from "zod";
import type { SimulatorCore } from "./core.js";
import { FaultSchema } from "./faults.js";
import { errorResponse, jsonResponse, type SimResponse } from "./http.js";
import { SimulatorError } from "./world.js";

const ref = z.string().trim().min(1);
const timestamp = z.iso.datetime({ offset: true });

const AddExecutionBody = z.strictObject({
  namespace: ref,
  retriever: ref,
  status: z.string().min(1).optional(),
  execution_id: z.string().min(1).optional(),
  created_at: timestamp.optional(),
  completed_at: timestamp.nullable().optional(),
  duration_ms: z.number().min(0).optional(),
  credits_used: z.number().min(0).optional(),
  total_processed: z.number().int().min(0).optional(),
  total_returned: z.number().int().min(0).optional(),
  cache_hit_rate: z.number().min(0).max(1).nullable().optional(),
  inputs_hash: z.string().nullable().optional(),
  query_summary: z.string().nullable().optional(),
  error: z.string().min(1).optional(),
  failing_stage: z.string().min(1).optional(),
});

const FailBody = z.strictObject({
  namespace: ref,
  retriever: ref,
  error: z.string().min(1).optional(),
  stage: z.string().min(1).optional(),
  query_summary: z.string().nullable().optional(),
  created_at: timestamp.optional(),
});

const AddRetrieverBody = z.strictObject({
  namespace: ref,
  name: ref,
  executions: z.number().int().min(0).max(5_000).optional(),
  failureRate: z.number().min(0).max(1).optional(),
});

const LatencyBody = z.strictObject({ ms: z.number().min(0).max(120_000) });

const BurstBody = z.strictObject({
  namespace: ref,
  retriever: ref,
  runs: z.number().int().min(1).max(1000),
  failure_rate: z.number().min(0).max(1).optional(),
  duration_ms: z.number().min(0).max(600_000).optional(),
  spread_ms: z
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000)
    .optional(),
});

export interface ControlRequest {
  method: string;
  /** The path after `/_sim`, e.g. `/faults`. */
  path: string;
  body: { ok: true; value: unknown } | { ok: false; error: string };
}

function parse<T>(schema: z.ZodType<T>, request: ControlRequest): T {
  if (!request.body.ok) throw new SimulatorError(`Body is not JSON: ${request.body.error}`, 400);
  const result = schema.safeParse(request.body.value ?? {});
  if (!result.success) throw new SimulatorError(`Invalid body: ${z.prettifyError(result.error)}`, 400);
  return result.data;
}

function route(core: SimulatorCore, request: ControlRequest): SimResponse {
  const key = `${request.method} ${request.path}`;
  switch (key) {
    case "POST /executions": {
      const { namespace, retriever, ...fields } = parse(AddExecutionBody, request);
      return jsonResponse(201, core.addExecution(namespace, retriever, fields));
    }
    case "POST /fail": {
      const { namespace, retriever, ...options } = parse(FailBody, request);
      return jsonResponse(201, core.failNow(namespace, retriever, options));
    }
    case "POST /burst": {
      const body = parse(BurstBody, request);
      return jsonResponse(
        201,
        core.addBurst(body.namespace, body.retriever, {
          runs: body.runs,
          ...(body.failure_rate === undefined ? {} : { failureRate: body.failure_rate }),
          ...(body.duration_ms === undefined ? {} : { durationMs: body.duration_ms }),
          ...(body.spread_ms === undefined ? {} : { spreadMs: body.spread_ms }),
        }),
      );
    }
    case "POST /retrievers": {
      const { namespace, name, ...options } = parse(AddRetrieverBody, request);
      return jsonResponse(201, core.addRetriever(namespace, name, options));
    }
    case "POST /latency": {
      core.setLatency(parse(LatencyBody, request).ms);
      return jsonResponse(200, { latencyMs: core.latency() });
    }
    case "POST /faults":
      core.injectFault(parse(FaultSchema, request));
      return jsonResponse(201, { faults: core.state().faults });
    case "DELETE /faults":
      core.clearFaults();
      return jsonResponse(200, { faults: [] });
    case "GET /calls":
      return jsonResponse(200, { total: core.callCount(), byKind: core.state().calls, calls: core.calls() });
    case "POST /calls/reset":
      core.resetCalls();
      return jsonResponse(200, { total: 0 });
    case "GET /state":
      return jsonResponse(200, core.state());
    default:
      return errorResponse(404, `No control route ${key}`);
  }
}

export function handleControl(core: SimulatorCore, request: ControlRequest): SimResponse {
  try {
    return route(core, request);
  } catch (error) {
    if (error instanceof SimulatorError) return errorResponse(error.status, error.message);
    throw error;
  }
}
