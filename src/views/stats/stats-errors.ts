/**
 * What a person sees when a retriever's stats cannot be shown: Mixpeek's analytics answered 404, failed,
 * or sent something unreadable. The other kinds (a refused key, rate limits) read as for any Mixpeek call.
 */
import type { MixpeekError } from "../../mixpeek/errors.js";
import { notice, type SlackMessage } from "../shared/blocks.js";
import { type ErrorContext, renderMixpeekError } from "../shared/messages.js";
import { escapeMrkdwn, inlineCode, oneLine, truncate } from "../shared/mrkdwn.js";

export function renderStatsError(error: MixpeekError, ctx: ErrorContext): SlackMessage {
  const retriever = inlineCode(ctx.retriever);
  const namespace = inlineCode(ctx.namespace);
  // The notification text is read as mrkdwn too: a typed name must not ping or format there either.
  const plain = (name: string) => truncate(escapeMrkdwn(oneLine(name)), 80);
  const hint =
    error.requestId === undefined ? undefined : `Mixpeek request id: ${inlineCode(error.requestId, 100)}`;
  switch (error.kind) {
    case "not_found":
      return notice(
        `No analytics for ${plain(ctx.retriever)} in namespace ${plain(ctx.namespace)}.`,
        `:mag: Mixpeek has no analytics for ${retriever} in namespace ${namespace}: no such retriever, or none ` +
          "kept for it. Check the name, or add `ns:NAMESPACE` if it lives in another namespace.",
        hint,
      );
    case "unavailable":
      return notice(
        "Mixpeek's analytics aren't answering right now.",
        `:electric_plug: Mixpeek's analytics for ${retriever} aren't answering right now (a time-out or a ` +
          "server error). Try again in a minute; its list of executions may still work.",
        hint,
      );
    case "bad_response":
      return notice(
        "Mixpeek's analytics sent an answer the bot couldn't read.",
        `:jigsaw: Mixpeek's analytics for ${retriever} sent an answer the bot couldn't read; its API may have ` +
          "changed. Try again later, and tell whoever runs the bot if it keeps happening.",
        hint,
      );
    default:
      return renderMixpeekError(error, ctx);
  }
}
