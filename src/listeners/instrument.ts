/**
 * One log line and the metrics for every command, click, submission and event: how long until the ack,
 * how long until the answer, and how it ended. `name` is a fixed listener name, never user text.
 */
import type { BotDeps } from "../deps.js";
import type { RequestOutcome, RequestType } from "../observability/labels.js";

export interface RequestTimer {
  /** Call right after ack(). */
  acked(): void;
  /** Call once the answer was delivered (or given up on). */
  done(outcome: RequestOutcome, details?: Record<string, unknown>): void;
}

export function timeRequest(
  deps: Pick<BotDeps, "logger" | "metrics">,
  type: RequestType,
  name: string,
): RequestTimer {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let ackMs: number | undefined;
  return {
    acked() {
      const s = seconds();
      ackMs = Math.round(s * 1000);
      deps.metrics.observeAck(type, name, s);
    },
    done(outcome, details = {}) {
      const s = seconds();
      deps.metrics.observeAnswer(type, name, s);
      deps.metrics.recordRequest(type, name, outcome);
      deps.logger.info(
        { event: type, name, outcome, ackMs, durationMs: Math.round(s * 1000), ...details },
        `${type} ${name}: ${outcome}`,
      );
    },
  };
}
