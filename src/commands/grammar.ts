/**
 * The `/executions` command language, from Slack's text to a typed command. Parsing never throws:
 * whatever a person types, the answer is a command or a `usage` problem naming the word at fault.
 *
 *   <retriever> [all|completed|failed|running] [status:X] [limit:N] [ns:NAMESPACE]
 *   <retriever> stats [24h|7d|30d] [ns:X]
 *   digest <retriever> daily|weekly [at:09:00] [tz:Europe/Berlin] [ns:X]    digest <retriever> off [ns:X]
 *   subscribe <retriever> [ns:X] [mention:@someone] [recovery:on|off]
 *   subscribe <retriever> when:failure-rate>5%|when:p95>800ms [over:15m] [min-runs:10] [ns:X] [mention:@someone]
 *   unsubscribe <retriever> [when:…] [over:…] [min-runs:…] [ns:X]
 *   subscriptions    mute <retriever> <30m|2h|1d> [ns:X]    unmute <retriever> [ns:X]    help
 */

import { DEFAULT_MIN_RUNS, DEFAULT_RULE_WINDOW_MS, type RuleTarget } from "../alerts/incidents/rules.js";
import type { RuleSpec } from "../alerts/store/index.js";
import {
  DEFAULT_DIGEST_MINUTES,
  DEFAULT_DIGEST_TIME_ZONE,
  type DigestCadence,
  type DigestSchedule,
} from "../digests/schedule.js";
import { isAcceptableName } from "../executions/names.js";
import { MAX_PAGE_SIZE, MIN_PAGE_SIZE, type PageQuery } from "../executions/types.js";
import { DEFAULT_STATS_WINDOW, type StatsWindow } from "../stats/period.js";
import { type Args, collectArgs, nameProblem, type OptionKey } from "./args.js";
import { isDurationShaped, looksLikeDuration, parseMuteDuration } from "./duration.js";
import { quote, type Token, tokenize } from "./tokens.js";
import { parseStatsWindow, STATS_KEYWORD } from "./windows.js";

export type ParsedCommand =
  | { kind: "help" }
  | { kind: "picker" }
  | { kind: "list"; query: PageQuery }
  | {
      kind: "subscribe";
      retriever: string;
      namespace: string;
      mention?: string;
      /** A threshold rule to add; absent for the alert on every failed run. */
      rule?: RuleSpec;
      /** `recovery:on|off`; absent leaves it as it is. */
      recovery?: boolean;
    }
  | {
      kind: "unsubscribe";
      retriever: string;
      namespace: string;
      /** Which of the channel's alerts for the retriever to stop; absent when only one is meant. */
      target?: RuleTarget;
    }
  | { kind: "subscriptions" }
  | { kind: "mute"; retriever: string; namespace: string; durationMs: number }
  | { kind: "unmute"; retriever: string; namespace: string }
  | { kind: "stats"; retriever: string; namespace: string; window: StatsWindow }
  | { kind: "digest"; retriever: string; namespace: string; schedule: DigestSchedule }
  | { kind: "digest_off"; retriever: string; namespace: string }
  | {
      kind: "usage";
      problem: string;
      /** Set only when the parser itself threw: a bug in the bot to log, not the person's mistake. */
      internalError?: unknown;
    };

export interface CommandDefaults {
  pageSize: number;
  namespace: string;
}

/** Far more than any real command; past it we do not even try to read the text. */
export const MAX_COMMAND_LENGTH = 2000;

type Usage = { kind: "usage"; problem: string };

const FIRST_WORD_HELP = new Set(["help", "-h", "--help", "-help", "?"]);
const ANYWHERE_HELP = new Set(["-h", "--help"]);

const usage = (problem: string): Usage => ({ kind: "usage", problem });

