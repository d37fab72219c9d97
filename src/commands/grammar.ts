/**
 * The `/executions` command language, from Slack's text to a typed command. Parsing never throws:
 * whatever a person types, the answer is a command or a `usage` problem naming the word at fault.
 *
 *   <retriever> [all|completed|failed|running] [status:X] [limit:N] [ns:NAMESPACE]
 *   subscribe <retriever> [ns:X] [mention:@someone]    unsubscribe <retriever> [ns:X]
 *   subscriptions    mute <retriever> <30m|2h|1d> [ns:X]    unmute <retriever> [ns:X]    help
 */
import { hasUnsafeChars, isAcceptableName, MAX_NAME_LENGTH } from "../executions/page-state.js";
import {
  isStatusFilter,
  MAX_PAGE_SIZE,
  MIN_PAGE_SIZE,
  type PageQuery,
  STATUS_FILTERS,
  type StatusFilter,
} from "../executions/types.js";
import { looksLikeDuration, parseMuteDuration } from "./duration.js";
import { looksLikeMention, parseMention } from "./mention.js";
import { quote, type Token, tokenize, unescapeSlackText } from "./tokens.js";

export type ParsedCommand =
  | { kind: "help" }
  | { kind: "picker" }
  | { kind: "list"; query: PageQuery }
  | { kind: "subscribe"; retriever: string; namespace: string; mention?: string }
  | { kind: "unsubscribe"; retriever: string; namespace: string }
  | { kind: "subscriptions" }
  | { kind: "mute"; retriever: string; namespace: string; durationMs: number }
  | { kind: "unmute"; retriever: string; namespace: string }
  | { kind: "usage"; problem: string };

export interface CommandDefaults {
  pageSize: number;
  namespace: string;
}

/** Far more than any real command; past it we do not even try to read the text. */
export const MAX_COMMAND_LENGTH = 2000;

type Usage = { kind: "usage"; problem: string };
type OptionKey = "status" | "limit" | "ns" | "mention";

const OPTION_KEYS: ReadonlyMap<string, OptionKey> = new Map([
  ["status", "status"],
  ["limit", "limit"],
  ["ns", "ns"],
  ["namespace", "ns"],
  ["mention", "mention"],
]);

const FIRST_WORD_HELP = new Set(["help", "-h", "--help", "-help", "?"]);
const ANYWHERE_HELP = new Set(["-h", "--help"]);
// `key:value`, `key=value`, `--key=value`; an empty value takes the next word (`ns: prod`).
const KEY_VALUE = /^-{0,2}([a-z]+)([:=])([\s\S]*)$/i;
const DASHED_WORD = /^--?([a-z]+)$/i;

interface Args {
  words: Token[];
  status?: StatusFilter;
  limit?: number;
  namespace?: string;
  mention?: string;
}

const usage = (problem: string): Usage => ({ kind: "usage", problem });

export function parseCommand(text: string, defaults: CommandDefaults): ParsedCommand {
  try {
    return parse(typeof text === "string" ? text : "", defaults);
  } catch {
    // Nothing above should throw; if it ever does, a person still gets an answer instead of silence.
    return usage("I couldn't read that command.");
  }
}

function parse(text: string, defaults: CommandDefaults): ParsedCommand {
  if (text.length > MAX_COMMAND_LENGTH) {
    return usage(`That command is ${text.length} characters long; I read at most ${MAX_COMMAND_LENGTH}.`);
  }
  const tokens = tokenize(text);
  const [first, ...rest] = tokens;
  if (first === undefined) return { kind: "picker" };
  if (FIRST_WORD_HELP.has(first.lower) || tokens.some((t) => ANYWHERE_HELP.has(t.lower))) {
    return { kind: "help" };
  }

  switch (first.lower) {
    case "subscriptions":
      return rest[0] === undefined
        ? { kind: "subscriptions" }
        : usage(`\`subscriptions\` takes nothing after it, but got ${quote(rest[0].word)}.`);
    case "subscribe":
      return withRetriever(rest, "subscribe", ["ns", "mention"], defaults, (retriever, namespace, args) =>
        args.mention === undefined
          ? { kind: "subscribe", retriever, namespace }
          : { kind: "subscribe", retriever, namespace, mention: args.mention },
      );
    case "unsubscribe":
      return withRetriever(rest, "unsubscribe", ["ns"], defaults, (retriever, namespace) => ({
        kind: "unsubscribe",
        retriever,
        namespace,
      }));
    case "unmute":
      return withRetriever(rest, "unmute", ["ns"], defaults, (retriever, namespace) => ({
        kind: "unmute",
        retriever,
        namespace,
      }));
    case "mute":
      return parseMute(rest, defaults);
    default:
      return withRetriever(
        tokens,
        "list",
        ["status", "limit", "ns"],
        defaults,
        (retriever, namespace, args) => ({
          kind: "list",
          query: {
            retriever,
            namespace,
            status: args.status ?? "all",
            offset: 0,
            limit: args.limit ?? defaultPageSize(defaults.pageSize),
          },
        }),
      );
  }
}

