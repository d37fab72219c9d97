/**
 * Reading failures from Mixpeek for the watcher: the recent failed runs of one retriever (straight from
 * the API, never the listing cache, which may be up to a TTL old), and why one of them failed.
 */
import { failureReason } from "../../executions/failure-reasons.js";
import type { Logger } from "../../logger.js";
import type { MixpeekApi } from "../../mixpeek/api.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import type { ExecutionDetail, ExecutionSummary } from "../../mixpeek/schemas.js";
import type { FailedExecution, FailureCause } from "../../views/alerts/alert.js";
import type { Watch, WatchKey } from "../store/index.js";

export interface RecentFailure {
  summary: ExecutionSummary;
  createdAt: Date;
}

export interface RecentFailures {
  /** Oldest first, each execution once. */
  failures: RecentFailure[];
  /** More failures were new than `maxPages` pages hold; the oldest of them were not read. */
  truncated: boolean;
}

export interface FetchOptions {
  /** Failures created before this are not returned (the watermark less the look-back). */
  cutoff: Date;
  limit: number;
  maxPages: number;
}

function parseDate(iso: string): Date | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * Newest first from Mixpeek, one page at a time; another page only while every run on this one is newer
 * than the watermark, so a quiet retriever costs one call per check however many channels subscribe.
 */
export async function fetchRecentFailures(
  mixpeek: MixpeekApi,
  watch: Watch,
  options: FetchOptions,
): Promise<RecentFailures> {
  const found = new Map<string, RecentFailure>();
  const watermark = watch.watermark.getTime();
  let truncated = false;
  for (let page = 0; page < options.maxPages; page++) {
    const response = await mixpeek.listExecutions({
      namespace: watch.namespace,
      retriever: watch.retrieverId,
      status: "failed",
      offset: page * options.limit,
      limit: options.limit,
    });
    let allNew = response.results.length > 0;
    for (const summary of response.results) {
      const createdAt = parseDate(summary.created_at);
      if (createdAt === undefined || createdAt.getTime() <= watermark) allNew = false;
      if (createdAt === undefined || createdAt < options.cutoff) continue;
      // `status` is a free string upstream: only runs that say they failed are told as failures.
      if (summary.status.trim().toLowerCase() !== "failed") continue;
      // Runs added while paging shift later pages; the first sighting wins.
      if (!found.has(summary.execution_id)) found.set(summary.execution_id, { summary, createdAt });
    }
    if (!allNew || !response.pagination.has_next) break;
    if (page === options.maxPages - 1) truncated = true;
  }
  const failures = [...found.values()].sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.summary.execution_id.localeCompare(b.summary.execution_id),
  );
  return { failures, truncated };
}

export function executionFromSummary(failure: RecentFailure): FailedExecution {
  const { summary } = failure;
  return {
    executionId: summary.execution_id,
    createdAt: failure.createdAt,
    durationMs: summary.duration_ms,
    creditsUsed: summary.credits_used,
    querySummary: summary.query_summary ?? null,
  };
}

/** Fills what the list did not say (after a restart only the id and time are known) from the detail. */
export function withDetailFacts(
  execution: FailedExecution,
  detail: ExecutionDetail | undefined,
): FailedExecution {
  if (detail === undefined) return execution;
  const stats = detail.stage_statistics;
  return {
    ...execution,
    durationMs: execution.durationMs ?? stats?.total_time_ms ?? null,
    creditsUsed: execution.creditsUsed ?? stats?.credits_used ?? null,
  };
}

/** The run's error, and the stage that reported one (or the stage it was in when it stopped). */
export function failureCause(detail: ExecutionDetail): FailureCause {
  const stages = Object.entries(detail.stage_statistics?.stages ?? {});
  const failing = stages.find(([, stats]) => (stats.error ?? "").trim() !== "");
  return { error: failureReason(detail), stage: failing?.[0] ?? detail.current_stage ?? null };
}

/**
 * `getExecution` once per execution per round, however many channels are told about it. A failed call
 * resolves to undefined: the alert goes out without the error details rather than not at all.
 */
export class ExecutionDetails {
  private readonly loaded = new Map<string, Promise<ExecutionDetail | undefined>>();

  constructor(
    private readonly mixpeek: MixpeekApi,
    private readonly logger: Logger,
  ) {}

  get(key: WatchKey, executionId: string): Promise<ExecutionDetail | undefined> {
    const id = JSON.stringify([key.namespace, key.retrieverId, executionId]);
    let detail = this.loaded.get(id);
    if (detail === undefined) {
      detail = this.mixpeek
        .getExecution({ namespace: key.namespace, retriever: key.retrieverId, executionId })
        .catch((error: unknown) => {
          this.logger.warn(
            {
              namespace: key.namespace,
              retriever: key.retrieverId,
              execution: executionId,
              kind: isMixpeekError(error) ? error.kind : "unexpected",
            },
            "could not load why an execution failed; alerting without it",
          );
          return undefined;
        });
      this.loaded.set(id, detail);
    }
    return detail;
  }
}
