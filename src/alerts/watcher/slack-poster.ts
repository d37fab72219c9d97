/**
 * Posting and editing alert messages, and what Slack's refusals mean for them:
 * - the channel is gone or closed to the bot (`not_in_channel`, ...): the subscription is broken;
 * - the rich message was refused (`invalid_blocks`, `msg_too_long`, ...): the same content goes out as
 *   text alone, so a layout problem never costs an alert;
 * - Slack is busy or unreachable (after the WebClient's own retries, 429s included): try again later;
 * - anything else: give up on this message, loudly.
 */
import { ErrorCode, type WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.js";
import { plainAlertText } from "../../views/alert-plain.js";
import type { SlackMessage } from "../../views/blocks.js";
import type { AlertMetadata } from "./alert-metadata.js";
import type { WatcherMetrics } from "./report.js";

export type SlackFailure = "channel" | "refused" | "transient" | "other";

export type SendResult =
  | { ok: true; ts: string; plain: boolean }
  | { ok: false; failure: SlackFailure; code: string };

const CHANNEL_ERRORS = new Set(["not_in_channel", "channel_not_found", "is_archived"]);
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

interface Content {
  text: string;
  blocks?: SlackMessage["blocks"];
}

export class SlackPoster {
  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly metrics?: WatcherMetrics,
  ) {}

  /**
   * A new message in the channel, or a reply when `threadTs` is given. `metadata` names the alerts it tells
   * (alert-metadata.ts), and goes with the text-only retry too, so recovery can find either.
   */
  post(
    channel: string,
    message: SlackMessage,
    threadTs?: string,
    metadata?: AlertMetadata,
  ): Promise<SendResult> {
    return this.send("chat.postMessage", message, async (content) => {
      const result = await this.client.chat.postMessage({
        channel,
        ...content,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        ...(metadata === undefined ? {} : { metadata }),
        unfurl_links: false,
        unfurl_media: false,
      });
      return result.ts;
    });
  }

  /** Redraws a message the bot posted. Text alone must clear the old blocks, hence `blocks: []`. */
  update(channel: string, ts: string, message: SlackMessage): Promise<SendResult> {
    return this.send("chat.update", message, async (content) => {
      const result = await this.client.chat.update({
        channel,
        ts,
        text: content.text,
        blocks: content.blocks ?? [],
      });
      return result.ts;
    });
  }

  private async send(
    method: string,
    message: SlackMessage,
    call: (content: Content) => Promise<string | undefined>,
  ): Promise<SendResult> {
    const first = await this.attempt(method, call, { text: message.text, blocks: message.blocks });
    if (first.ok || first.failure !== "refused") return first.ok ? { ...first, plain: false } : first;
    this.logger.warn(
      { method, code: first.code, details: first.details },
      "Slack refused the message; sending text alone",
    );
    const second = await this.attempt(method, call, { text: plainAlertText(message) });
    return second.ok ? { ...second, plain: true } : second;
  }

  private async attempt(
    method: string,
    call: (content: Content) => Promise<string | undefined>,
    content: Content,
  ): Promise<{ ok: true; ts: string } | ({ ok: false } & ClassifiedError)> {
    try {
      const ts = await call(content);
      if (typeof ts !== "string" || ts === "")
        return { ok: false, failure: "other", code: "no_ts_in_answer" };
      return { ok: true, ts };
    } catch (error) {
      const classified = classifySlackError(error);
      this.metrics?.recordSlackApiError(method, classified.code);
      return { ok: false, ...classified };
    }
  }
}
