import { APP_TOKEN_METHODS } from "./api-methods/apps.js";
import { chatMethods } from "./api-methods/chat.js";
import { conversationMethods } from "./api-methods/conversations.js";
import { FILE_SCOPES, fileMethods } from "./api-methods/files.js";
import { identityMethods } from "./api-methods/identity.js";
import { membershipMethods } from "./api-methods/membership.js";
import type { ApiArgs, ApiMethod, ApiResult } from "./api-methods/result.js";
import { fail, str } from "./api-methods/result.js";
import { viewMethods } from "./api-methods/views.js";
import { parseObject } from "./json.js";
import type { FailureSpec, OutageSpec, RecordedApiCall } from "./types.js";
import type { Workspace } from "./workspace.js";

export interface ApiRequest {
  body: string;
  contentType: string | undefined;
  authorization: string | undefined;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Fields the WebClient JSON-encodes inside a form body; decoded so recorded calls are easy to inspect. */
const JSON_FIELDS = ["blocks", "attachments", "view", "metadata", "files"];

const METHODS: Record<string, ApiMethod> = {
  ...chatMethods,
  ...conversationMethods,
  ...viewMethods,
  ...identityMethods,
  ...membershipMethods,
  ...fileMethods,
};

/** Slack's Web API at `/api/<method>`: authentication, scripted failures, recording, then the method. */
export class WebApi {
  private readonly failures = new Map<string, FailureSpec[]>();
  /** Method-name prefixes (`chat.`) answered with a failure until the outage is ended. */
  private readonly outages = new Map<string, OutageSpec>();
  private readonly methods: Record<string, ApiMethod>;

  /** `extraMethods` are the ones that need more than the workspace (apps.connections.open). */
  constructor(
    private readonly ws: Workspace,
    private readonly baseUrl: () => string,
    extraMethods: Record<string, ApiMethod> = {},
  ) {
    this.methods = { ...METHODS, ...extraMethods };
  }

  failNext(method: string, failure: FailureSpec, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Starts (or, with null, ends) an outage of every method whose name starts with `prefix`. */
  setOutage(prefix: string, outage: OutageSpec | null): void {
    if (outage === null) this.outages.delete(prefix);
    else this.outages.set(prefix, outage);
  }

  handle(method: string, request: ApiRequest): HttpAnswer {
    const parsed = parseArgs(request.body, request.contentType);
    const { token: formToken, ...rest } = parsed ?? {};
    const token = /^Bearer\s+(\S+)$/i.exec(request.authorization ?? "")?.[1] ?? str(formToken);
    const args = decodeJsonFields(rest);
    const record = (outcome: RecordedApiCall["outcome"]) =>
      this.ws.recordApiCall({ method, args, token: token !== undefined, at: this.ws.now(), outcome });

    const outage = [...this.outages].find(([prefix]) => method.startsWith(prefix))?.[1];
    if (outage !== undefined) {
      record(typeof outage === "string" ? { error: outage } : { status: outage.status });
      return typeof outage === "string"
        ? jsonAnswer(fail(outage))
        : { status: outage.status, headers: { "content-type": "text/plain" }, body: "Service Unavailable" };
    }
    const failure = this.failures.get(method)?.shift();
    const runsFirst = typeof failure === "object" && "afterRunning" in failure && failure.afterRunning;
    if (failure !== undefined && !runsFirst) {
      record(typeof failure === "string" ? { error: failure } : { status: failure.status });
      return failureAnswer(failure);
    }
    const result = this.run(method, args, token, parsed);
    if (failure !== undefined) {
      record({ status: 500 });
      return failureAnswer(failure);
    }
    record(result.ok ? "ok" : { error: result.error });
    return jsonAnswer(result);
  }

  private run(
    method: string,
    args: ApiArgs,
    token: string | undefined,
    parsed: ApiArgs | undefined,
  ): ApiResult {
    const handler = this.methods[method];
    if (!handler) return fail("unknown_method");
    if (token === undefined) return fail("not_authed");
    const refused = refuseToken(method, token);
    if (refused) return refused;
    const needed = FILE_SCOPES[method];
    if (needed !== undefined && !this.ws.scopes.has(needed)) {
      return {
        ok: false,
        error: "missing_scope",
        needed,
        provided: [...this.ws.scopes].join(","),
      } as ApiResult;
    }
    if (parsed === undefined) return fail("invalid_json");
    return handler(args, { ws: this.ws, baseUrl: this.baseUrl() });
  }
}

/** Slack's answer to a token of the wrong kind: Socket Mode's method takes only app-level tokens. */
function refuseToken(method: string, token: string): ApiResult | undefined {
  if (!APP_TOKEN_METHODS.has(method)) return token.startsWith("xox") ? undefined : fail("invalid_auth");
  if (token.startsWith("xapp-")) return undefined;
  return fail(token.startsWith("xox") ? "not_allowed_token_type" : "invalid_auth");
}

function parseArgs(body: string, contentType: string | undefined): ApiArgs | undefined {
  if (!contentType?.includes("application/json")) return Object.fromEntries(new URLSearchParams(body));
  return parseObject(body === "" ? "{}" : body);
}

function decodeJsonFields(args: ApiArgs): ApiArgs {
  const decoded = { ...args };
  for (const field of JSON_FIELDS) {
    const value = decoded[field];
    if (typeof value !== "string") continue;
    try {
      decoded[field] = JSON.parse(value);
    } catch {
      // Left as sent: the method answers invalid_blocks / invalid_arguments for it.
    }
  }
  return decoded;
}

function jsonAnswer(result: ApiResult, status = 200, headers: Record<string, string> = {}): HttpAnswer {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(result),
  };
}

function failureAnswer(failure: FailureSpec): HttpAnswer {
  if (typeof failure === "string") return jsonAnswer(fail(failure));
  if (failure.status === 429) {
    return jsonAnswer(fail("ratelimited"), 429, { "retry-after": String(failure.retryAfterSeconds) });
  }
  return { status: 500, headers: { "content-type": "text/plain" }, body: "Internal Server Error" };
}