function defaultPageSize(pageSize: number): number {
  if (!Number.isFinite(pageSize)) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, Math.trunc(pageSize)));
}

function withRetriever(
  tokens: Token[],
  command: string,
  allowed: OptionKey[],
  defaults: CommandDefaults,
  build: (retriever: string, namespace: string, args: Args) => ParsedCommand,
): ParsedCommand {
  const args = collectArgs(tokens, command, new Set(allowed));
  if ("problem" in args) return args;
  const retriever = pickRetriever(args.words, command);
  if (typeof retriever !== "string") return retriever;
  const namespace = resolveNamespace(args, defaults);
  if (typeof namespace !== "string") return namespace;
  return build(retriever, namespace, args);
}

function parseMute(tokens: Token[], defaults: CommandDefaults): ParsedCommand {
  const args = collectArgs(tokens, "mute", new Set<OptionKey>(["ns"]));
  if ("problem" in args) return args;
  const durations = args.words.filter((t) => !t.slack && looksLikeDuration(t.word));
  const names = args.words.filter((t) => !durations.includes(t));
  const retriever = pickRetriever(names, "mute");
  if (typeof retriever !== "string") return retriever;
  const [duration, extra] = durations;
  if (duration === undefined) return usage("How long should the mute last? Add `30m`, `2h` or `1d`.");
  if (extra !== undefined) {
    return usage(`Give one duration, not both ${quote(duration.word)} and ${quote(extra.word)}.`);
  }
  const parsed = parseMuteDuration(duration.word);
  if (!parsed.ok) return usage(parsed.problem);
  const namespace = resolveNamespace(args, defaults);
  if (typeof namespace !== "string") return namespace;
  return { kind: "mute", retriever, namespace, durationMs: parsed.durationMs };
}

function isKeyLike(token: Token): boolean {
  return KEY_VALUE.test(token.raw) || DASHED_WORD.test(token.raw);
}

/** A word that is an option by itself, so `ns:` before it was left empty rather than followed by a value. */
function isOptionLike(token: Token): boolean {
  return isKeyLike(token) || isStatusFilter(token.lower);
}

function collectArgs(tokens: Token[], command: string, allowed: ReadonlySet<OptionKey>): Args | Usage {
  const args: Args = { words: [] };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const takeNext = (key: OptionKey): string => {
      if (next === undefined) return "";
      if (key === "status" ? isKeyLike(next) : isOptionLike(next)) return "";
      i++;
      return next.raw;
    };

    const keyValue = KEY_VALUE.exec(token.raw);
    const dashed = DASHED_WORD.exec(token.raw);
    let problem: string | undefined;
    if (keyValue) {
      const key = OPTION_KEYS.get(keyValue[1]!.toLowerCase());
      if (key === undefined) return usage(unknownOption(`${keyValue[1]}${keyValue[2]}`));
      const raw = keyValue[3] === "" ? takeNext(key) : keyValue[3]!;
      problem = applyOption(args, key, raw, `${key}:`, command, allowed);
    } else if (dashed && isStatusFilter(dashed[1]!.toLowerCase())) {
      problem = applyOption(args, "status", dashed[1]!, dashed[1]!, command, allowed);
    } else if (dashed) {
      const key = OPTION_KEYS.get(dashed[1]!.toLowerCase());
      if (key === undefined || !token.raw.startsWith("--")) return usage(unknownOption(token.word));
      problem = applyOption(args, key, takeNext(key), `${key}:`, command, allowed);
    } else if (isStatusFilter(token.lower)) {
      problem = applyOption(args, "status", token.word, token.word, command, allowed);
    } else if (token.slack && allowed.has("mention") && looksLikeMention(token.raw)) {
      problem = applyOption(args, "mention", token.raw, "mention:", command, allowed);
    } else if (token.word.startsWith("-") && token.word.length > 1 && !/^-\d/.test(token.word)) {
      return usage(unknownOption(token.word));
    } else {
      args.words.push(token);
    }
    if (problem !== undefined) return usage(problem);
  }
  return args;
}

