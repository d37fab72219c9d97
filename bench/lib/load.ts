/**
 * A closed-loop load generator: `concurrency` workers each send a request, wait for its answer, and send
 * the next, until `total` were sent. Latency is measured per request; throughput over the whole run.
 */
import { type LatencySummary, perSecond, summarize } from "./stats.js";

export interface LoadResult {
  latency: LatencySummary;
  requestsPerSecond: number;
  /** Requests whose answer was not the expected one (status, body) or that threw. */
  errors: number;
  firstError?: string;
}

/** `send(i)` makes request number i and says whether its answer was right (a string explains a wrong one). */
export async function runClosedLoop(
  total: number,
  concurrency: number,
  send: (i: number) => Promise<true | string>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const fail = (why: string) => {
    errors += 1;
    firstError ??= why;
  };
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const started = performance.now();
      try {
        const outcome = await send(i);
        latencies.push(performance.now() - started);
        if (outcome !== true) fail(outcome);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsed = performance.now() - started;
  return {
    latency: summarize(latencies),
    requestsPerSecond: perSecond(latencies.length, elapsed),
    errors,
    ...(firstError === undefined ? {} : { firstError }),
  };
}
