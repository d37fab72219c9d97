/**
 * The Mixpeek paths the bot uses (executions, retrievers and retriever analytics), as pure request ->
 * response functions over the World. The order of checks follows the real service: API key, then
 * namespace, then parameters, then the lookup.
 */
import type { IncomingHttpHeaders } from "node:http";
import { cachePerformance, retrieverPerformance, slowQueries, stageBreakdown } from "./analytics.js";
import { listExecutionsPage } from "./executions-query.js";
import { errorResponse, jsonResponse, type SimResponse } from "./http.js";
import {
  type PageParams,
  type Parsed,
  parseBody,
  parseHoursParams,
  parsePageParams,
  parsePerformanceParams,
  validationBody,
} from "./params.js";
import { ListExecutionsRequestSchema, ListRetrieversRequestSchema } from "./request-schemas.js";
import type { CallKind, StoredNamespace } from "./types.js";
import { toExecutionDetail, type World } from "./world.js";

/** Mixpeek documents no default page size; 20 is a plausible one, and clients should send their own. */
export const DEFAULT_LIMIT = 20;

export interface ApiRoute {
  kind: CallKind;
  /** The retriever path segment, URL-decoded once. */
  retriever?: string;
  executionId?: string;
}

export interface ApiRequest {
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  /** The parsed JSON body, or why it could not be parsed. */
  body: { ok: true; value: unknown } | { ok: false; error: string };
  /** The simulator's clock, for analytics that look back from now. */
  now: Date;
}

const ANALYTICS_ROUTES: Record<string, CallKind> = {
  performance: "getRetrieverPerformance",
  stages: "getStageBreakdown",
  "cache-performance": "getCachePerformance",
  "slow-queries": "getSlowQueries",
};

/** Decodes one segment; a malformed escape stays raw, so it matches nothing rather than failing the router. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Matches on raw segments, so an encoded `/` inside a retriever reference never changes the route.
 * Anything else, a wrong method included, is no route (404), like a path that does not exist.
 */
export function matchApiRoute(method: string, rawPath: string): ApiRoute | undefined {
  const segments = rawPath.split("/");
  if (segments[0] === "" && segments[1] === "v1" && segments[2] === "analytics") {
    return matchAnalyticsRoute(method, segments);
  }
  if (segments[0] !== "" || segments[1] !== "v1" || segments[2] !== "retrievers") return undefined;
  const ref = segments[3];
  if (ref === undefined) return undefined;
  const retriever = decodeSegment(ref);
  if (segments.length === 4) {
    if (method === "POST" && ref === "list") return { kind: "listRetrievers" };
    return method === "GET" ? { kind: "getRetriever", retriever } : undefined;
  }
  const tail = segments[5];
  if (segments.length !== 6 || segments[4] !== "executions" || tail === undefined) return undefined;
  if (method === "POST" && tail === "list") return { kind: "listExecutions", retriever };
  if (method === "GET") return { kind: "getExecution", retriever, executionId: decodeSegment(tail) };
  return undefined;
}

