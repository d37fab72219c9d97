/**
 * Alert threads, as the watcher keeps them: failures within the thread window of a subscription's first
 * alert reply under it, and that parent message is redrawn with the thread's count. The count lives in the
 * store (several replicas add to it); what a parent was drawn from is cached in ThreadParents, and rebuilt
 * from its alert after a restart.
 */
import { type FailureAlertInput, renderFailureAlert } from "../../views/alerts/alert.js";
import type { Subscription, ThreadPosition } from "../store/index.js";
import { type RoundContext, studioUrlFor, subjectOf } from "./context.js";
import { failureCause, withDetailFacts } from "./failures.js";

const MINUTE_MS = 60_000;

/** Where the thread window of a failure told at `at` starts. */
export function threadWindowStart(ctx: RoundContext, at: Date): Date {
  return new Date(at.getTime() - ctx.settings.threadMinutes * MINUTE_MS);
}

/** The parent of the subscription's thread, if one started within the thread window. */
export async function currentParent(
  ctx: RoundContext,
  sub: Subscription,
  windowStart: Date,
): Promise<string | undefined> {
  const thread = await ctx.store.getThread(sub.id);
  return thread !== null && thread.startedAt >= windowStart ? thread.parentTs : undefined;
}

export interface ToldMessage {
  ts: string;
  /** The thread it replied in; undefined for a top-level message. */
  parentTs: string | undefined;
  /** When it was told, and the thread window that instant falls in. */
  at: Date;
  windowStart: Date;
  /** What a top-level message was drawn from, kept for redrawing it as a thread parent. */
  input?: FailureAlertInput;
}

/**
 * A message that now tells a failure joins the thread bookkeeping: a top-level one starts the
 * subscription's thread unless a current one exists; a reply adds one to its thread's count, and the new
 * position comes back for redrawing the parent. Counted only once the reply is in the thread: a post Slack
 * refused, or one tried again on a later round, must not add to the number the parent shows.
 */
export async function joinThread(
  ctx: RoundContext,
  sub: Subscription,
  told: ToldMessage,
): Promise<ThreadPosition | undefined> {
  if (told.parentTs === undefined) {
    const started = await ctx.store.startThread(sub.id, told.ts, told.at, told.windowStart);
    if (started && told.input) ctx.parents.remember(sub.id, told.ts, { ...told.input, inThread: false });
    return undefined;
  }
  const position = await ctx.store.incrementThread(sub.id, told.windowStart, told.at);
  return position?.parentTs === told.parentTs ? position : undefined;
}

export async function redrawParent(
  ctx: RoundContext,
  sub: Subscription,
  reply: ThreadPosition,
): Promise<void> {
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
export async function rebuildParent(
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
