/**
 * One check of one watched retriever, by the replica holding its lease: read the recent failures once,
 * claim each new one for every subscribed channel (oldest first), tell the channels, then record the
 * round. When Mixpeek fails the watch backs off, and subscribers hear about it once, and once more when
 * it works again; a retriever that is gone pauses its watch.
 */
import { isMixpeekError } from "../../mixpeek/errors.js";
import {
  renderWatchFailing,
  renderWatchPaused,
  renderWatchRecovered,
} from "../../views/alerts/alert-notices.js";
import type { SlackMessage } from "../../views/shared/blocks.js";
import { checkIncidents } from "../incidents/index.js";
import type { Subscription, Watch } from "../store/index.js";
import { type RoundContext, subjectOf } from "./context.js";
import { type ClaimedFailure, deliverToSubscription } from "./delivery.js";
import { executionFromSummary, fetchRecentFailures, type RecentFailure } from "./failures.js";
import { type NoticeKind, postNotice } from "./notices.js";
import { forgetRefusal, skipRefusedNamespace } from "./refused-namespace.js";

export type WatchOutcome = "ok" | "upstream_error" | "paused" | "lease_lost" | "deferred";

export async function checkWatch(ctx: RoundContext, stored: Watch): Promise<WatchOutcome> {
  const { store, settings } = ctx;
  const startedAt = ctx.now();
  const latestMs = startedAt.getTime() + settings.clockSkewMs;
  // A watermark a future-dated run moved ahead before it was capped (an older version) is read as now:
  // the store only ever moves it forward, so it would otherwise hide failures until that date.
  const watch =
    stored.watermark.getTime() > latestMs ? { ...stored, watermark: new Date(startedAt) } : stored;
  const subscribers = await store.listWatchSubscribers(watch);
  if (!ctx.namespaces.allows(watch.namespace)) {
    return (await skipRefusedNamespace(ctx, watch, subscribers, startedAt)) ? "ok" : leaseLost(ctx, watch);
  }
  await forgetRefusal(ctx, subscribers);
  let recent: Awaited<ReturnType<typeof fetchRecentFailures>>;
  try {
    recent = await fetchRecentFailures(ctx.mixpeek, watch, {
      cutoff: new Date(watch.watermark.getTime() - settings.lookbackMs),
      limit: settings.listLimit,
      maxPages: settings.maxPages,
    });
  } catch (error) {
    return onUpstreamError(ctx, watch, subscribers, error);
  }
  tellNewExecutions(ctx, watch, subscribers, recent.failures, latestMs);
  if (recent.truncated) {
    ctx.logger.warn(
      { namespace: watch.namespace, retriever: watch.retrieverId, pages: settings.maxPages },
      "more new failures than one check reads; the oldest are left out of the roll-up",
    );
  }

  let noticeSent: boolean | undefined;
  if (watch.noticeSent) {
    await tellEveryone(ctx, subscribers, (sub) => renderWatchRecovered(subjectOf(sub)), "watch_recovered");
    noticeSent = false;
  }

  const claimed = await claimNewFailures(
    ctx,
    recent.failures,
    subscribers,
    startedAt.getTime() + settings.clockSkewMs,
  );
  for (const sub of subscribers) {
    // Posting may wait on Slack's rate limits; a lease that ran out means another replica has the watch.
    if (!(await store.renewLease(ctx.owner, watch, ctx.now(), settings.leaseMs)))
      return leaseLost(ctx, watch);
    await deliverToSubscription(ctx, sub, claimed.bySubscription.get(sub.id) ?? [], {
      atLeast: recent.truncated,
    });
  }

  // Recoveries and threshold rules, in the same round and on the same lease (src/alerts/incidents/).
  await checkIncidents(ctx, watch, subscribers, { newFailures: claimed.bySubscription.size > 0 });

  // Everything before the look-back window was read and claimed, so the watermark may move up to it
  // even when nothing failed: old alert rows can then be pruned without an old failure coming back.
  const caughtUp = recent.truncated ? 0 : startedAt.getTime() - settings.lookbackMs;
  const watermark = Math.max(claimed.newest ?? 0, caughtUp);
  const done = await store.completeRound(ctx.owner, watch, {
    outcome: "ok",
    finishedAt: ctx.now(),
    nextAttemptAt: new Date(startedAt.getTime() + settings.intervalMs),
    ...(watermark > 0 ? { watermark: new Date(watermark) } : {}),
    ...(noticeSent === undefined ? {} : { noticeSent }),
  });
  return done ? "ok" : leaseLost(ctx, watch);
}

/**
 * Pages of this retriever cached before a newer failure would hide it from whoever clicks the alert's
 * "Failed runs": they are dropped before anything is posted. Told only when something is newer than the
 * watermark, so a quiet retriever's pages stay cached.
 */
function tellNewExecutions(
  ctx: RoundContext,
  watch: Watch,
  subscribers: readonly Subscription[],
  failures: readonly RecentFailure[],
  latestMs: number,
): void {
  if (ctx.onNewExecutions === undefined) return;
  // A run dated in the future stays "newer" every round; only what could be new now counts.
  const newest = failures.filter((f) => f.createdAt.getTime() <= latestMs).at(-1)?.createdAt;
  if (newest === undefined || newest <= watch.watermark) return;
  const retrievers = new Set([watch.retrieverId, ...subscribers.map((sub) => sub.retrieverName)]);
  try {
    ctx.onNewExecutions({
      workspaceId: watch.workspaceId,
      namespace: watch.namespace,
      retrievers: [...retrievers],
    });
  } catch (error) {
    ctx.logger.warn({ err: error }, "could not drop the cached pages of a retriever");
  }
}

