/**
 * How often each retriever was polled, from the simulator's call log, and how the work was shared, from
 * each replica's own log: every round that checked something logs `checked` ("alert watcher round").
 */
import type { CallRecord, Simulator } from "@executions-bot/mixpeek-simulator";
import type { ReplicaProcess } from "../helpers/replica-process.js";
import { waitUntil } from "../helpers/waiting.js";

export interface RetrieverPolls {
  retrieverId: string;
  count: number;
  /** The shortest and longest time between two polls in a row, in ms (Infinity / 0 with one poll). */
  minGapMs: number;
  maxGapMs: number;
}

/**
 * Polls (list calls) per retriever among `calls` made in [from, to). The look for the newest completed
 * run, which the same check makes while an incident is open, is part of that check, not another poll.
 */
export function pollsPerRetriever(
  calls: readonly CallRecord[],
  retrieverIds: readonly string[],
  from: number,
  to: number,
): RetrieverPolls[] {
  return retrieverIds.map((retrieverId) => {
    const times = calls
      .filter(
        (call) =>
          call.kind === "listExecutions" &&
          call.retriever === retrieverId &&
          call.statusFilter !== "completed",
      )
      .map((call) => call.at.getTime())
      .filter((at) => at >= from && at < to)
      .sort((a, b) => a - b);
    const gaps = times.slice(1).map((at, i) => at - (times[i] ?? at));
    return {
      retrieverId,
      count: times.length,
      minGapMs: Math.min(...gaps),
      maxGapMs: Math.max(0, ...gaps),
    };
  });
}

/** Retrievers each replica checked in rounds that started in [from, to), by its REPLICA_ID. */
export function checksPerReplica(
  replicas: readonly ReplicaProcess[],
  from: number,
  to: number,
): Record<string, number> {
  const checks: Record<string, number> = {};
  for (const replica of replicas) {
    let checked = 0;
    for (const line of replica.logs()) {
      if (line.msg !== "alert watcher round" || typeof line.checked !== "number") continue;
      const startedAt = Date.parse(String(line.startedAt));
      if (startedAt >= from && startedAt < to) checked += line.checked;
    }
    checks[replica.id] = checked;
  }
  return checks;
}

/**
 * Waits until every check under way at `from`, or started after it, has finished. A retriever is polled
 * again only once its previous check, posts included, is recorded; so once each has been polled twice
 * since `from`, those checks are over and anything they were to post is in Slack.
 */
export async function waitForChecksSince(
  from: number,
  sim: Pick<Simulator, "calls">,
  retrieverIds: readonly string[],
): Promise<void> {
  await waitUntil(async () => {
    const left = pollsPerRetriever(sim.calls(), retrieverIds, from, Number.POSITIVE_INFINITY).filter(
      (polls) => polls.count < 2,
    );
    return left.length === 0 ? undefined : `${left.length} retrievers not yet polled twice`;
  }, 30_000);
}

/** The most calls in any window [t, t + windowMs) that starts at a call. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && (sorted[end] as number) < (sorted[start] as number) + windowMs) end++;
    most = Math.max(most, end - start);
  }
  return most;
}
