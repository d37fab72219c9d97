/**
 * Limits of the bot's HTTP server, so slow or oversized clients cannot tie it up: Node's defaults wait a
 * minute for headers and five for a request, read any body, and accept any number of connections.
 */
import type { Server, ServerOptions } from "node:http";
import type { Logger } from "../logger.js";

export interface HttpLimits {
  /** A request's headers must arrive within this. */
  headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this. */
  requestTimeoutMs: number;
  /**
   * Slack's requests are a few kilobytes (a click carries the message clicked, at most 50 blocks): a body
   * past this is not from Slack and is refused before it is read.
   */
  maxBodyBytes: number;
  /** Open connections at once; past it new ones are closed at once. Far above what Slack opens. */
  maxConnections: number;
}

export const HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxBodyBytes: 1024 * 1024,
  maxConnections: 1000,
};

/** For http.createServer: Node checks the two time-outs every `connectionsCheckingInterval`. */
export function serverOptionsOf(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

const DROP_LOG_EVERY_MS = 60_000;

/** Caps open connections; dropped ones are logged at most once a minute, with how many. */
export function capConnections(server: Server, limits: HttpLimits, logger: Logger): void {
  server.maxConnections = limits.maxConnections;
  let dropped = 0;
  let lastLogMs = Number.NEGATIVE_INFINITY;
  server.on("drop", () => {
    dropped += 1;
    const nowMs = Date.now();
    if (nowMs - lastLogMs < DROP_LOG_EVERY_MS) return;
    lastLogMs = nowMs;
    logger.warn(
      { dropped, maxConnections: limits.maxConnections },
      "too many open connections; new ones closed",
    );
    dropped = 0;
  });
}