interface Claimed {
  bySubscription: Map<number, ClaimedFailure[]>;
  /** The newest failure whose claims were all made, in epoch ms, never later than `latestMs`. */
  newest: number | undefined;
}

/**
 * Claims before any post: a claim is what makes a restart or a second replica safe. A failure older than
 * a subscription was never promised to that channel, so it is skipped there. Muted claims are only
 * recorded; the mute's end tells their number. A run dated after `latestMs` (now plus the clock skew) is
 * claimed like any other, but the watermark it yields stops at `latestMs`.
 */
async function claimNewFailures(
  ctx: RoundContext,
  failures: readonly RecentFailure[],
  subscribers: readonly Subscription[],
  latestMs: number,
): Promise<Claimed> {
  const bySubscription = new Map<number, ClaimedFailure[]>();
  let newest: number | undefined;
  for (const failure of failures) {
    const execution = executionFromSummary(failure);
    for (const sub of subscribers) {
      // A subscription of threshold rules only is not told each failed run.
      if (!sub.failureAlerts || failure.createdAt < sub.createdAt) continue;
      const alert = await ctx.store.claimAlert({
        kind: "failure",
        subscriptionId: sub.id,
        executionId: execution.executionId,
        executionCreatedAt: failure.createdAt,
        owner: ctx.owner,
        now: ctx.now(),
      });
      if (alert === null) continue;
      if (alert.state === "muted") {
        ctx.tally.alert("muted");
        ctx.logger.info(
          {
            event: "alert",
            retriever: sub.retrieverId,
            execution: alert.executionId,
            channel: sub.channelId,
            outcome: "muted",
          },
          "alert held back by a mute",
        );
        continue;
      }
      const list = bySubscription.get(sub.id) ?? [];
      list.push({ alert, execution });
      bySubscription.set(sub.id, list);
    }
    newest = Math.min(failure.createdAt.getTime(), latestMs);
  }
  return { bySubscription, newest };
}

async function onUpstreamError(
  ctx: RoundContext,
  watch: Watch,
  subscribers: readonly Subscription[],
  error: unknown,
): Promise<WatchOutcome> {
  const { settings, store } = ctx;
  const kind = isMixpeekError(error) ? error.kind : "unexpected";
  if (kind === "budget_spent" || kind === "rate_limited") return deferCheck(ctx, watch, kind);
  ctx.tally.upstreamError(`Checking ${watch.retrieverId} in ${watch.namespace} failed: ${kind}`);
  ctx.logger.warn(
    {
      namespace: watch.namespace,
      retriever: watch.retrieverId,
      kind,
      ...(isMixpeekError(error) ? { status: error.status, requestId: error.requestId } : { err: error }),
      errorsInARow: watch.errorCount + 1,
    },
    "could not check a retriever for failures",
  );
  const finishedAt = ctx.now();
  if (kind === "not_found") {
    await tellEveryone(ctx, subscribers, (sub) => renderWatchPaused(subjectOf(sub)), "watch_paused");
    const done = await store.completeRound(ctx.owner, watch, {
      outcome: "paused",
      finishedAt,
      errorKind: kind,
      noticeSent: true,
    });
    return done ? "paused" : leaseLost(ctx, watch);
  }
  const errors = watch.errorCount + 1;
  const backoffMs = Math.min(settings.maxBackoffMs, settings.intervalMs * 2 ** errors);
  const tell = errors >= settings.errorsBeforeNotice && !watch.noticeSent;
  if (tell) {
    await tellEveryone(ctx, subscribers, (sub) => renderWatchFailing(subjectOf(sub), kind), "watch_failing");
  }
  const done = await store.completeRound(ctx.owner, watch, {
    outcome: "error",
    finishedAt,
    nextAttemptAt: new Date(finishedAt.getTime() + backoffMs),
    errorKind: kind,
    ...(tell ? { noticeSent: true } : {}),
  });
  return done ? "upstream_error" : leaseLost(ctx, watch);
}

async function tellEveryone(
  ctx: RoundContext,
  subscribers: readonly Subscription[],
  render: (sub: Subscription) => SlackMessage,
  kind: NoticeKind,
): Promise<void> {
  for (const sub of subscribers) await postNotice(ctx, sub, render(sub), kind);
}

/**
 * The request budget had no slot (or Mixpeek said 429 and everyone is waiting): nothing is wrong with
 * the retriever, so no error is counted and nobody is told. The watch is handed back still due, so it
 * stays first in line for the next slot.
 */
async function deferCheck(ctx: RoundContext, watch: Watch, kind: string): Promise<WatchOutcome> {
  ctx.tally.deferred += 1;
  ctx.logger.debug(
    { namespace: watch.namespace, retriever: watch.retrieverId, kind },
    "check put off until the request budget has a slot",
  );
  return (await ctx.store.releaseWatch(ctx.owner, watch)) ? "deferred" : leaseLost(ctx, watch);
}

function leaseLost(ctx: RoundContext, watch: Watch): WatchOutcome {
  ctx.logger.warn(
    { namespace: watch.namespace, retriever: watch.retrieverId },
    "lost the lease on a watch mid-round; another replica finishes it",
  );
  return "lease_lost";
}
