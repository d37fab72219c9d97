/**
 * Configuration from the environment, validated once at start. A bad value stops the process with one
 * line naming the variable, never its value (it may be a secret).
 */
import * as z from "zod";
import { isValidNamespaceName } from "./executions/names.js";
import { parseManagerList, type SubscriptionManagerIds } from "./subscriptions/manager-ids.js";
import { parseNamespaceList } from "./workspaces/namespaces.js";
import { parseEncryptionKeys } from "./workspaces/secret-box.js";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const url = z.url({ protocol: /^https?$/ });

/** An optional list variable read by `parse`, whose problem sentence becomes the variable's issue. */
const optionalList = <T>(parse: (text: string) => T | { problem: string }) =>
  optionalText.transform((text, ctx): T | undefined => {
    if (text === undefined) return undefined;
    const parsed = parse(text);
    if (typeof parsed === "object" && parsed !== null && "problem" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    }
    return parsed as T;
  });

const positiveInt = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

const EnvSchema = z.object({
  // Required in single-workspace mode; distributed mode (OAuth installs) has a token per workspace instead.
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: url.default("https://slack.com/api/"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  ENCRYPTION_KEY: optionalList(parseEncryptionKeys),
  // Required in single-workspace mode; in distributed mode each workspace connects its own.
  MIXPEEK_API_KEY: optionalText,
  MIXPEEK_BASE_URL: url.default("https://api.mixpeek.com"),
  MIXPEEK_NAMESPACE: optionalText.refine(
    (value) => value === undefined || isValidNamespaceName(value),
    "is not a namespace name Mixpeek accepts",
  ),
  MIXPEEK_NAMESPACES: optionalList(parseNamespaceList),
  MIXPEEK_STUDIO_URL: optionalText,
  // At least 3, so the watcher's two thirds are at least 2 requests a minute.
  MIXPEEK_MAX_REQUESTS_PER_MINUTE: z.coerce.number().int().min(3).max(1_000_000).default(30),
  CACHE_TTL_SECONDS: positiveInt(30, 3600),
  CACHE_MAX_KEYS: positiveInt(5000, 1_000_000),
  PAGE_SIZE: z.coerce.number().int().min(1).max(20).default(10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Blank is the same as unset: the documented default, not a file called "".
  DATABASE_URL: optionalText.transform((value) => value ?? "./data/executions-bot.db"),
  WATCH_INTERVAL_SECONDS: positiveInt(60, 86_400),
  WATCH_CONCURRENCY: positiveInt(8, 256),
  WATCH_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  ALERT_ROLLUP_THRESHOLD: positiveInt(5, 1000),
  ALERT_THREAD_MINUTES: positiveInt(60, 10_080),
  REPLICA_ID: optionalText,
  SUBSCRIPTION_MANAGERS: optionalList(parseManagerList),
});

export type Env = z.infer<typeof EnvSchema>;

/** Distributed mode: installs through OAuth, one token and one Mixpeek connection per workspace. */
export interface DistributionConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** ENCRYPTION_KEY: the first encrypts, all decrypt (rotation). */
  encryptionKeys: Buffer[];
}

export interface Config {
  /** Set in distributed mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, no SLACK_BOT_TOKEN). */
  distribution: DistributionConfig | undefined;
  slack: {
    /** Single-workspace mode only. */
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
    /** Whether SLACK_API_URL was set (tests, the demo, GovSlack): its origin may then serve response URLs. */
    apiUrlSet: boolean;
    mode: "http" | "socket";
  };
  port: number;
  mixpeek: {
    /** Single-workspace mode only (distributed: each workspace's own connection). */
    apiKey: string | undefined;
    baseUrl: string;
    /** Single-workspace mode only. */
    namespace: string | undefined;
    /** MIXPEEK_NAMESPACES: names or ids, or "any" for `*`; unset, only `namespace`. */
    namespaces: readonly string[] | "any" | undefined;
    studioUrl: string | undefined;
    /** MIXPEEK_MAX_REQUESTS_PER_MINUTE: every call, every replica sharing the database. */
    maxRequestsPerMinute: number;
  };
  cache: { ttlSeconds: number; maxKeys: number };
  pageSize: number;
  logLevel: Env["LOG_LEVEL"];
  databaseUrl: string;
  watcher: {
    intervalSeconds: number;
    concurrency: number;
    rollupThreshold: number;
    threadMinutes: number;
    /** Unset: the watcher's default (30 s; leases are renewed while a round runs). */
    leaseSeconds: number | undefined;
  };
  replicaId: string | undefined;
  /** SUBSCRIPTION_MANAGERS; unset, any channel member may change subscriptions. */
  subscriptionManagers: SubscriptionManagerIds | undefined;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses the environment; throws ConfigError with one line per bad variable (names only). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  const lines = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        if (env[name] === undefined || env[name]?.trim() === "") return `${name} is required`;
        return `${name} is invalid (${issue.message.replace(/^Invalid input: /, "").toLowerCase()})`;
      });
  lines.push(...modeProblems(env));
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Configuration problem: ${[...new Set(lines)].join("; ")}`);
  }
  const e = parsed.data;
  const distributed = isDistributed(env);
  return {
    distribution:
      distributed && e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET && e.ENCRYPTION_KEY
        ? {
            clientId: e.SLACK_CLIENT_ID,
            clientSecret: e.SLACK_CLIENT_SECRET,
            stateSecret: e.SLACK_STATE_SECRET,
            encryptionKeys: e.ENCRYPTION_KEY,
          }
        : undefined,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      apiUrlSet: (env.SLACK_API_URL?.trim() ?? "") !== "",
      mode: e.SLACK_SIGNING_SECRET ? "http" : "socket",
    },
    port: e.PORT,
    mixpeek: {
      apiKey: e.MIXPEEK_API_KEY,
      baseUrl: e.MIXPEEK_BASE_URL,
      namespace: e.MIXPEEK_NAMESPACE,
      namespaces: e.MIXPEEK_NAMESPACES,
      studioUrl: e.MIXPEEK_STUDIO_URL,
      maxRequestsPerMinute: e.MIXPEEK_MAX_REQUESTS_PER_MINUTE,
    },
    cache: { ttlSeconds: e.CACHE_TTL_SECONDS, maxKeys: e.CACHE_MAX_KEYS },
    pageSize: e.PAGE_SIZE,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    watcher: {
      intervalSeconds: e.WATCH_INTERVAL_SECONDS,
      concurrency: e.WATCH_CONCURRENCY,
      rollupThreshold: e.ALERT_ROLLUP_THRESHOLD,
      threadMinutes: e.ALERT_THREAD_MINUTES,
      leaseSeconds: e.WATCH_LEASE_SECONDS,
    },
    replicaId: e.REPLICA_ID,
    subscriptionManagers: e.SUBSCRIPTION_MANAGERS,
  };
}

const OAUTH_VARIABLES = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;
const isSet = (env: Record<string, string | undefined>, name: string) => (env[name]?.trim() ?? "") !== "";

/** Distributed mode: the OAuth variables are set and SLACK_BOT_TOKEN is not. */
function isDistributed(env: Record<string, string | undefined>): boolean {
  return !isSet(env, "SLACK_BOT_TOKEN") && OAUTH_VARIABLES.some((name) => isSet(env, name));
}

/**
 * Which mode, and what it needs. Single-workspace mode: the bot token and one Mixpeek key and namespace.
 * Distributed mode: all three OAuth variables, ENCRYPTION_KEY, and HTTP (Slack redirects people to it).
 */
function workspaceModeProblems(env: Record<string, string | undefined>): string[] {
  const missing = (names: readonly string[], why: string) =>
    names.filter((name) => !isSet(env, name)).map((name) => `${name} is required ${why}`);
  if (!isDistributed(env)) {
    return missing(["SLACK_BOT_TOKEN", "MIXPEEK_API_KEY", "MIXPEEK_NAMESPACE"], "").map((line) =>
      line.trim(),
    );
  }
  const problems = missing([...OAUTH_VARIABLES, "ENCRYPTION_KEY"], "for distributed mode (OAuth installs)");
  if (!isSet(env, "SLACK_SIGNING_SECRET")) {
    problems.push("SLACK_SIGNING_SECRET is required for distributed mode (installs need HTTP mode)");
  }
  return problems;
}

/** Which Slack connection to use: HTTP needs the signing secret, Socket Mode an app-level token. */
function modeProblems(env: Record<string, string | undefined>): string[] {
  const problems = workspaceModeProblems(env);
  // Distributed mode already named what it needs of the connection (HTTP, with its signing secret).
  if (isDistributed(env)) return problems;
  return [...problems, ...connectionProblems(env)];
}

function connectionProblems(env: Record<string, string | undefined>): string[] {
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  const appToken = env.SLACK_APP_TOKEN?.trim();
  if (!signingSecret && !appToken) {
    return ["SLACK_SIGNING_SECRET is required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)"];
  }
  if (appToken && !appToken.startsWith("xapp-"))
    return ["SLACK_APP_TOKEN must be an app-level token (xapp-…)"];
  return [];
}

/** Every secret in the configuration, for log redaction and leak tests. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.mixpeek.apiKey,
    config.distribution?.clientSecret,
    config.distribution?.stateSecret,
    ...(config.distribution?.encryptionKeys.map((key) => key.toString("base64")) ?? []),
  ].filter((s): s is string => typeof s === "string" && s.length > 0);
}
