/**
 * Reading a rule's figure from Mixpeek, once per round for each (namespace, retriever, figure, window)
 * however many channels hold rules on it. Every call goes through the workspace's Mixpeek client, so its
 * budget and metrics see them.
 *
 * - Failure rate: one page of the executions list created in the window (`created_at` range, newest
 *   first, up to 1000 rows). The rows' own `created_at` decide what is in the window (Mixpeek may ignore
 *   the range); runs still going are left out, as their outcome is unknown.
 * - p95: the performance analytics of the window (`summary.p95_latency_ms`, or the buckets' when the
 *   summary lacks it).
 */
import type { MixpeekApi } from "../../mixpeek/api.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import { summarizePerformance } from "../../stats/performance.js";
import type { RuleMetric, WatchKey } from "../store/index.js";
import type { Reading } from "./judge.js";

/** Rows read per failure-rate reading: Mixpeek's largest page. */
export const RATE_PAGE_SIZE = 1000;

export class RuleReadings {
  private readonly readings = new Map<string, Promise<Reading>>();

  constructor(
    private readonly mixpeek: MixpeekApi,
    private readonly now: Date,
  ) {}

  get(watch: WatchKey, metric: RuleMetric, windowMs: number): Promise<Reading> {
    const key = JSON.stringify([watch.namespace, watch.retrieverId, metric, windowMs]);
    let reading = this.readings.get(key);
    if (reading === undefined) {
      const start = new Date(this.now.getTime() - windowMs);
      const read = metric === "p95" ? this.p95(watch, start) : this.failureRate(watch, start);
      reading = read.catch(unavailable);
      this.readings.set(key, reading);
    }
    return reading;
  }

  private async failureRate(watch: WatchKey, start: Date): Promise<Reading> {
    const page = await this.mixpeek.listExecutions({
      namespace: watch.namespace,
      retriever: watch.retrieverId,
      offset: 0,
      limit: RATE_PAGE_SIZE,
      createdFrom: start,
      createdBefore: this.now,
    });
    let runs = 0;
    let failed = 0;
    let oldestMs = Number.POSITIVE_INFINITY;
    for (const run of page.results) {
      const createdMs = Date.parse(run.created_at);
      if (!Number.isFinite(createdMs)) continue;
      oldestMs = Math.min(oldestMs, createdMs);
      if (createdMs < start.getTime() || createdMs >= this.now.getTime()) continue;
      const status = run.status.trim().toLowerCase();
      if (status === "failed") failed += 1;
      else if (status !== "completed") continue;
      runs += 1;
    }
    const partial = page.pagination.has_next && oldestMs >= start.getTime();
    return { ok: true, value: runs === 0 ? null : (100 * failed) / runs, runs, failed, partial };
  }

  private async p95(watch: WatchKey, start: Date): Promise<Reading> {
    const performance = await this.mixpeek.getRetrieverPerformance({
      namespace: watch.namespace,
      retriever: watch.retrieverId,
      start,
      end: this.now,
      groupBy: "hour",
    });
    const figures = summarizePerformance(performance);
    return { ok: true, value: figures.p95, runs: figures.runs ?? 0 };
  }
}

function unavailable(error: unknown): Reading {
  if (!isMixpeekError(error)) throw error;
  const why: Record<string, string> = {
    auth: "the API key may not read this retriever's analytics",
    not_found: "Mixpeek does not know this retriever",
    invalid_request: "Mixpeek refused the request for these figures",
    rate_limited: "Mixpeek's analytics are not answering",
    unavailable: "Mixpeek's analytics are not answering",
    bad_response: "Mixpeek's answer could not be read",
  };
  return { ok: false, problem: why[error.kind] ?? `Mixpeek could not be asked (${error.kind})` };
}