/** `/v1/analytics/retrievers/{id}/{what}`, GET only. */
function matchAnalyticsRoute(method: string, segments: string[]): ApiRoute | undefined {
  const [, , , area, ref, what] = segments;
  if (method !== "GET" || segments.length !== 6 || area !== "retrievers" || !ref || !what) return undefined;
  const kind = Object.hasOwn(ANALYTICS_ROUTES, what) ? ANALYTICS_ROUTES[what] : undefined;
  return kind === undefined ? undefined : { kind, retriever: decodeSegment(ref) };
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function authorize(request: ApiRequest, apiKey: string): SimResponse | undefined {
  const match = /^bearer\s+(.+)$/i.exec(header(request.headers, "authorization")?.trim() ?? "");
  if (match?.[1] !== apiKey) return errorResponse(401, "Invalid or missing API key");
  return undefined;
}

function resolveNamespace(request: ApiRequest, world: World): StoredNamespace | SimResponse {
  const ref = header(request.headers, "x-namespace")?.trim();
  if (!ref) return errorResponse(400, "X-Namespace header is required");
  return world.findNamespace(ref) ?? errorResponse(404, `Namespace '${ref}' not found`);
}

function bodyOrIssues(request: ApiRequest): Parsed<unknown> {
  if (request.body.ok) return { ok: true, value: request.body.value };
  return {
    ok: false,
    issues: [
      {
        loc: ["body", 0],
        msg: "JSON decode error",
        type: "json_invalid",
        ctx: { error: request.body.error },
      },
    ],
  };
}

/** Page parameters and body together, so a 422 lists every problem at once as FastAPI does. */
function validate<T>(
  request: ApiRequest,
  parseRequestBody: (body: unknown) => Parsed<T>,
): { page: PageParams; body: T } | SimResponse {
  const page = parsePageParams(request.query, DEFAULT_LIMIT);
  const raw = bodyOrIssues(request);
  const body = raw.ok ? parseRequestBody(raw.value) : raw;
  if (page.ok && body.ok) return { page: page.value, body: body.value };
  const issues = [...(page.ok ? [] : page.issues), ...(body.ok ? [] : body.issues)];
  return jsonResponse(422, validationBody(issues));
}

const isResponse = (value: object): value is SimResponse => "status" in value && "body" in value;
const retrieverNotFound = (ref: string) => errorResponse(404, `Retriever '${ref}' not found`);

export function handleApi(world: World, apiKey: string, route: ApiRoute, request: ApiRequest): SimResponse {
  const denied = authorize(request, apiKey);
  if (denied) return denied;
  const namespace = resolveNamespace(request, world);
  if (isResponse(namespace)) return namespace;
  const retrieverRef = route.retriever ?? "";

  switch (route.kind) {
    case "listRetrievers": {
      const input = validate(request, (body) => parseBody(ListRetrieversRequestSchema, body));
      if (isResponse(input)) return input;
      const { search, case_sensitive: caseSensitive = false } = input.body;
      const fold = (text: string) => (caseSensitive ? text : text.toLowerCase());
      const matching = namespace.retrievers.filter(
        (r) => !search || fold(r.model.retriever_name).includes(fold(search)),
      );
      const { offset, limit } = input.page;
      return jsonResponse(200, {
        results: matching.slice(offset, offset + limit).map((r) => structuredClone(r.model)),
        total: matching.length,
      });
    }
    case "getRetriever": {
      const retriever = world.findRetriever(namespace, retrieverRef);
      return retriever
        ? jsonResponse(200, structuredClone(retriever.model))
        : retrieverNotFound(retrieverRef);
    }
    case "listExecutions": {
      const input = validate(request, (body) => parseBody(ListExecutionsRequestSchema, body));
      if (isResponse(input)) return input;
      const retriever = world.findRetriever(namespace, retrieverRef);
      if (!retriever) return retrieverNotFound(retrieverRef);
      return jsonResponse(200, listExecutionsPage(retriever.executions, input.body, input.page));
    }
    case "getExecution": {
      const retriever = world.findRetriever(namespace, retrieverRef);
      if (!retriever) return retrieverNotFound(retrieverRef);
      const executionId = route.executionId ?? "";
      const run = world.findExecution(retriever, executionId);
      if (!run) return errorResponse(404, `Execution '${executionId}' not found`);
      return jsonResponse(200, toExecutionDetail(run));
    }
    case "getRetrieverPerformance": {
      const params = parsePerformanceParams(request.query, request.now.getTime());
      if (!params.ok) return jsonResponse(422, validationBody(params.issues));
      const retriever = world.findRetriever(namespace, retrieverRef);
      if (!retriever) return retrieverNotFound(retrieverRef);
      return jsonResponse(200, retrieverPerformance(retriever, params.value));
    }
    case "getStageBreakdown":
    case "getCachePerformance":
    case "getSlowQueries": {
      const params = parseHoursParams(request.query, 10);
      if (!params.ok) return jsonResponse(422, validationBody(params.issues));
      const retriever = world.findRetriever(namespace, retrieverRef);
      if (!retriever) return retrieverNotFound(retrieverRef);
      const nowMs = request.now.getTime();
      const { hours, limit } = params.value;
      if (route.kind === "getStageBreakdown")
        return jsonResponse(200, stageBreakdown(retriever, nowMs, hours));
      if (route.kind === "getCachePerformance") {
        return jsonResponse(200, cachePerformance(retriever, nowMs, hours));
      }
      return jsonResponse(200, slowQueries(retriever, nowMs, hours, limit));
    }
  }
}
