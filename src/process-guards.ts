/**
 * What happens to an error nobody caught. Node's default ends the process on an unhandled rejection, so
 * one forgotten `await` on a path a request reaches would let anyone holding a signed request stop the
 * bot. A rejection is logged and the process goes on: it was one request's or one round's promise. An
 * uncaught exception is logged too; only a burst of them (the process is broken, not one request)
 * stops it, cleanly, so the supervisor starts a fresh one.
 */
import type { EventEmitter } from "node:events";
import type { Logger } from "./logger.js";

export interface ProcessGuardOptions {
  logger: Logger;
  /** Stops the bot and ends the process with this code (main.ts's clean stop). */
  stop(reason: string, code: number): void;
  now?: () => number;
  /** More uncaught exceptions than this within `windowMs` stop the process. */
  maxUncaught?: number;
  windowMs?: number;
}

export const UNCAUGHT_LIMIT = { maxUncaught: 5, windowMs: 60_000 } as const;

/** Installs the handlers on `proc` (the real `process` in main.ts). */
export function guardProcess(proc: EventEmitter, options: ProcessGuardOptions): void {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const maxUncaught = options.maxUncaught ?? UNCAUGHT_LIMIT.maxUncaught;
  const windowMs = options.windowMs ?? UNCAUGHT_LIMIT.windowMs;
  let recent: number[] = [];

  proc.on("unhandledRejection", (reason: unknown) => {
    logger.error({ err: reason }, "unhandled promise rejection; the bot goes on");
  });
  proc.on("uncaughtException", (error: Error) => {
    const at = now();
    recent = [...recent.filter((t) => at - t < windowMs), at];
    if (recent.length > maxUncaught) {
      logger.fatal({ err: error, count: recent.length }, "too many uncaught exceptions; stopping");
      options.stop("uncaughtException", 1);
      return;
    }
    logger.error({ err: error }, "uncaught exception; the bot goes on");
  });
}
