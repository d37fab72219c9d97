/**
 * The Mixpeek HTTP client: the one implementation of MixpeekApi. Every endpoint goes through `call`,
 * which owns the retries, the time budget, the request budget (a slot before every try), the error
 * mapping and the `onCall` report.
 */
import { Pool } from "undici";
import type * as z from "zod";
import type { BudgetCaller } from "../budget/budget-rules.js";
import type { RequestBudget } from "../budget/request-budget.js";
import {
  CachePerformanceSchema,
  RetrieverPerformanceSchema,
  SlowQueriesSchema,
  StageBreakdownSchema,
} from "./analytics-schemas.js";
import type {
  AnalyticsHoursParams,
  GetExecutionParams,
  ListExecutionsParams,
  ListRetrieversParams,
  MixpeekApi,
  RetrieverRef,
} from "./api.js";
import { badResponseError, createScrubber, errorFromReply, errorFromThrown } from "./error-mapping.js";
import { MixpeekError, type MixpeekErrorKind } from "./errors.js";
import {
  buildRequestPath,
  exchange,
  type HttpReply,
  headerValue,
  type QueryValue,
  splitBaseUrl,
} from "./http.js";
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  isTransientNetworkError,
  nextRetryDelayMs,
  parseRetryAfterMs,
  type RetryPolicy,
} from "./retry.js";
import {
  ExecutionDetailSchema,
  ListExecutionsResponseSchema,
  ListRetrieversResponseSchema,
  RetrieverSchema,
} from "./schemas.js";

export interface MixpeekCallEvent {
  /** The MixpeekApi method, e.g. "listExecutions". */
  operation: string;
  outcome: "ok" | MixpeekErrorKind;
  /** Status of the last reply; absent when no reply came (time-out, refused connection). */
  status?: number;
  /** Whole call, retries and waits included. */
  durationMs: number;
  attempts: number;
}

export interface MixpeekClientOptions {
  /** e.g. `https://api.mixpeek.com`; a trailing slash or a path prefix (`http://h/proxy`) is fine. */
  baseUrl: string;
  apiKey: string;
  timeouts?: {
    /** TCP (and TLS) connect, per try. Default 3000. */
    connectMs?: number;
    /** From sending a try until its whole body has arrived. Default 10000. */
    responseMs?: number;
  };
  /** Defaults: 4 tries in total (3 retries), 250 ms base, 4000 ms cap, 8000 ms for the whole call. */
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Clock in milliseconds for the time budget and `Retry-After` dates. Default Date.now. */
  now?: () => number;
  /** Called once per call with its final outcome, for metrics and logs. */
  onCall?: (event: MixpeekCallEvent) => void;
  userAgent?: string;
  /**
   * MIXPEEK_MAX_REQUESTS_PER_MINUTE for this connection: every try, retries included, takes a slot
   * first, and a 429 pauses every caller. Without it, calls are not limited (unit tests).
   */
  budget?: RequestBudget;
}

/**
 * The client answers people by default; `forCaller("watcher")` is the same connection (pool, budget)
 * asking as the watcher, which never takes the last third of the budget.
 */
export type MixpeekClient = MixpeekApi & {
  close(): Promise<void>;
  forCaller(caller: BudgetCaller): MixpeekApi;
  /** The connection's request budget, if it has one (health, the App Home, the watcher's pace). */
  readonly budget: RequestBudget | undefined;
};

interface CallSpec<S extends z.ZodType> {
  operation: keyof MixpeekApi;
  method: "GET" | "POST";
  /** Raw segments: each one is encoded, so names from users are safe here. */
  segments: readonly string[];
  query?: Record<string, QueryValue>;
  body?: unknown;
  namespace: string;
  schema: S;
}

type AttemptResult<T> =
  | { ok: true; value: T; status: number }
  | { ok: false; error: Error; status?: number; retryable: boolean; retryAfterMs?: number | undefined };

