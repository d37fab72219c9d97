/**
 * Telling one subscription's channel about the failures claimed for it: one message each (the first
 * starts a thread, later ones within the thread window reply under it and the parent's count is
 * redrawn), or one roll-up when there are more than the threshold, and the summary of a mute that ended.
 *
 * Every alert is claimed before it is posted and marked sent after, with the message's ts. If the process
 * dies after Slack accepted a message but before markSent, recovery posts it again: that narrow window is
 * the one duplicate this design allows, since checking Slack first would need `conversations.history`.
 */
import type { AlertResult } from "../../observability/labels.js";
import { type FailedExecution, type FailureAlertInput, renderFailureAlert } from "../../views/alert.js";
import { renderAlertRollup, renderMutedSummary } from "../../views/alert-rollup.js";
import type { SlackMessage } from "../../views/blocks.js";
import type { Alert, Subscription, ThreadPosition } from "../store/index.js";
import { type RoundContext, studioUrlFor, subjectOf } from "./context.js";
import { failureCause, withDetailFacts } from "./failures.js";
import type { SendResult } from "./slack-poster.js";

export interface ClaimedFailure {
  alert: Alert;
  execution: FailedExecution;
}

type Failed = Extract<SendResult, { ok: false }>;

const MINUTE_MS = 60_000;

/**
 * Takes a claim over just before its post (recovery): the alert to post, or null when another replica
 * took it first or it has used up its tries.
 */
export type TakeOver = (alert: Alert) => Promise<Alert | null>;

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
  if (claimed.length > ctx.settings.rollupThreshold) {
    // One message tells them all, so all are taken over before it.
    const mine = options.takeOver ? await takeOverEach(claimed, options.takeOver) : claimed;
    if (mine.length > 0) await rollUp(ctx, sub, mine, options.atLeast ?? false);
    return;
  }
  let lastReply: ThreadPosition | undefined;
  for (const [i, listed] of claimed.entries()) {
    const item = options.takeOver ? await takeOverOne(listed, options.takeOver) : listed;
    if (item === undefined) continue;
    const step = await tellOne(ctx, sub, item);
    if (step.reply) lastReply = step.reply;
    if (step.stop) {
      await giveUpRest(ctx, claimed.slice(i + 1), step.stop);
      break;
    }
  }
  // One redraw per batch: the parent shows the count after the last reply.
  if (lastReply) await redrawParent(ctx, sub, lastReply);
}

async function takeOverOne(item: ClaimedFailure, takeOver: TakeOver): Promise<ClaimedFailure | undefined> {
  const alert = await takeOver(item.alert);
  return alert === null ? undefined : { ...item, alert };
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
  const windowStart = new Date(now.getTime() - ctx.settings.threadMinutes * MINUTE_MS);
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
  let result = await ctx.poster.post(sub.channelId, renderFailureAlert(input), parentTs);
  if (!result.ok && result.failure === "other" && parentTs !== undefined) {
    // The parent may have been deleted; the failure is still worth a message of its own.
    ctx.logger.warn({ channel: sub.channelId, code: result.code }, "could not reply in the alert thread");
    result = await ctx.poster.post(sub.channelId, renderFailureAlert({ ...input, inThread: false }));
    parentTs = undefined;
  }
  if (!result.ok) {
    const stop = await onRefusal(ctx, sub, [alert.id], result);
    logAlert(ctx, sub, alert.executionId, started, "failed", result);
    return stop ? { stop } : {};
  }
  await ctx.store.markSent(alert.id, { ts: result.ts, threadTs: parentTs ?? null, at: ctx.now() });
  let reply: ThreadPosition | undefined;
  if (parentTs === undefined) {
    if (await ctx.store.startThread(sub.id, result.ts, now, windowStart)) {
      ctx.parents.remember(sub.id, result.ts, { ...input, inThread: false });
    }
  } else {
    // Counted only once the reply is in the thread: a post Slack refused, or one tried again on a later
    // round, must not add to the number the parent shows.
    const position = await ctx.store.incrementThread(sub.id, windowStart, now);
    if (position?.parentTs === parentTs) reply = position;
  }
  const outcome: AlertResult = result.plain ? "plain_text_fallback" : parentTs ? "threaded" : "posted";
  ctx.tally.alert(outcome);
  logAlert(ctx, sub, alert.executionId, started, outcome);
  return reply ? { reply } : {};
}

/** The parent of the subscription's thread, if one started within the thread window. */
async function currentParent(
  ctx: RoundContext,
  sub: Subscription,
  windowStart: Date,
): Promise<string | undefined> {
  const thread = await ctx.store.getThread(sub.id);
  return thread !== null && thread.startedAt >= windowStart ? thread.parentTs : undefined;
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
  const result = await ctx.poster.post(sub.channelId, message);
  const first = claimed[0]?.alert.executionId ?? "";
  if (!result.ok) {
    await onRefusal(ctx, sub, ids, result);
    logAlert(ctx, sub, first, started, "failed", result, ids.length);
    return;
  }
  await ctx.store.markRolledUp(ids, { ts: result.ts, at: ctx.now() });
  ctx.tally.alert("rolled_up", ids.length);
  if (result.plain) ctx.tally.alert("plain_text_fallback");
  logAlert(
    ctx,
    sub,
    first,
    started,
    result.plain ? "plain_text_fallback" : "rolled_up",
    undefined,
    ids.length,
  );
}

