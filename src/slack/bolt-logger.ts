/** Bolt's own log lines, sent through our pino logger so they are JSON and scrubbed of secrets too. */
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../logger.js";

export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: "bolt" });
  const line = (parts: unknown[]) => parts.map((p) => (typeof p === "string" ? p : safeJson(p))).join(" ");
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => child.debug(line(msg)),
    info: (...msg) => child.info(line(msg)),
    warn: (...msg) => child.warn(line(msg)),
    error: (...msg) => child.error(line(msg)),
    // Our LOG_LEVEL decides what is written; Bolt's level is only remembered for getLevel().
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
