/**
 * Telling one subscription's channel about the failures claimed for it: one message each (the first
 * starts a thread, later ones within the thread window reply under it and the parent's count is
 * redrawn), or one roll-up when there are more than the threshold, and the summary of a mute that ended.
 *
 * Every alert is claimed before it is posted and marked sent after, with the message's ts. Every alert
 * message names its alerts in its metadata, so when a process dies after Slack took a message but before
 * markSent, recovery finds that message (find-posted.ts) and records it instead of posting it again.
 */
import type { AlertResult } from "../../observability/labels.js";
import {
  type FailedExecution,
  type FailureAlertInput,
  renderFailureAlert,
} from "../../views/alerts/alert.js";
import { renderAlertRollup } from "../../views/alerts/alert-rollup.js";
import type { Alert, Subscription, ThreadPosition } from "../store/index.js";
import { alertMetadata } from "./alert-metadata.js";
import {
  type Failed,
  giveUpRest,
  logAlert,
  onRefusal,
  slackAnswered,
  waitForSlack,
} from "./alert-outcomes.js";
import { currentParent, joinThread, redrawParent, threadWindowStart } from "./alert-thread.js";
import { type RoundContext, studioUrlFor, subjectOf } from "./context.js";
import { failureCause, withDetailFacts } from "./failures.js";
import type { FoundMessage } from "./find-posted.js";
import { tellMutedFailures } from "./notices.js";

export interface ClaimedFailure {
  alert: Alert;
  execution: FailedExecution;
  /** Recovery only: the message an earlier attempt posted for it, found in Slack; recorded, not posted. */
  posted?: FoundMessage;
}

/**
 * Takes a claim over just before its post (recovery): the alert to tell, with the message that already
 * tells it if Slack has one, or null when it is not this replica's to tell now (another replica took it
 * first, it has used up its tries, or Slack could not be asked).
 */
export type TakeOver = (alert: Alert) => Promise<{ alert: Alert; posted?: FoundMessage } | null>;

export interface DeliveryOptions {
  /** The read stopped at its page limit: a roll-up says "at least". */
  atLeast?: boolean;
  /** Set for claims someone else made; without it the caller's own fresh claims are posted as they are. */
  takeOver?: TakeOver;
}

export async function deliverToSubscription(
  ctx: RoundContext,
  sub: Subscription,
  claimed: readonly ClaimedFailure[],
  options: DeliveryOptions = {},
): Promise<void> {
  await tellMutedFailures(ctx, sub);
  if (claimed.length === 0) return;
  if (!options.takeOver && (await behindWaitingAlerts(ctx, sub))) {
    // Slack is not taking posts and this channel has alerts waiting: these join the queue behind them,
    // untried, so the channel is told oldest first when Slack is back (slack-outage.ts).
    await waitForSlack(
      ctx,
      claimed.map((item) => item.alert.id),
      ctx.outage.current()?.lastCode ?? "slack_unavailable",
    );
    return;
  }
  if (claimed.length > ctx.settings.rollupThreshold) {
    // One message tells them all, so all are taken over before it.
    const mine = options.takeOver ? await takeOverEach(claimed, options.takeOver) : claimed;
    const found = mine.filter((item) => item.posted !== undefined);
    const unposted = mine.filter((item) => item.posted === undefined);
    if (found.length > 0) await tellEach(ctx, sub, found);
    if (unposted.length > 0) await rollUp(ctx, sub, unposted, options.atLeast ?? false);
    return;
  }
  await tellEach(ctx, sub, claimed, options.takeOver);
}

/**
 * While Slack is on hold, a channel with alerts waiting gets nothing new before them. A channel without
 * any is still tried: a failure in one channel (a blip, its own rate limit) must not hold the others.
 */
async function behindWaitingAlerts(ctx: RoundContext, sub: Subscription): Promise<boolean> {
  if (!ctx.outage.holding(ctx.now())) return false;
  const waiting = await ctx.store.listWaitingAlerts(ctx.owner, { subscriptionId: sub.id, limit: 1 });
  return waiting.length > 0;
}

async function tellEach(
  ctx: RoundContext,
  sub: Subscription,
  claimed: readonly ClaimedFailure[],
  takeOver?: TakeOver,
): Promise<void> {
  let lastReply: ThreadPosition | undefined;
  for (const [i, listed] of claimed.entries()) {
    const item = takeOver ? await takeOverOne(listed, takeOver) : listed;
    if (item === undefined) continue;
    const step = item.posted
      ? await recordFound(ctx, sub, item.alert, item.posted)
      : await tellOne(ctx, sub, item);
    if (step.reply) lastReply = step.reply;
    if (step.stop) {
      // Claims not taken over yet are someone else's: they wait for a later recovery, not in our queue.
      if (!takeOver || step.stop.failure === "channel")
        await giveUpRest(
          ctx,
          claimed.slice(i + 1).map((rest) => rest.alert.id),
          step.stop,
        );
      break;
    }
  }
  // One redraw per batch: the parent shows the count after the last reply.
  if (lastReply) await redrawParent(ctx, sub, lastReply);
}

async function takeOverOne(item: ClaimedFailure, takeOver: TakeOver): Promise<ClaimedFailure | undefined> {
  const taken = await takeOver(item.alert);
  return taken === null ? undefined : { ...item, ...taken };
}

