/**
 * Structured JSON logs (pino). Secrets are removed twice: known fields are redacted by path, and every
 * written line is scrubbed of the configured secret values, so a token that slips into an error message or
 * an upstream body still never reaches the log.
 */
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  level: string;
  /** Secret values to scrub from every line (tokens, signing secret, API key). */
  secrets: readonly string[];
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

const REDACTED_PATHS = [
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  'headers["x-slack-signature"]',
  "apiKey",
  "*.apiKey",
  "botToken",
  "signingSecret",
  "appToken",
];

export function createLogger(options: LoggerOptions): Logger {
  // Longest first so a secret that contains another is scrubbed whole.
  const secrets = [...new Set(options.secrets.filter((s) => s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  return pino(
    {
      level: options.level,
      base: options.base ?? { service: "executions-bot" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        streamWrite: (line) => scrubSecrets(line, secrets),
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is scrubbed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** A logger that writes nothing, for tools and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
