/**
 * The options of the command (`status:`, `limit:`, `ns:`, `mention:`, `at:`, `tz:`, the threshold rules'
 * `when:`, `over:`, `min-runs:` and `recovery:`, and their bare or
 * dashed forms) and the plain words left around them. Every option is checked here, so a command's parser only
 * decides what its plain words mean.
 */
import { canonicalTimeZone, parseClockTime } from "../digests/schedule.js";
import { hasUnsafeChars, isAcceptableName, MAX_NAME_LENGTH } from "../executions/names.js";
import {
  isStatusFilter,
  MAX_PAGE_SIZE,
  MIN_PAGE_SIZE,
  STATUS_FILTERS,
  type StatusFilter,
} from "../executions/types.js";
import { looksLikeMention, parseMention } from "./mention.js";
import { quote, type Token, unescapeSlackText } from "./tokens.js";
import { parseMinRuns, parseRecovery, parseRuleWindow, parseWhen, type WhenValue } from "./when-rule.js";

export type OptionKey =
  | "status"
  | "limit"
  | "ns"
  | "mention"
  | "at"
  | "tz"
  | "when"
  | "over"
  | "min-runs"
  | "recovery";

const OPTION_KEYS: ReadonlyMap<string, OptionKey> = new Map([
  ["status", "status"],
  ["limit", "limit"],
  ["ns", "ns"],
  ["namespace", "ns"],
  ["mention", "mention"],
  ["at", "at"],
  ["tz", "tz"],
  ["timezone", "tz"],
  ["when", "when"],
  ["over", "over"],
  ["window", "over"],
  ["min-runs", "min-runs"],
  ["min_runs", "min-runs"],
  ["minruns", "min-runs"],
  ["recovery", "recovery"],
]);

// `key:value`, `key=value`, `--key=value`; an empty value takes the next word (`ns: prod`).
const KEY_VALUE = /^-{0,2}([a-z]+)([:=])([\s\S]*)$/i;
// `min-runs:10`: a dashed key is an option only when it is one we know (`foo-bar:baz` stays a word).
const DASHED_KEY_VALUE = /^-{0,2}([a-z]+(?:[-_][a-z]+)+)([:=])([\s\S]*)$/i;
const DASHED_WORD = /^--?([a-z]+)$/i;

export interface Args {
  words: Token[];
  status?: StatusFilter;
  limit?: number;
  namespace?: string;
  mention?: string;
  /** `at:09:00`, in minutes after midnight. */
  atMinutes?: number;
  /** `tz:Europe/Berlin`, canonical. */
  timeZone?: string;
  /** `when:failure-rate>5%`, `when:p95>800ms`, `when:failures`. */
  when?: WhenValue;
  /** `over:15m`, in milliseconds. */
  overMs?: number;
  /** `min-runs:10`. */
  minRuns?: number;
  /** `recovery:off`. */
  recovery?: boolean;
}

export interface ArgsProblem {
  problem: string;
}

const problemOf = (problem: string): ArgsProblem => ({ problem });

function dashedOption(raw: string): RegExpExecArray | null {
  const match = DASHED_KEY_VALUE.exec(raw);
  return match && OPTION_KEYS.has(match[1]!.toLowerCase()) ? match : null;
}

function isKeyLike(token: Token): boolean {
  return KEY_VALUE.test(token.raw) || dashedOption(token.raw) !== null || DASHED_WORD.test(token.raw);
}

/** A word that is an option by itself, so `ns:` before it was left empty rather than followed by a value. */
function isOptionLike(token: Token): boolean {
  return isKeyLike(token) || isStatusFilter(token.lower);
}

