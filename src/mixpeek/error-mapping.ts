/**
 * Turns whatever went wrong in a Mixpeek call into one MixpeekError. Everything the server sends back
 * passes through a scrubber first: a misbehaving proxy may echo our Authorization header into its
 * error body, and error messages end up in logs.
 */
import type * as z from "zod";
import { scrubSecrets } from "../util/scrub.js";
import { MixpeekError, type MixpeekErrorKind } from "./errors.js";
import { type HttpReply, headerValue, InvalidPathSegmentError, ResponseTimeoutError } from "./http.js";
import { networkErrorCode } from "./retry.js";
import { ErrorResponseSchema, HttpValidationErrorSchema } from "./schemas.js";

export type Scrub = (text: string) => string;

const MAX_UPSTREAM_CHARS = 500;

/** Scrubs the key, and any long enough prefix of it (see util/scrub.ts). */
export function createScrubber(secret: string): Scrub {
  if (secret === "") return (text) => text;
  return (text) => scrubSecrets(text, [secret]);
}

export function kindForStatus(status: number): MixpeekErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  if (status >= 400) return "invalid_request";
  // A redirect or other surprise: undici does not follow redirects, and we cannot use it.
  return "bad_response";
}

const KIND_PHRASES: Record<MixpeekErrorKind, string> = {
  auth: "the API key was refused",
  not_found: "not found",
  invalid_request: "the request was refused",
  rate_limited: "rate limited",
  unavailable: "Mixpeek is unavailable",
  bad_response: "unexpected response",
  budget_spent: "the request budget is spent",
};

/**
 * Mixpeek's own explanation from an error body: its envelope's `error.message`, FastAPI's validation
 * list (`query.limit: ensure this value is ...`), FastAPI's plain `detail` string, or else the text.
 * Scrubbed before it is clipped, so a cut can never leave half a secret behind.
 */
export function upstreamMessageOf(text: string, scrub: Scrub): string | undefined {
  // Scrubbed again after parsing: JSON escapes may have hidden the secret from the first pass.
  const cleaned = scrub(explanationIn(scrub(text))).trim();
  return cleaned === "" ? undefined : clip(cleaned);
}

function explanationIn(text: string): string {
  const parsed = parseJson(text);
  const envelope = ErrorResponseSchema.safeParse(parsed);
  if (envelope.success) return envelope.data.error.message;
  const validation = HttpValidationErrorSchema.safeParse(parsed);
  if (validation.success) {
    return validation.data.detail.map((item) => `${item.loc.join(".")}: ${item.msg}`).join("; ");
  }
  if (isRecord(parsed) && typeof parsed.detail === "string") return parsed.detail;
  return text;
}

/** A non-2xx reply. `retryAfterMs` is what the server asked for, already parsed. */
export function errorFromReply(
  operation: string,
  reply: HttpReply,
  retryAfterMs: number | undefined,
  scrub: Scrub,
): MixpeekError {
  const kind = kindForStatus(reply.status);
  return new MixpeekError(
    kind,
    `Mixpeek ${operation} failed with HTTP ${reply.status}: ${KIND_PHRASES[kind]}`,
    {
      status: reply.status,
      operation,
      requestId: requestIdOf(reply, scrub),
      upstreamMessage: upstreamMessageOf(reply.text, scrub),
      retryAfterMs,
    },
  );
}

/** A 2xx reply we cannot use. The parse error itself is not kept: its text quotes the body. */
export function badResponseError(
  operation: string,
  reply: HttpReply,
  problem: { notJson: true } | { issues: readonly z.core.$ZodIssue[] },
  scrub: Scrub,
): MixpeekError {
  const what = "notJson" in problem ? "a body that is not JSON" : "JSON that does not match the schema";
  const upstreamMessage =
    "notJson" in problem
      ? clip(scrub(reply.text).trim())
      : problem.issues
          .slice(0, 5)
          .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
          .join("; ");
  return new MixpeekError("bad_response", `Mixpeek ${operation} returned ${what} (HTTP ${reply.status})`, {
    status: reply.status,
    operation,
    requestId: requestIdOf(reply, scrub),
    upstreamMessage: upstreamMessage === "" ? undefined : upstreamMessage,
  });
}

/** Anything thrown on the way: a bad path segment, a time-out, a refused or reset connection. */
export function errorFromThrown(operation: string, error: unknown, scrub: Scrub): MixpeekError {
  if (error instanceof MixpeekError) return error;
  if (error instanceof InvalidPathSegmentError) {
    return new MixpeekError("invalid_request", scrub(`Mixpeek ${operation} not sent: ${error.message}`), {
      operation,
    });
  }
  if (error instanceof ResponseTimeoutError) {
    return new MixpeekError("unavailable", `Mixpeek ${operation} failed: ${error.message}`, {
      operation,
      cause: error,
    });
  }
  const code = networkErrorCode(error);
  // undici refuses a header value with control characters before sending: the caller's input is wrong.
  const kind: MixpeekErrorKind = code === "UND_ERR_INVALID_ARG" ? "invalid_request" : "unavailable";
  return new MixpeekError(kind, `Mixpeek ${operation} failed: ${code ?? "network error"}`, {
    operation,
    cause: error,
  });
}

function requestIdOf(reply: HttpReply, scrub: Scrub): string | undefined {
  const id = headerValue(reply.headers, "x-request-id");
  return id === undefined ? undefined : scrub(id);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
  return text.length <= MAX_UPSTREAM_CHARS ? text : `${text.slice(0, MAX_UPSTREAM_CHARS)}…`;
}
