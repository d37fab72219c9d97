/**
 * Posting and editing alert messages, and what Slack's refusals mean for them:
 * - the channel is gone or closed to the bot (`not_in_channel`, ...): the subscription is broken;
 * - the rich message was refused (`invalid_blocks`, `msg_too_long`, ...): the same content goes out as
 *   text alone, so a layout problem never costs an alert;
 * - Slack is busy or unreachable (after the WebClient's own retries, 429s included): try again later;
 * - anything else: give up on this message, loudly.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.js";
import { type ClassifiedError, classifySlackError, type SlackFailure } from "../../slack/slack-errors.js";
import { plainAlertText } from "../../views/alerts/alert-plain.js";
import type { SlackMessage } from "../../views/shared/blocks.js";
import type { AlertMetadata } from "./alert-metadata.js";
import type { WatcherMetrics } from "./report.js";

export type SendResult =
  | { ok: true; ts: string; plain: boolean }
  | { ok: false; failure: SlackFailure; code: string };

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
