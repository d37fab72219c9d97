/**
 * Answers through a click's or command's response_url. Slack allows 5 posts in 30 minutes per URL and
 * Bolt throws on any non-2xx answer; a late or expired URL must cost a log line, never a crash. A post
 * that never reached Slack (connection refused or reset) or met a 5xx/429 is tried again twice, since
 * the answer would otherwise be lost; a 4xx (used or expired URL) is final.
 */
import { type RespondArguments, RespondError } from "@slack/bolt";
import type { Logger } from "../logger.js";
import type { SlackMessage } from "../views/shared/blocks.js";

/** Bolt's `respond`, or a response_url kept from earlier (see response-url.ts). */
export type Responder = (message: RespondArguments) => Promise<unknown>;

export type ResponseOptions = Pick<
  RespondArguments,
  "response_type" | "replace_original" | "delete_original"
>;

const RETRY_DELAYS_MS = [200, 800];

export async function respondSafely(
  respond: Responder,
  message: SlackMessage,
  options: ResponseOptions,
  logger: Logger,
): Promise<boolean> {
  const body = { ...options, text: message.text, blocks: message.blocks } as RespondArguments;
  for (let attempt = 0; ; attempt++) {
    try {
      await respond(body);
      return true;
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !worthRetrying(error)) {
        logger.warn({ err: error, attempts: attempt + 1 }, "could not answer through response_url");
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function worthRetrying(error: unknown): boolean {
  if (error instanceof RespondError) return error.statusCode >= 500 || error.statusCode === 429;
  return true;
}