function unknownOption(word: string): string {
  return `I don't know the option ${quote(word)}.`;
}

/** Returns a problem sentence, or undefined once the option is recorded in `args`. */
function applyOption(
  args: Args,
  key: OptionKey,
  raw: string,
  shown: string,
  command: string,
  allowed: ReadonlySet<OptionKey>,
): string | undefined {
  if (!allowed.has(key)) {
    const why = key === "status" && command === "subscribe" ? " (alerts are always about failures)" : "";
    return `${quote(shown)} doesn't apply to \`${command}\`${why}.`;
  }
  const value = unescapeSlackText(raw);
  switch (key) {
    case "status": {
      const status = value.toLowerCase();
      if (status === "") return `\`status:\` needs one of ${STATUS_FILTERS.join(", ")}.`;
      if (!isStatusFilter(status)) {
        return `${quote(value)} isn't a status I know. Use one of ${STATUS_FILTERS.join(", ")}.`;
      }
      if (args.status !== undefined)
        return `Pick one status, not both ${quote(args.status)} and ${quote(status)}.`;
      args.status = status;
      return undefined;
    }
    case "limit": {
      if (args.limit !== undefined) return "`limit:` is given twice; keep one.";
      const limit = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
      if (!(limit >= MIN_PAGE_SIZE && limit <= MAX_PAGE_SIZE)) {
        return `\`limit:\` takes a number from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE}, not ${quote(value || "nothing")}.`;
      }
      args.limit = limit;
      return undefined;
    }
    case "ns": {
      if (args.namespace !== undefined) return "`ns:` is given twice; keep one.";
      if (value === "") return "`ns:` needs a namespace after it, e.g. `ns:production`.";
      const problem = nameProblem(value, /[<>]/.test(raw), "namespace");
      if (problem !== undefined) return problem;
      args.namespace = value;
      return undefined;
    }
    case "mention": {
      if (args.mention !== undefined) return "Give one `mention:`; to alert a group, mention a user group.";
      const mention = parseMention(raw);
      if (!mention.ok) return mention.problem;
      args.mention = mention.mention;
      return undefined;
    }
  }
}

function nameProblem(name: string, fromSlackToken: boolean, what: string): string | undefined {
  if (fromSlackToken) return `${quote(name)} isn't a ${what} name.`;
  if (name.length > MAX_NAME_LENGTH) {
    return `That ${what} name is ${name.length} characters long; names have at most ${MAX_NAME_LENGTH}.`;
  }
  if (hasUnsafeChars(name))
    return `${quote(name)} has invisible or control characters; it can't be a ${what} name.`;
  if (!isAcceptableName(name)) return `${quote(name)} isn't a ${what} name.`;
  return undefined;
}

function pickRetriever(words: Token[], command: string): string | Usage {
  const [retriever, extra] = words;
  if (retriever === undefined) {
    const example = command === "list" ? "my-retriever failed" : `${command} my-retriever`;
    return usage(`Which retriever? Put its name or id first, e.g. \`${example}\`.`);
  }
  if (extra !== undefined) {
    return usage(
      `I can take one retriever at a time, but read both ${quote(retriever.word)} and ${quote(extra.word)} as names.`,
    );
  }
  const problem = nameProblem(retriever.word, retriever.slack, "retriever");
  return problem === undefined ? retriever.word : usage(problem);
}

function resolveNamespace(args: Args, defaults: CommandDefaults): string | Usage {
  const namespace = args.namespace ?? defaults.namespace;
  if (typeof namespace === "string" && isAcceptableName(namespace)) return namespace;
  return usage("Which namespace? Add `ns:NAMESPACE`, as no default namespace is set up.");
}
