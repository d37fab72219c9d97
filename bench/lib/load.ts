/**
 * A closed-loop load generator: `concurrency` workers each send a request, wait for its answer, and send
 * the next, until `total` were sent. Runs can be merged, so one measurement may be made of several
 * chunks interleaved with another app's (drift on a shared machine then hits both alike).
 */
import { type LatencySummary, perSecond, summarize } from "./stats.js";

export interface LoadRun {
  latenciesMs: number[];
  elapsedMs: number;
  /** Requests whose answer was not the expected one (status, body) or that threw. */
  errors: number;
  firstError?: string | undefined;
}

export interface LoadResult {
  latency: LatencySummary;
  requestsPerSecond: number;
  errors: number;
  firstError?: string | undefined;
}

/** `send(i, worker)` makes request number i from that worker and says whether its answer was right (a string explains a wrong one). */
export async function runClosedLoop(
  total: number,
  concurrency: number,
  send: (i: number, worker: number) => Promise<true | string>,
  firstIndex = 0,
): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const fail = (why: string) => {
    errors += 1;
    firstError ??= why;
  };
  const worker = async (_: unknown, w: number) => {
    while (next < total) {
      const i = firstIndex + next++;
      const started = performance.now();
      try {
        const outcome = await send(i, w);
        latenciesMs.push(performance.now() - started);
        if (outcome !== true) fail(outcome);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { latenciesMs, elapsedMs: performance.now() - started, errors, firstError };
}

/** Latency percentiles over all runs; throughput as all requests over the runs' summed wall time. */
export function combineRuns(runs: LoadRun[]): LoadResult {
  const latencies = runs.flatMap((run) => run.latenciesMs);
  const elapsed = runs.reduce((sum, run) => sum + run.elapsedMs, 0);
  return {
    latency: summarize(latencies),
    requestsPerSecond: perSecond(latencies.length, elapsed),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    firstError: runs.find((run) => run.firstError !== undefined)?.firstError,
  };
}
