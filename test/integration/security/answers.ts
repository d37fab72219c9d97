/** What the person was told: the ack of a command, or the posts to a response_url, as Slack shows them. */
import type { RecordedResponse, SlackStandIn } from "@executions-bot/slack-standin";
import { textOf } from "../../helpers/blocks.js";

export interface Answer {
  text: string;
  /** The message's top-level `text`: the notification. */
  fallback: string;
  responseType: string | undefined;
}

function answerOf(body: Record<string, unknown>): Answer {
  return {
    text: textOf(body.blocks as unknown[] | undefined),
    fallback: String(body.text ?? ""),
    responseType: body.response_type as string | undefined,
  };
}

/** The acknowledgement body of a command (help, usage, refusals answered at once), if it carried one. */
export function ackOf(reply: { json: unknown }): Answer | undefined {
  const json = reply.json;
  return json && typeof json === "object" ? answerOf(json as Record<string, unknown>) : undefined;
}

/** Every post to one response_url so far. */
export function postsTo(slack: SlackStandIn, responseUrlId: string | undefined): RecordedResponse[] {
  return slack.responses().filter((r) => r.responseUrlId === responseUrlId);
}

/** Waits for the `n`th post to a response_url and reads it. */
export async function nthPostTo(
  slack: SlackStandIn,
  responseUrlId: string | undefined,
  n = 1,
): Promise<Answer> {
  const post = await slack.waitFor(() => postsTo(slack, responseUrlId)[n - 1], 8000);
  return answerOf(post.body);
}