export function parseCommand(text: string, defaults: CommandDefaults): ParsedCommand {
  try {
    return parse(typeof text === "string" ? text : "", defaults);
  } catch (error) {
    // Nothing above should throw; if it ever does, a person still gets an answer instead of silence.
    return { ...usage("I couldn't read that command."), internalError: error };
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
      return withRetriever(
        rest,
        "subscribe",
        ["ns", "mention", "when", "over", "min-runs", "recovery"],
        defaults,
        (retriever, namespace, args) => {
          const misplaced = ruleOptionsWithoutRule(args);
          if (misplaced) return usage(misplaced);
          const rule: RuleSpec | undefined =
            args.when?.kind === "rule"
              ? {
                  metric: args.when.metric,
                  threshold: args.when.threshold,
                  windowMs: args.overMs ?? DEFAULT_RULE_WINDOW_MS,
                  minRuns: args.minRuns ?? DEFAULT_MIN_RUNS,
                }
              : undefined;
          return {
            kind: "subscribe",
            retriever,
            namespace,
            ...(args.mention === undefined ? {} : { mention: args.mention }),
            ...(rule === undefined ? {} : { rule }),
            ...(args.recovery === undefined ? {} : { recovery: args.recovery }),
          };
        },
      );
    case "unsubscribe":
      return withRetriever(
        rest,
        "unsubscribe",
        ["ns", "when", "over", "min-runs"],
        defaults,
        (retriever, namespace, args) => {
          const misplaced = ruleOptionsWithoutRule(args);
          if (misplaced) return usage(misplaced);
          const target: RuleTarget | undefined =
            args.when === undefined
              ? undefined
              : args.when.kind === "failures"
                ? { kind: "failures" }
                : {
                    kind: "rule",
                    metric: args.when.metric,
                    threshold: args.when.threshold,
                    ...(args.overMs === undefined ? {} : { windowMs: args.overMs }),
                    ...(args.minRuns === undefined ? {} : { minRuns: args.minRuns }),
                  };
          return { kind: "unsubscribe", retriever, namespace, ...(target ? { target } : {}) };
        },
      );
    case "unmute":
      return withRetriever(rest, "unmute", ["ns"], defaults, (retriever, namespace) => ({
        kind: "unmute",
        retriever,
        namespace,
      }));
    case "mute":
      return parseMute(rest, defaults);
    case "digest":
      return parseDigest(rest, defaults);
    default: {
      // `<retriever> stats [window]`: the keyword after the retriever, so a retriever named "stats" still lists.
      const keyword = tokens.findIndex((t, i) => i > 0 && !t.slack && t.lower === STATS_KEYWORD);
      if (keyword > 0)
        return parseStats(
          tokens.filter((_, i) => i !== keyword),
          defaults,
        );
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
}

function parseStats(tokens: Token[], defaults: CommandDefaults): ParsedCommand {
  const args = collectArgs(tokens, "stats", new Set<OptionKey>(["ns"]));
  if ("problem" in args) return usage(args.problem);
  const windows = args.words.filter((t) => !t.slack && parseStatsWindow(t.word) !== undefined);
  const [window, extra] = windows;
  if (extra !== undefined && window !== undefined) {
    return usage(`Give one window, not both ${quote(window.word)} and ${quote(extra.word)}.`);
  }
  const names = args.words.filter((t) => t !== window);
  const retriever = pickRetriever(names, "stats");
  if (typeof retriever !== "string") return retriever;
  const parsed =
    window === undefined
      ? { ok: true as const, window: DEFAULT_STATS_WINDOW }
      : parseStatsWindow(window.word);
  if (parsed === undefined) return usage("Which window? Use `24h`, `7d` or `30d`.");
  if (!parsed.ok) return usage(parsed.problem);
  const namespace = resolveNamespace(args, defaults);
  if (typeof namespace !== "string") return namespace;
  return { kind: "stats", retriever, namespace, window: parsed.window };
}

/** `over:` and `min-runs:` belong to a threshold rule. */
function ruleOptionsWithoutRule(args: Args): string | undefined {
  if (args.when?.kind === "rule") return undefined;
  const given = [args.overMs !== undefined ? "`over:`" : "", args.minRuns !== undefined ? "`min-runs:`" : ""]
    .filter((word) => word !== "")
    .join(" and ");
  if (given === "") return undefined;
  return `${given} ${given.includes(" and ") ? "go" : "goes"} with a threshold rule, e.g. \`when:failure-rate>5% over:15m min-runs:10\`.`;
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
  if ("problem" in args) return usage(args.problem);
  const retriever = pickRetriever(args.words, command);
  if (typeof retriever !== "string") return retriever;
  const namespace = resolveNamespace(args, defaults);
  if (typeof namespace !== "string") return namespace;
  return build(retriever, namespace, args);
}

function parseMute(tokens: Token[], defaults: CommandDefaults): ParsedCommand {
  const args = collectArgs(tokens, "mute", new Set<OptionKey>(["ns"]));
  if ("problem" in args) return usage(args.problem);
  let durations = args.words.filter((t) => !t.slack && looksLikeDuration(t.word));
  const shaped = args.words.filter((t) => !t.slack && isDurationShaped(t.word));
  if (durations.length === 0 && args.words.length > 1 && shaped.length > 0) {
    // `mute product-search 10y`: a number with a unit we do not know is a duration gone wrong, not a
    // second retriever, so the answer says what durations look like.
    durations = shaped.slice(-1);
  }
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

function pickRetriever(words: Token[], command: string): string | Usage {
  const [retriever, extra] = words;
  if (retriever === undefined) {
    const example =
      command === "list"
        ? "my-retriever failed"
        : command === "stats"
          ? "my-retriever stats 7d"
          : command === "digest"
            ? "digest my-retriever daily at:09:00"
            : `${command} my-retriever`;
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

const CADENCE_WORDS = new Set<string>(["daily", "weekly", "off"]);

function parseDigest(tokens: Token[], defaults: CommandDefaults): ParsedCommand {
  const args = collectArgs(tokens, "digest", new Set<OptionKey>(["ns", "at", "tz"]));
  if ("problem" in args) return usage(args.problem);
  const cadences = args.words.filter((t) => !t.slack && CADENCE_WORDS.has(t.lower));
  const [cadence, extra] = cadences;
  if (cadence !== undefined && extra !== undefined) {
    return usage(
      `Pick one of daily, weekly or off, not both ${quote(cadence.word)} and ${quote(extra.word)}.`,
    );
  }
  const retriever = pickRetriever(
    args.words.filter((t) => t !== cadence),
    "digest",
  );
  if (typeof retriever !== "string") return retriever;
  if (cadence === undefined) {
    return usage("How often? Add `daily` or `weekly` (or `off` to stop the digest).");
  }
  const namespace = resolveNamespace(args, defaults);
  if (typeof namespace !== "string") return namespace;
  if (cadence.lower === "off") {
    if (args.atMinutes !== undefined || args.timeZone !== undefined) {
      return usage("`at:` and `tz:` don't apply to `digest … off`.");
    }
    return { kind: "digest_off", retriever, namespace };
  }
  return {
    kind: "digest",
    retriever,
    namespace,
    schedule: {
      cadence: cadence.lower as DigestCadence,
      atMinutes: args.atMinutes ?? DEFAULT_DIGEST_MINUTES,
      timeZone: args.timeZone ?? DEFAULT_DIGEST_TIME_ZONE,
    },
  };
}