/** Sorts the words after the command into options (checked and recorded) and plain words. */
export function collectArgs(
  tokens: Token[],
  command: string,
  allowed: ReadonlySet<OptionKey>,
): Args | ArgsProblem {
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

    const keyValue = KEY_VALUE.exec(token.raw) ?? dashedOption(token.raw);
    const dashed = DASHED_WORD.exec(token.raw);
    let problem: string | undefined;
    if (keyValue) {
      const key = OPTION_KEYS.get(keyValue[1]!.toLowerCase());
      if (key === undefined) return problemOf(unknownOption(`${keyValue[1]}${keyValue[2]}`));
      const raw = keyValue[3] === "" ? takeNext(key) : keyValue[3]!;
      problem = applyOption(args, key, raw, `${key}:`, command, allowed);
    } else if (dashed && isStatusFilter(dashed[1]!.toLowerCase())) {
      problem = applyOption(args, "status", dashed[1]!, dashed[1]!, command, allowed);
    } else if (dashed) {
      const key = OPTION_KEYS.get(dashed[1]!.toLowerCase());
      if (key === undefined || !token.raw.startsWith("--")) return problemOf(unknownOption(token.word));
      problem = applyOption(args, key, takeNext(key), `${key}:`, command, allowed);
    } else if (isStatusFilter(token.lower)) {
      problem = applyOption(args, "status", token.word, token.word, command, allowed);
    } else if (token.slack && allowed.has("mention") && looksLikeMention(token.raw)) {
      problem = applyOption(args, "mention", token.raw, "mention:", command, allowed);
    } else if (token.word.startsWith("-") && token.word.length > 1 && !/^-\d/.test(token.word)) {
      return problemOf(unknownOption(token.word));
    } else {
      args.words.push(token);
    }
    if (problem !== undefined) return { problem };
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
      if (args.status !== undefined) {
        return `Pick one status, not both ${quote(args.status)} and ${quote(status)}.`;
      }
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
    case "at": {
      if (args.atMinutes !== undefined) return "`at:` is given twice; keep one.";
      const minutes = parseClockTime(value);
      if (minutes === undefined) {
        return `\`at:\` takes a 24-hour time such as \`at:09:00\` or \`at:17:30\`, not ${quote(value || "nothing")}.`;
      }
      args.atMinutes = minutes;
      return undefined;
    }
    case "when": {
      if (args.when !== undefined) return "Give one `when:` rule per command; subscribe again for another.";
      const parsed = parseWhen(value);
      if (!parsed.ok) return parsed.problem;
      args.when = parsed.value;
      return undefined;
    }
    case "over": {
      if (args.overMs !== undefined) return "`over:` is given twice; keep one.";
      const parsed = parseRuleWindow(value);
      if (!parsed.ok) return parsed.problem;
      args.overMs = parsed.windowMs;
      return undefined;
    }
    case "min-runs": {
      if (args.minRuns !== undefined) return "`min-runs:` is given twice; keep one.";
      const parsed = parseMinRuns(value);
      if (!parsed.ok) return parsed.problem;
      args.minRuns = parsed.minRuns;
      return undefined;
    }
    case "recovery": {
      if (args.recovery !== undefined) return "`recovery:` is given twice; keep one.";
      const parsed = parseRecovery(value);
      if (!parsed.ok) return parsed.problem;
      args.recovery = parsed.recovery;
      return undefined;
    }
    case "tz": {
      if (args.timeZone !== undefined) return "`tz:` is given twice; keep one.";
      const zone = canonicalTimeZone(value);
      if (zone === undefined) {
        return `${quote(value || "nothing")} isn't a time zone I know. Use a name such as \`tz:Europe/Berlin\` or \`tz:UTC\`.`;
      }
      args.timeZone = zone;
      return undefined;
    }
  }
}

/** Why a word cannot be a retriever or namespace name, or undefined when it can. */
export function nameProblem(name: string, fromSlackToken: boolean, what: string): string | undefined {
  if (fromSlackToken) return `${quote(name)} isn't a ${what} name.`;
  if (name.length > MAX_NAME_LENGTH) {
    return `That ${what} name is ${name.length} characters long; names have at most ${MAX_NAME_LENGTH}.`;
  }
  if (hasUnsafeChars(name)) {
    return `${quote(name)} has invisible or control characters; it can't be a ${what} name.`;
  }
  if (!isAcceptableName(name)) return `${quote(name)} isn't a ${what} name.`;
  return undefined;
}
