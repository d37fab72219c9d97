/**
 * Every way a Mixpeek call can go wrong, as one typed error. The kind decides the message a person
 * sees in Slack and whether a call is worth retrying; the upstream message is kept for logs only.
 */
export const MIXPEEK_ERROR_KINDS = [
  "auth", // 401/403: the API key is missing, wrong or lacks access to the namespace
  "not_found", // 404: no such retriever, execution or namespace
  "invalid_request", // 400/422: Mixpeek refused the parameters
  "rate_limited", // 429, after our retries ran out
  "unavailable", // 5xx, time-out, connection refused or reset
  "bad_response", // not JSON, or JSON that does not match the published schema
  "budget_spent", // MIXPEEK_MAX_REQUESTS_PER_MINUTE: no request slot within the caller's patience
] as const;
export type MixpeekErrorKind = (typeof MIXPEEK_ERROR_KINDS)[number];

export interface MixpeekErrorDetails {
  status?: number;
  /** How long Mixpeek asked us to wait (429 `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** Mixpeek's `x-request-id`, useful when asking their support about a call. */
  requestId?: string;
  /** Mixpeek's own words, for logs. Never shown verbatim in Slack without escaping. */
  upstreamMessage?: string;
  /** Which endpoint was called, e.g. "listExecutions". */
  operation?: string;
  cause?: unknown;
}

export class MixpeekError extends Error {
  override readonly name = "MixpeekError";
  readonly kind: MixpeekErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  readonly upstreamMessage: string | undefined;
  readonly operation: string | undefined;

  constructor(kind: MixpeekErrorKind, message: string, details: MixpeekErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.requestId = details.requestId;
    this.upstreamMessage = details.upstreamMessage;
    this.operation = details.operation;
  }
}

export function isMixpeekError(error: unknown): error is MixpeekError {
  return error instanceof MixpeekError;
}
