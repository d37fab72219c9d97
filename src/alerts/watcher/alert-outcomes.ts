/**
 * What became of an alert post: what Slack's refusals mean for the alerts and the subscription, and the
 * one log line each alert gets.
 */
import type { AlertResult } from "../../observability/labels.js";
import type { Subscription } from "../store/index.js";
import type { RoundContext } from "./context.js";
import type { SendResult } from "./slack-poster.js";

export type Failed = Extract<SendResult, { ok: false }>;

/**
 * What a failed post means for the alerts it carried. Returns the failure when the channel should get
 * nothing more this round: it is gone (the subscription is marked broken), or Slack is busy (the alerts
 * stay claimed, and recovery posts them once the claim is stale).
 */
export async function onRefusal(
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

/** The alerts after one whose post found the channel gone: failed with it, never tried. */
export async function giveUpRest(
  ctx: RoundContext,
  alertIds: readonly number[],
  reason: Failed,
): Promise<void> {
  if (reason.failure !== "channel") return;
  const at = ctx.now();
  for (const id of alertIds) {
    await ctx.store.markFailed(id, reason.code, at);
    ctx.tally.alert("failed");
  }
}

export interface AlertLogExtras {
  failure?: Failed;
  count?: number;
  /** The message was found in Slack (an earlier attempt's), not posted now. */
  found?: boolean;
}

export function logAlert(
  ctx: RoundContext,
  sub: Subscription,
  executionId: string,
  started: number,
  outcome: AlertResult,
  { failure, count = 1, found = false }: AlertLogExtras = {},
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
    ...(found ? { foundInSlack: true } : {}),
    durationMs: Math.round(performance.now() - started),
  };
  if (found) ctx.logger.info(line, "alert found in Slack, posted by an earlier attempt; not posted again");
  else if (failure === undefined) ctx.logger.info(line, "alert posted");
  else if (failure.failure === "transient") ctx.logger.warn(line, "alert not posted yet; will try again");
  else ctx.logger.error(line, "alert not posted");
}
