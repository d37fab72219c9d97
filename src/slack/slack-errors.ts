/**
 * What a failed Slack Web API call means for the bot: the channel is closed to it, the message itself
 * was refused, Slack is busy or unreachable, or something else. The alert watcher decides what to do
 * from it; listeners use the code for metrics.
 */
import { ErrorCode } from "@slack/web-api";

export type SlackFailure = "channel" | "refused" | "transient" | "other";

// A revoked token (the workspace removed the app, or an admin revoked it) closes every channel to the bot
// the same way: the workspace's subscriptions are marked broken and its Home says why.
const CHANNEL_ERRORS = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
]);
const REFUSED_ERRORS = new Set([
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "msg_blocks_too_long",
  "too_many_blocks",
  "invalid_attachments",
]);
const TRANSIENT_ERRORS = new Set([
  "ratelimited",
  "rate_limited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);
const TRANSPORT_CODES = new Set<string>([
  ErrorCode.RequestError,
  ErrorCode.HTTPError,
  ErrorCode.RateLimitedError,
]);

interface SlackErrorShape {
  code?: unknown;
  message?: unknown;
  data?: { error?: unknown; response_metadata?: { messages?: unknown } };
}

export interface ClassifiedError {
  failure: SlackFailure;
  code: string;
  /** Slack's pointers into the refused blocks, for the log. */
  details?: unknown;
}

export function classifySlackError(error: unknown): ClassifiedError {
  const shape = (typeof error === "object" && error !== null ? error : {}) as SlackErrorShape;
  if (shape.code === ErrorCode.PlatformError) {
    const code = typeof shape.data?.error === "string" ? shape.data.error : "unknown_error";
    const details = shape.data?.response_metadata?.messages;
    if (CHANNEL_ERRORS.has(code)) return { failure: "channel", code };
    if (REFUSED_ERRORS.has(code)) return { failure: "refused", code, details };
    if (TRANSIENT_ERRORS.has(code)) return { failure: "transient", code };
    return { failure: "other", code };
  }
  if (typeof shape.code === "string" && TRANSPORT_CODES.has(shape.code)) {
    return { failure: "transient", code: shape.code };
  }
  return { failure: "other", code: error instanceof Error ? error.name : "unknown_error" };
}
