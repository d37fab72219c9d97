/**
 * Structured JSON logs (pino). Secrets are removed twice: known fields are redacted by path, and every
 * written line is scrubbed of the configured secret values, so a token that slips into an error message or
 * an upstream body still never reaches the log.
 */
import { type DestinationStream, type Logger, pino } from "pino";
import { type ResponseUrlHosts, scrubResponseUrls, scrubSecrets } from "./util/scrub.js";

export type { Logger } from "pino";
export { scrubSecrets };

export interface LoggerOptions {
  level: string;
  /** Secret values to scrub from every line (tokens, signing secret, API key). */
  secrets: readonly string[];
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
  /** Where response URLs live: their paths are scrubbed from every line too (debug lines included). */
  responseUrls?: ResponseUrlHosts;
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
        streamWrite: (line) => {
          const scrubbed = scrubSecrets(line, secrets);
          return options.responseUrls ? scrubResponseUrls(scrubbed, options.responseUrls) : scrubbed;
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that writes nothing, for tools and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
