/**
 * Answers a person through a command's or click's response_url. Slack allows 5 posts in 30 minutes per URL
 * and Bolt throws on any non-2xx answer; a late or expired URL must cost a log line, never a crash. A post
 * that never reached Slack (connection refused or reset) or met a 5xx/429 is tried again twice, since the
 * answer would otherwise be lost; a 4xx (used or expired URL) is final.
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

/** Answers the person who asked; resolves false when the answer could not be delivered. Never throws. */
export type Reply = (message: SlackMessage, options?: ResponseOptions) => Promise<boolean>;

export interface ReplyDeps {
  logger: Logger;
  /** How to wait between tries; tests pass one that does not wait. */
  sleep: (ms: number) => Promise<void>;
}

/** Waits before the second and the third try. */
export const REPLY_RETRY_DELAYS_MS = [200, 800] as const;

/** Unless a handler says otherwise, an answer is private and does not replace the message clicked. */
const DEFAULT_OPTIONS: ResponseOptions = { response_type: "ephemeral", replace_original: false };

export function replyThrough(respond: Responder, deps: ReplyDeps): Reply {
  return (message, options) => respondSafely(respond, message, { ...DEFAULT_OPTIONS, ...options }, deps);
}

/** For a request Slack gave no response_url (a Home tab click, an event): there is nobody to answer. */
export function noReply(logger: Logger): Reply {
  return async () => {
    logger.warn("no response_url to answer through");
    return false;
  };
}

export async function respondSafely(
  respond: Responder,
  message: SlackMessage,
  options: ResponseOptions,
  deps: ReplyDeps,
): Promise<boolean> {
  const body = { ...options, text: message.text, blocks: message.blocks } as RespondArguments;
  for (let attempt = 0; ; attempt++) {
    try {
      await respond(body);
      return true;
    } catch (error) {
      const delay = REPLY_RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !worthRetrying(error)) {
        deps.logger.warn({ err: error, attempts: attempt + 1 }, "could not answer through response_url");
        return false;
      }
      await deps.sleep(delay);
    }
  }
}

function worthRetrying(error: unknown): boolean {
  if (error instanceof RespondError) return error.statusCode >= 500 || error.statusCode === 429;
  return true;
}
