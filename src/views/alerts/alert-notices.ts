/**
 * What subscribed channels hear about the watch itself: once when the bot cannot check a retriever any
 * more, once when it can again, and once when the retriever is gone and alerts pause. Silence would
 * read as "nothing failed", so these are worth one message each, and never more.
 */

import { notice, type SlackMessage } from "../shared/blocks.js";
import { type AlertSubject, namespaceName, plainRetrieverName, retrieverName } from "./alert-parts.js";

/** A Mixpeek error kind (see mixpeek/errors.ts) in words; the stored kind is a plain string. */
export function upstreamProblem(errorKind: string | null | undefined): string {
  switch (errorKind) {
    case "auth":
      return "Mixpeek rejected the API key";
    case "rate_limited":
      return "Mixpeek is rate-limiting the bot";
    case "unavailable":
      return "Mixpeek isn't answering (time-outs or server errors)";
    case "bad_response":
      return "Mixpeek sends answers the bot can't read (its API may have changed)";
    case "invalid_request":
      return "Mixpeek refuses the bot's request";
    case "not_found":
      return "Mixpeek can't find it";
    default:
      return "something went wrong on the bot's side";
  }
}

export function renderWatchFailing(subject: AlertSubject, errorKind: string | null): SlackMessage {
  const problem = upstreamProblem(errorKind);
  const hint =
    errorKind === "auth"
      ? "Ask whoever runs the bot to check `MIXPEEK_API_KEY` and that the key may read this namespace."
      : "The bot keeps trying and will say here when it works again.";
  return notice(
    `Can't check ${plainRetrieverName(subject)} for failures: ${problem}.`,
    `:warning: Can't check ${retrieverName(subject)} in namespace ${namespaceName(subject)} for failures: ` +
      `${problem}. Failures in the meantime are not lost; they are posted once checking works again.`,
    hint,
  );
}

export function renderWatchRecovered(subject: AlertSubject): SlackMessage {
  return notice(
    `${plainRetrieverName(subject)} can be checked again; failure alerts are back on.`,
    `:white_check_mark: ${retrieverName(subject)} in namespace ${namespaceName(subject)} can be checked ` +
      "again; failure alerts are back on.",
  );
}

/** Told once when MIXPEEK_NAMESPACES no longer lists the subscription's namespace. */
export function renderNamespaceNotAllowed(subject: AlertSubject, command = "/executions"): SlackMessage {
  return notice(
    `Alerts for ${plainRetrieverName(subject)} are off: this bot may no longer read its namespace.`,
    `:no_entry: Alerts for ${retrieverName(subject)} are off: this bot may no longer read namespace ` +
      `${namespaceName(subject)}, so it no longer checks it for failures.`,
    `Ask whoever runs the bot (\`MIXPEEK_NAMESPACES\`), or remove it with \`${command} unsubscribe <retriever> ns:<namespace>\`.`,
  );
}

export function renderWatchPaused(subject: AlertSubject, command = "/executions"): SlackMessage {
  return notice(
    `${plainRetrieverName(subject)} no longer exists; alerts are paused.`,
    `:double_vertical_bar: ${retrieverName(subject)} no longer exists in namespace ${namespaceName(subject)}; ` +
      "alerts are paused until someone subscribes again.",
    `If it was renamed, subscribe to the new name with \`${command} subscribe <retriever>\`.`,
  );
}
