/**
 * Answers through a click's or command's response_url. Slack allows 5 posts in 30 minutes per URL and
 * Bolt throws on any non-2xx answer; a late or expired URL must cost a log line, never a crash.
 */
import type { RespondArguments } from "@slack/bolt";
import type { Logger } from "../logger.js";
import type { SlackMessage } from "../views/blocks.js";

/** Bolt's `respond`, or a response_url kept from earlier (see response-url.ts). */
export type Responder = (message: RespondArguments) => Promise<unknown>;

export type ResponseOptions = Pick<
  RespondArguments,
  "response_type" | "replace_original" | "delete_original"
>;

export async function respondSafely(
  respond: Responder,
  message: SlackMessage,
  options: ResponseOptions,
  logger: Logger,
): Promise<boolean> {
  try {
    await respond({ ...options, text: message.text, blocks: message.blocks } as RespondArguments);
    return true;
  } catch (error) {
    logger.warn({ err: error }, "could not answer through response_url");
    return false;
  }
}