/** After a mute ran out by itself: one line with how many failures it held back. */
async function tellMutedFailures(ctx: RoundContext, sub: Subscription): Promise<void> {
  const now = ctx.now();
  if (sub.mutedCount === 0 || (sub.mutedUntil !== null && sub.mutedUntil > now)) return;
  const cleared = await ctx.store.clearMute(sub.id, now);
  if (!cleared || cleared.mutedCount === 0) return;
  const message = renderMutedSummary({
    subject: subjectOf(sub),
    count: cleared.mutedCount,
    since: cleared.alerts[0]?.executionCreatedAt,
    pageSize: ctx.settings.pageSize,
  });
  await postNotice(ctx, sub, message, "muted_summary");
}

/** A message about the subscription itself (mute summary, watch trouble): no alert row to finish. */
export async function postNotice(
  ctx: RoundContext,
  sub: Subscription,
  message: SlackMessage,
  kind: string,
): Promise<boolean> {
  const result = await ctx.poster.post(sub.channelId, message);
  const where = {
    namespace: sub.namespace,
    retriever: sub.retrieverId,
    channel: sub.channelId,
    notice: kind,
  };
  if (result.ok) {
    ctx.logger.info({ ...where, plain: result.plain }, "notice posted");
    return true;
  }
  await onRefusal(ctx, sub, [], result);
  ctx.logger.warn({ ...where, failure: result.failure, code: result.code }, "notice not posted");
  return false;
}

/**
 * What a failed post means for the alerts it carried. Returns the failure when the channel should get
 * nothing more this round: it is gone (the subscription is marked broken), or Slack is busy (the alerts
 * stay claimed, and recovery posts them once the claim is stale).
 */
async function onRefusal(
  ctx: RoundContext,
  sub: Subscription,
  alertIds: readonly number[],
  result: Failed,
): Promise<Failed | undefined> {
  const at = ctx.now();
  // A Slack hiccup leaves the alerts claimed for a later try; only a real refusal finishes them.
  if (result.failure === "transient") return result;
  ctx.tally.alert("failed", alertIds.length);
  if (result.failure === "channel") {
    await ctx.store.markBroken(sub.id, result.code, at);
    ctx.tally.problem(`Slack refused channel ${sub.channelId}: ${result.code}`);
  }
  for (const id of alertIds) await ctx.store.markFailed(id, result.code, at);
  return result.failure === "channel" ? result : undefined;
}

async function giveUpRest(ctx: RoundContext, rest: readonly ClaimedFailure[], reason: Failed): Promise<void> {
  if (reason.failure !== "channel") return;
  const at = ctx.now();
  for (const item of rest) {
    await ctx.store.markFailed(item.alert.id, reason.code, at);
    ctx.tally.alert("failed");
  }
}

async function redrawParent(ctx: RoundContext, sub: Subscription, reply: ThreadPosition): Promise<void> {
  const input = ctx.parents.recall(sub.id, reply.parentTs) ?? (await rebuildParent(ctx, sub, reply.parentTs));
  const where = { namespace: sub.namespace, retriever: sub.retrieverId, channel: sub.channelId };
  if (input === undefined) {
    ctx.logger.info(where, "thread parent not found; its count stays as it was");
    return;
  }
  const message = renderFailureAlert({ ...input, threadCount: reply.count, inThread: false });
  const result = await ctx.poster.update(sub.channelId, reply.parentTs, message);
  if (!result.ok)
    ctx.logger.warn({ ...where, code: result.code }, "could not redraw the thread parent's count");
}

/** After a restart (or when another replica posted the parent) the parent is drawn again from its alert. */
async function rebuildParent(
  ctx: RoundContext,
  sub: Subscription,
  parentTs: string,
): Promise<FailureAlertInput | undefined> {
  const alert = await ctx.store.findAlertByMessage(sub.id, parentTs);
  if (!alert) return undefined;
  const detail = await ctx.details.get(sub, alert.executionId);
  const input: FailureAlertInput = {
    subject: subjectOf(sub),
    execution: withDetailFacts(
      { executionId: alert.executionId, createdAt: alert.executionCreatedAt },
      detail,
    ),
    cause: detail && failureCause(detail),
    pageSize: ctx.settings.pageSize,
    studioUrl: studioUrlFor(ctx, sub, alert.executionId),
    threadMinutes: ctx.settings.threadMinutes,
  };
  ctx.parents.remember(sub.id, parentTs, input);
  return input;
}

function logAlert(
  ctx: RoundContext,
  sub: Subscription,
  executionId: string,
  started: number,
  outcome: AlertResult,
  failure?: Failed,
  count = 1,
): void {
  const line = {
    event: "alert",
    namespace: sub.namespace,
    retriever: sub.retrieverId,
    execution: executionId,
    channel: sub.channelId,
    outcome: failure?.failure === "transient" ? "retry_later" : outcome,
    ...(count > 1 ? { count } : {}),
    ...(failure ? { code: failure.code } : {}),
    durationMs: Math.round(performance.now() - started),
  };
  if (failure === undefined) ctx.logger.info(line, "alert posted");
  else if (failure.failure === "transient") ctx.logger.warn(line, "alert not posted yet; will try again");
  else ctx.logger.error(line, "alert not posted");
}
