/**
 * Messages about a subscription rather than one failure: the summary of a mute that ended, and the
 * watcher's notices (a retriever failing to be checked, paused, working again). No alert row to finish.
 */
import { renderMutedSummary } from "../../views/alerts/alert-rollup.js";
import type { SlackMessage } from "../../views/shared/blocks.js";
import { redrawMuteState } from "../alert-mute-redraw.js";
import type { Subscription } from "../store/index.js";
import { onRefusal } from "./alert-outcomes.js";
import { type RoundContext, subjectOf } from "./context.js";

/**
 * After a mute ran out by itself: one line with how many failures it held back, and the channel's latest
 * alerts redrawn without "Muted until" and with Mute 1h again, exactly as Unmute redraws them. Both once:
 * the summary by the failures clearMute hands out once, the redraw by the one call that ended the mute.
 * A failure claimed as muted just after the mute was cleared is still summed up by a later round.
 */
export async function tellMutedFailures(ctx: RoundContext, sub: Subscription): Promise<void> {
  const now = ctx.now();
  const ranOut = sub.mutedUntil !== null && sub.mutedUntil <= now;
  if (!ranOut && (sub.mutedCount === 0 || sub.mutedUntil !== null)) return;
  const cleared = await ctx.store.clearMute(sub.id, now);
  if (!cleared) return;
  if (cleared.mutedCount > 0) {
    const message = renderMutedSummary({
      subject: subjectOf(sub),
      count: cleared.mutedCount,
      since: cleared.alerts[0]?.executionCreatedAt,
      pageSize: ctx.settings.pageSize,
    });
    await postNotice(ctx, sub, message, "muted_summary");
  }
  if (cleared.ended) await redrawMuteState(ctx.muteRedraw, sub, null);
}

/** What a notice is about; the name goes into the log line and nowhere else. */
export type NoticeKind =
  | "muted_summary"
  | "watch_failing"
  | "watch_recovered"
  | "watch_paused"
  | "namespace_not_allowed";

/** A message about the subscription itself (mute summary, watch trouble): no alert row to finish. */
export async function postNotice(
  ctx: RoundContext,
  sub: Subscription,
  message: SlackMessage,
  kind: NoticeKind,
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
