/**
 * Short replies for when there is no list to show: a command that could not be read, a Mixpeek
 * failure, a tampered button, a bug. Each says what happened and what the person can do next.
 * Everything that came from a person or from Mixpeek is escaped; Mixpeek's own words are also
 * scrubbed of anything that looks like a credential.
 */
import type { MixpeekError } from "../../mixpeek/errors.js";
import { notice, type SlackMessage } from "./blocks.js";
import { escapeMrkdwn, inlineCode, oneLine, truncate } from "./mrkdwn.js";

const UPSTREAM_MESSAGE_LENGTH = 300;

export interface UsageOptions {
  command?: string;
}

/** A command that could not be read; `problem` comes from the grammar and names the word at fault. */
export function renderUsage(problem: string, options: UsageOptions = {}): SlackMessage {
  const command = escapeMrkdwn(options.command ?? "/executions");
  const text = truncate(escapeMrkdwn(oneLine(problem)), 1000);
  return notice(text, `:thinking_face: ${text}`, `Try \`${command} help\` to see every form of the command.`);
}

export interface ErrorContext {
  retriever: string;
  namespace: string;
  /** Names a not-found retriever may have meant, closest first ("did you mean …?"). */
  suggestions?: readonly string[] | undefined;
}

/** `` `a` ``, `` `a` or `b` ``, `` `a`, `b` or `c` ``. */
function alternatives(names: readonly string[]): string {
  const codes = names.map((name) => inlineCode(name));
  const last = codes.pop();
  return codes.length === 0 ? (last ?? "") : `${codes.join(", ")} or ${last}`;
}

function didYouMean(suggestions: readonly string[] | undefined): string | undefined {
  return suggestions && suggestions.length > 0 ? `Did you mean ${alternatives(suggestions)}?` : undefined;
}

/** Hides anything in Mixpeek's words that looks like a key or a bearer token before showing them. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+\S+/gi, "$1 [redacted]")
    .replace(/\b(sk|pk|api|key)[_-][A-Za-z0-9_-]{6,}/gi, "[redacted]");
}

function upstreamWords(error: MixpeekError): string | undefined {
  if (error.upstreamMessage === undefined || oneLine(error.upstreamMessage) === "") return undefined;
  return truncate(escapeMrkdwn(redactSecrets(oneLine(error.upstreamMessage))), UPSTREAM_MESSAGE_LENGTH);
}

function requestIdHint(error: MixpeekError): string | undefined {
  return error.requestId === undefined
    ? undefined
    : `Mixpeek request id: ${inlineCode(error.requestId, 100)}`;
}

function waitPhrase(retryAfterMs: number | undefined): string {
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs <= 0) return "in a minute";
  const seconds = Math.ceil(retryAfterMs / 1000);
  if (seconds < 120) return `in ${seconds} s`;
  return `in ${Math.ceil(seconds / 60)} min`;
}

export function renderMixpeekError(error: MixpeekError, ctx: ErrorContext): SlackMessage {
  const retriever = inlineCode(ctx.retriever);
  const namespace = inlineCode(ctx.namespace);
  const hint = requestIdHint(error);
  switch (error.kind) {
    case "auth":
      return notice(
        "Mixpeek rejected the bot's API key.",
        `:lock: Mixpeek rejected the bot's API key for namespace ${namespace}. Ask whoever installed the bot ` +
          "to check `MIXPEEK_API_KEY`, and that the key may read this namespace.",
        hint,
      );
    case "not_found": {
      const guess = didYouMean(ctx.suggestions);
      const first = `No retriever called ${retriever} in namespace ${namespace}.`;
      return notice(
        guess === undefined ? first : `${first} ${guess}`,
        guess === undefined
          ? `:mag: ${first} Check the name, or add \`ns:NAMESPACE\` if it lives in another namespace.`
          : `:mag: ${first} ${guess}`,
        hint,
      );
    }
    case "invalid_request": {
      const words = upstreamWords(error);
      return notice(
        `Mixpeek refused the request for ${retriever}.`,
        `:no_entry_sign: Mixpeek refused the request for ${retriever} in namespace ${namespace}. ` +
          "Check the retriever and the options, then try again." +
          (words === undefined ? "" : `\nMixpeek said: _${words}_`),
        hint,
      );
    }
    case "rate_limited": {
      const wait = waitPhrase(error.retryAfterMs);
      return notice(
        `Mixpeek is rate-limiting the bot; try again ${wait}.`,
        `:turtle: Mixpeek is rate-limiting the bot right now. Try again ${wait}.`,
        hint,
      );
    }
    case "budget_spent": {
      // Always in seconds: the wait is for one request slot, never long, and "N s" is what people act on.
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
      return notice(
        `Mixpeek's request budget is spent; try again in ${seconds} s.`,
        `:hourglass_flowing_sand: Mixpeek's request budget is spent; try again in ${seconds} s. ` +
          "The bot keeps its Mixpeek calls under `MIXPEEK_MAX_REQUESTS_PER_MINUTE`, so it never uses up " +
          "the account's rate limit.",
        hint,
      );
    }
    case "unavailable":
      return notice(
        "Mixpeek isn't answering right now.",
        ":electric_plug: Mixpeek isn't answering right now (a time-out or a server error). " +
          "Try again in a minute; if it lasts, check Mixpeek's status.",
        hint,
      );
    case "bad_response":
      return notice(
        "Mixpeek sent an answer the bot couldn't read.",
        ":jigsaw: Mixpeek sent an answer the bot couldn't read; its API may have changed. " +
          "Try again later, and tell whoever runs the bot if it keeps happening.",
        hint,
      );
    default:
      return renderInternalError();
  }
}

export function renderStalePageState(): SlackMessage {
  return notice(
    "That button is from an old or altered message.",
    ":hourglass: That button is from an old or altered message — run `/executions` again.",
  );
}

export function renderInternalError(): SlackMessage {
  return notice(
    "Something went wrong on the bot's side.",
    ":warning: Something went wrong on the bot's side. Try again; if it keeps happening, tell whoever runs the bot.",
  );
}
