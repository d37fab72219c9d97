/**
 * The end of a failure incident: a channel told of a retriever's failures hears, once, that it completed
 * a run again. The `recovery` alert row for (completed run, channel) is the lock, claimed like a failure;
 * the incident's thread is closed at once, so a failure after it opens a new top-level alert.
 *
 * One extra Mixpeek call per round (the newest completed run), and only while some channel of the
 * retriever has an open incident.
 */
import { isMixpeekError } from "../../mixpeek/errors.js";
import { renderFailureAlert } from "../../views/alerts/alert.js";
import { renderAlertRollup } from "../../views/alerts/alert-rollup.js";
import {
  type FailureRecovery,
  recoveryResolution,
  renderRecoveryReply,
} from "../../views/alerts/incident-alerts.js";
import type { Alert, Subscription, Watch } from "../store/index.js";
import { rebuildParent } from "../watcher/alert-thread.js";
import { type RoundContext, studioUrlFor, subjectOf } from "../watcher/context.js";
import type { FoundMessage } from "../watcher/find-posted.js";
import { detailsToTell, type RecoveryDetails, RecoveryDetailsSchema } from "./details.js";
import { postIncidentMessage, recordTold } from "./told.js";

export function isMuted(sub: Subscription, now: Date): boolean {
  return sub.mutedUntil !== null && sub.mutedUntil > now;
}

interface CompletedRun {
  executionId: string;
  createdAt: Date;
  completedAt: Date;
}

async function newestCompletedRun(ctx: RoundContext, watch: Watch): Promise<CompletedRun | undefined> {
  const page = await ctx.mixpeek.listExecutions({
    namespace: watch.namespace,
    retriever: watch.retrieverId,
    status: "completed",
    offset: 0,
    limit: 1,
  });
  const run = page.results.find((r) => r.status.trim().toLowerCase() === "completed");
  const createdMs = Date.parse(run?.created_at ?? "");
  if (run === undefined || !Number.isFinite(createdMs)) return undefined;
  const completedMs = Date.parse(run.completed_at ?? "");
  return {
    executionId: run.execution_id,
    createdAt: new Date(createdMs),
    completedAt: new Date(Number.isFinite(completedMs) ? completedMs : createdMs),
  };
}

export async function checkFailureRecoveries(
  ctx: RoundContext,
  watch: Watch,
  subscribers: readonly Subscription[],
): Promise<void> {
  const now = ctx.now();
  // A mute holds recoveries back too; the next round after it tells them.
  const eligible = subscribers.filter((sub) => sub.failureAlerts && sub.recovery && !isMuted(sub, now));
  if (eligible.length === 0) return;
  const open = await ctx.store.openIncidents(eligible.map((sub) => sub.id));
  if (open.size === 0) return;
  let completed: CompletedRun | undefined;
  try {
    completed = await newestCompletedRun(ctx, watch);
  } catch (error) {
    if (!isMixpeekError(error)) throw error;
    ctx.logger.warn(
      { namespace: watch.namespace, retriever: watch.retrieverId, kind: error.kind },
      "could not look for a completed run to end an incident; trying again next round",
    );
    return;
  }
  if (completed === undefined) return;
  for (const sub of eligible) {
    const incident = open.get(sub.id);
    if (incident === undefined || completed.createdAt <= incident.lastFailureAt) continue;
    const details: RecoveryDetails = {
      parentTs: incident.parentTs,
      failures: incident.failures,
      firstFailureAt: incident.firstFailureAt.getTime(),
      recoveredAt: completed.completedAt.getTime(),
    };
    const alert = await ctx.store.claimAlert({
      kind: "recovery",
      subscriptionId: sub.id,
      executionId: completed.executionId,
      executionCreatedAt: completed.createdAt,
      owner: ctx.owner,
      now: ctx.now(),
      details: JSON.stringify(details),
    });
    if (alert === null || alert.state !== "claimed") continue;
    // From here on the incident is over: a failure now starts a new alert, not a reply under this one.
    await ctx.store.endThread(sub.id, incident.parentTs);
    await tellFailureRecovery(ctx, sub, alert);
  }
}

/**
 * One reply under the incident's parent, then the parent redrawn with the resolution first, then the
 * alert marked sent (so a crash before the redraw redoes it). `found`: the reply an earlier attempt
 * posted, found in Slack: only the redraw and the record are left to do.
 */
export async function tellFailureRecovery(
  ctx: RoundContext,
  sub: Subscription,
  alert: Alert,
  found?: FoundMessage,
): Promise<void> {
  const started = performance.now();
  const details = await detailsToTell(ctx, alert, RecoveryDetailsSchema);
  if (details === undefined) return;
  const recovery: FailureRecovery = {
    recoveredAt: new Date(details.recoveredAt),
    failures: details.failures,
    firstFailureAt: new Date(details.firstFailureAt),
  };
  const told = found
    ? { ts: found.ts, threadTs: found.threadTs }
    : await postIncidentMessage(
        ctx,
        sub,
        alert,
        renderRecoveryReply(subjectOf(sub), recovery),
        details.parentTs,
        started,
      );
  if (!told) return;
  await redrawRecoveredParent(ctx, sub, details.parentTs, recoveryResolution(recovery));
  await recordTold(ctx, sub, alert, told, started, found);
}

/** The incident's parent (one failure, or a roll-up), drawn again with the resolution as its first line. */
async function redrawRecoveredParent(
  ctx: RoundContext,
  sub: Subscription,
  parentTs: string,
  resolution: string,
): Promise<void> {
  const where = { namespace: sub.namespace, retriever: sub.retrieverId, channel: sub.channelId };
  const told = await ctx.store.alertsOfMessage(sub.id, parentTs);
  const first = told[0];
  if (first === undefined) {
    ctx.logger.info(where, "incident parent not found; only the reply tells the recovery");
    return;
  }
  let message: ReturnType<typeof renderFailureAlert> | undefined;
  if (told.length > 1 || first.state === "rolled_up") {
    message = renderAlertRollup({
      subject: subjectOf(sub),
      failures: told.map((alert) => ({
        executionId: alert.executionId,
        createdAt: alert.executionCreatedAt,
      })),
      pageSize: ctx.settings.pageSize,
      listed: ctx.settings.rollupListed,
      studioUrl: (executionId) => studioUrlFor(ctx, sub, executionId),
      resolution,
    });
  } else {
    const input = ctx.parents.recall(sub.id, parentTs) ?? (await rebuildParent(ctx, sub, parentTs));
    if (input === undefined) return;
    const threadCount = 1 + (await ctx.store.countThreadReplies(sub.id, parentTs));
    message = renderFailureAlert({ ...input, threadCount, inThread: false, resolution });
  }
  const result = await ctx.poster.update(sub.channelId, parentTs, message);
  if (!result.ok)
    ctx.logger.warn({ ...where, code: result.code }, "could not mark the incident's alert recovered");
}