const DEFAULT_CONNECT_MS = 3000;
const DEFAULT_RESPONSE_MS = 10_000;
const DEFAULT_USER_AGENT = "executions-bot (+undici)";

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createMixpeekClient(options: MixpeekClientOptions): MixpeekClient {
  const { origin, pathPrefix } = splitBaseUrl(options.baseUrl);
  const connectMs = options.timeouts?.connectMs ?? DEFAULT_CONNECT_MS;
  const responseMs = options.timeouts?.responseMs ?? DEFAULT_RESPONSE_MS;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const scrub = createScrubber(options.apiKey);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  // undici's per-phase timeouts are only a backstop; `exchange` enforces the real per-try deadline.
  const pool = new Pool(origin, {
    connect: { timeout: connectMs },
    headersTimeout: responseMs,
    bodyTimeout: responseMs,
  });

  async function attempt<S extends z.ZodType>(
    spec: CallSpec<S>,
    path: string,
    timeoutMs: number,
  ): Promise<AttemptResult<z.output<S>>> {
    let reply: HttpReply;
    try {
      reply = await exchange(
        pool,
        {
          method: spec.method,
          path,
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            "x-namespace": spec.namespace,
            accept: "application/json",
            "user-agent": userAgent,
            ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        },
        timeoutMs,
      );
    } catch (error) {
      return {
        ok: false,
        error: errorFromThrown(spec.operation, error, scrub),
        retryable: isTransientNetworkError(error),
      };
    }
    const { status } = reply;
    if (status < 200 || status >= 300) {
      const retryAfterMs = parseRetryAfterMs(headerValue(reply.headers, "retry-after"), now());
      const error = errorFromReply(spec.operation, reply, retryAfterMs, scrub);
      return { ok: false, error, status, retryable: isRetryableStatus(status), retryAfterMs };
    }
    let json: unknown;
    try {
      json = JSON.parse(reply.text);
    } catch {
      const error = badResponseError(spec.operation, reply, { notJson: true }, scrub);
      return { ok: false, error, status, retryable: false };
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const error = badResponseError(spec.operation, reply, { issues: parsed.error.issues }, scrub);
      return { ok: false, error, status, retryable: false };
    }
    return { ok: true, value: parsed.data, status };
  }

  /** A slot for the next try; the time spent waiting for it is returned so it does not eat the retries' time. */
  async function slotFor(caller: BudgetCaller, operation: string): Promise<number> {
    if (options.budget === undefined) return 0;
    const askedAt = now();
    const answer = await options.budget.take(caller);
    if (!answer.granted) {
      throw new MixpeekError(
        "budget_spent",
        `Mixpeek ${operation} not sent: the request budget is spent for ${Math.ceil(answer.retryInMs / 1000)} s`,
        { operation, retryAfterMs: answer.retryInMs },
      );
    }
    return now() - askedAt;
  }

  async function callAs<S extends z.ZodType>(spec: CallSpec<S>, caller: BudgetCaller): Promise<z.output<S>> {
    let startedAt = now();
    let attempts = 0;
    let status: number | undefined;
    const report = (outcome: MixpeekCallEvent["outcome"]) => {
      try {
        options.onCall?.({
          operation: spec.operation,
          outcome,
          ...(status === undefined ? {} : { status }),
          durationMs: now() - startedAt,
          attempts,
        });
      } catch {
        // A broken metrics hook must not turn a good answer into a failure.
      }
    };
    try {
      const path = buildRequestPath(pathPrefix, spec.segments, spec.query);
      for (;;) {
        startedAt += await slotFor(caller, spec.operation);
        attempts += 1;
        // No try may run past the budget, so the budget bounds the whole call, not just the waits.
        const budgetLeftMs = policy.maxTotalMs - (now() - startedAt);
        const result = await attempt(spec, path, Math.max(1, Math.min(responseMs, budgetLeftMs)));
        status = result.status;
        // One 429 slows every caller of this connection, in every replica, not only this call.
        if (status === 429 && options.budget !== undefined) {
          await options.budget.rateLimited(result.ok ? undefined : result.retryAfterMs);
        }
        if (result.ok) {
          report("ok");
          return result.value;
        }
        const delayMs = result.retryable
          ? nextRetryDelayMs(
              { attemptsMade: attempts, elapsedMs: now() - startedAt, retryAfterMs: result.retryAfterMs },
              policy,
              random,
            )
          : undefined;
        if (delayMs === undefined) throw result.error;
        await sleep(delayMs);
      }
    } catch (thrown) {
      const error = errorFromThrown(spec.operation, thrown, scrub);
      report(error.kind);
      throw error;
    }
  }

  const apiFor = (caller: BudgetCaller): MixpeekApi => {
    const call = <S extends z.ZodType>(spec: CallSpec<S>) => callAs(spec, caller);
    const executions = (ref: RetrieverRef) => ["v1", "retrievers", ref.retriever, "executions"];
    const analytics = (ref: RetrieverRef, what: string) => [
      "v1",
      "analytics",
      "retrievers",
      ref.retriever,
      what,
    ];
    const hoursBack = <S extends z.ZodType>(
      operation: keyof MixpeekApi,
      what: string,
      params: AnalyticsHoursParams,
      schema: S,
      query: Record<string, QueryValue> = {},
    ) =>
      call({
        operation,
        method: "GET",
        segments: analytics(params, what),
        query: { hours: params.hours, ...query },
        namespace: params.namespace,
        schema,
      });

    return {
      // The list endpoints are POSTs that only read, so retrying them is as safe as retrying a GET.
      listExecutions: (params: ListExecutionsParams) =>
        call({
          operation: "listExecutions",
          method: "POST",
          segments: [...executions(params), "list"],
          query: { limit: params.limit, offset: params.offset, include_total: params.includeTotal ?? false },
          body: {
            ...(params.status === undefined ? {} : { status: params.status }),
            ...createdFilter(params),
            sorts: [{ field: "created_at", direction: "desc" }],
          },
          namespace: params.namespace,
          schema: ListExecutionsResponseSchema,
        }),
      getExecution: (params: GetExecutionParams) =>
        call({
          operation: "getExecution",
          method: "GET",
          segments: [...executions(params), params.executionId],
          namespace: params.namespace,
          schema: ExecutionDetailSchema,
        }),
      listRetrievers: (params: ListRetrieversParams) =>
        call({
          operation: "listRetrievers",
          method: "POST",
          segments: ["v1", "retrievers", "list"],
          query: { limit: params.limit, offset: params.offset },
          body: params.search === undefined ? {} : { search: params.search },
          namespace: params.namespace,
          schema: ListRetrieversResponseSchema,
        }),
      getRetriever: (params: RetrieverRef) =>
        call({
          operation: "getRetriever",
          method: "GET",
          segments: ["v1", "retrievers", params.retriever],
          namespace: params.namespace,
          schema: RetrieverSchema,
        }),
      getRetrieverPerformance: (params) =>
        call({
          operation: "getRetrieverPerformance",
          method: "GET",
          segments: analytics(params, "performance"),
          query: {
            start_date: params.start.toISOString(),
            end_date: params.end.toISOString(),
            group_by: params.groupBy,
          },
          namespace: params.namespace,
          schema: RetrieverPerformanceSchema,
        }),
      getStageBreakdown: (params) => hoursBack("getStageBreakdown", "stages", params, StageBreakdownSchema),
      getCachePerformance: (params) =>
        hoursBack("getCachePerformance", "cache-performance", params, CachePerformanceSchema),
      getSlowQueries: (params) =>
        hoursBack("getSlowQueries", "slow-queries", params, SlowQueriesSchema, { limit: params.limit }),
    };
  };
  return {
    ...apiFor("people"),
    forCaller: apiFor,
    budget: options.budget,
    close: () => pool.close(),
  };
}

/**
 * A `created_at` range in the filter shape Mixpeek uses elsewhere (`{AND: [{field, operator, value}]}`).
 * The executions list leaves `filters` untyped, so a Mixpeek that ignores it must be expected: callers
 * check the rows' own `created_at` (src/stats/failures.ts does).
 */
function createdFilter(params: ListExecutionsParams): { filters?: unknown } {
  const conditions = [
    ...(params.createdFrom === undefined
      ? []
      : [{ field: "created_at", operator: "gte", value: params.createdFrom.toISOString() }]),
    ...(params.createdBefore === undefined
      ? []
      : [{ field: "created_at", operator: "lt", value: params.createdBefore.toISOString() }]),
  ];
  return conditions.length === 0 ? {} : { filters: { AND: conditions } };
}