async function takeOverEach(items: readonly ClaimedFailure[], takeOver: TakeOver): Promise<ClaimedFailure[]> {
  const mine: ClaimedFailure[] = [];
  for (const item of items) {
    const taken = await takeOverOne(item, takeOver);
    if (taken) mine.push(taken);
  }
  return mine;
}

interface Step {
  reply?: ThreadPosition;
  /** Set when posting to this channel should stop for this round. */
  stop?: Failed;
}

async function tellOne(ctx: RoundContext, sub: Subscription, item: ClaimedFailure): Promise<Step> {
  const started = performance.now();
  const { alert } = item;
  const detail = await ctx.details.get(sub, alert.executionId);
  const now = ctx.now();
  const windowStart = threadWindowStart(ctx, now);
  let parentTs = await currentParent(ctx, sub, windowStart);
  const input: FailureAlertInput = {
    subject: subjectOf(sub),
    execution: withDetailFacts(item.execution, detail),
    cause: detail && failureCause(detail),
    pageSize: ctx.settings.pageSize,
    studioUrl: studioUrlFor(ctx, sub, alert.executionId),
    threadMinutes: ctx.settings.threadMinutes,
    inThread: parentTs !== undefined,
  };
  const metadata = alertMetadata("alert", [alert.id]);
  let result = await ctx.poster.post(sub.channelId, renderFailureAlert(input), parentTs, metadata);
  if (!result.ok && result.failure === "other" && parentTs !== undefined) {
    // The parent may have been deleted; the failure is still worth a message of its own.
    ctx.logger.warn({ channel: sub.channelId, code: result.code }, "could not reply in the alert thread");
    result = await ctx.poster.post(
      sub.channelId,
      renderFailureAlert({ ...input, inThread: false }),
      undefined,
      metadata,
    );
    parentTs = undefined;
  }
  if (!result.ok) {
    const stop = await onRefusal(ctx, sub, [alert.id], result);
    logAlert(ctx, sub, alert.executionId, started, "failed", { failure: result });
    return stop ? { stop } : {};
  }
  await ctx.store.markSent(alert.id, { ts: result.ts, threadTs: parentTs ?? null, at: ctx.now() });
  slackAnswered(ctx);
  const reply = await joinThread(ctx, sub, { ts: result.ts, parentTs, at: now, windowStart, input });
  const outcome: AlertResult = result.plain ? "plain_text_fallback" : parentTs ? "threaded" : "posted";
  ctx.tally.alert(outcome);
  logAlert(ctx, sub, alert.executionId, started, outcome);
  return reply ? { reply } : {};
}

/**
 * An alert whose message an earlier attempt posted (found by recovery): recorded as told, and counted in
 * its thread as the post would have been, without a second message.
 */
async function recordFound(
  ctx: RoundContext,
  sub: Subscription,
  alert: Alert,
  found: FoundMessage,
): Promise<Step> {
  const started = performance.now();
  const message = { ts: found.ts, threadTs: found.threadTs, at: ctx.now() };
  if (found.kind === "rollup") {
    await ctx.store.markRolledUp([alert.id], message);
    ctx.tally.alert("rolled_up");
    logAlert(ctx, sub, alert.executionId, started, "rolled_up", { found: true });
    return {};
  }
  await ctx.store.markSent(alert.id, message);
  // Slack's ts is when the message was posted: the thread it starts began then, not now.
  const postedAt = new Date(Math.min(Number(found.ts) * 1000, message.at.getTime()));
  const windowStart = threadWindowStart(ctx, message.at);
  const parentTs = found.threadTs ?? undefined;
  const reply =
    parentTs === undefined && postedAt < windowStart
      ? undefined
      : await joinThread(ctx, sub, { ts: found.ts, parentTs, at: postedAt, windowStart });
  const outcome: AlertResult = parentTs ? "threaded" : "posted";
  ctx.tally.alert(outcome);
  logAlert(ctx, sub, alert.executionId, started, outcome, { found: true });
  return reply ? { reply } : {};
}

async function rollUp(
  ctx: RoundContext,
  sub: Subscription,
  claimed: readonly ClaimedFailure[],
  atLeast: boolean,
): Promise<void> {
  const started = performance.now();
  const message = renderAlertRollup({
    subject: subjectOf(sub),
    failures: claimed.map((item) => item.execution),
    atLeast,
    pageSize: ctx.settings.pageSize,
    listed: ctx.settings.rollupListed,
    studioUrl: (executionId) => studioUrlFor(ctx, sub, executionId),
  });
  const ids = claimed.map((item) => item.alert.id);
  const result = await ctx.poster.post(sub.channelId, message, undefined, alertMetadata("rollup", ids));
  const first = claimed[0]?.alert.executionId ?? "";
  if (!result.ok) {
    await onRefusal(ctx, sub, ids, result);
    logAlert(ctx, sub, first, started, "failed", { failure: result, count: ids.length });
    return;
  }
  await ctx.store.markRolledUp(ids, { ts: result.ts, at: ctx.now() });
  slackAnswered(ctx);
  ctx.tally.alert("rolled_up", ids.length);
  if (result.plain) ctx.tally.alert("plain_text_fallback");
  logAlert(ctx, sub, first, started, result.plain ? "plain_text_fallback" : "rolled_up", {
    count: ids.length,
  });
}
