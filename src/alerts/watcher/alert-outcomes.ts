/**
 * What became of an alert post: what Slack's refusals mean for the alerts and the subscription, and the
 * one log line each alert gets.
 */
import type { AlertResult } from "../../observability/labels.js";
import type { Alert, Subscription } from "../store/index.js";
import type { RoundContext } from "./context.js";
import type { SendResult } from "./slack-poster.js";

export type Failed = Extract<SendResult, { ok: false }>;

/**
 * What a failed post means for the alerts it carried. Returns the failure when the channel should get
 * nothing more this round: it is gone (the subscription is marked broken), or Slack is down or busy (the
 * alerts wait, still claimed by this process, which tries them again with backoff: slack-outage.ts).
 */
export async function onRefusal(
  ctx: RoundContext,
  sub: Subscription,
  alertIds: readonly number[],
  result: Failed,
): Promise<Failed | undefined> {
  const at = ctx.now();
  // A passing failure leaves the alerts claimed, waiting; only a real refusal finishes them.
  if (result.failure === "transient") {
    await waitForSlack(ctx, alertIds, result.code);
    return result;
  }
  ctx.tally.alert("failed", alertIds.length);
  if (result.failure === "channel") {
    await ctx.store.markBroken(sub.id, result.code, at);
    ctx.tally.problem(`Slack refused channel ${sub.channelId}: ${result.code}`);
  }
  for (const id of alertIds) await ctx.store.markFailed(id, result.code, at);
  return result.failure === "channel" ? result : undefined;
}

/** Alerts that wait for Slack, held by this process; Slack is not tried again before the outage says. */
export async function waitForSlack(
  ctx: RoundContext,
  alertIds: readonly number[],
  code: string,
): Promise<void> {
  const at = ctx.now();
  if (!ctx.outage.holding(at)) {
    const first = ctx.outage.current() === null;
    ctx.outage.failed(at, code);
    if (first) ctx.logger.warn({ code }, "Slack is not taking alert posts; they wait and are tried again");
  }
  await ctx.store.markWaiting(alertIds, code, at);
}

/** Slack took a post: an outage is over, and whatever waits for it goes out (waiting.ts). */
export function slackAnswered(ctx: RoundContext): void {
  const ended = ctx.outage.succeeded();
  if (ended === null) return;
  ctx.logger.info(
    {
      since: ended.since.toISOString(),
      lastCode: ended.lastCode,
      tries: ended.failures,
      downForMs: ctx.now().getTime() - ended.since.getTime(),
    },
    "Slack is taking alert posts again",
  );
}

/**
 * The alerts after one whose post failed: failed with it when the channel is gone, waiting with it when
 * Slack is down or busy.
 */
export async function giveUpRest(
  ctx: RoundContext,
  alertIds: readonly number[],
  reason: Failed,
): Promise<void> {
  if (reason.failure === "transient") {
    await waitForSlack(ctx, alertIds, reason.code);
    return;
  }
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

/** An alert that will not be posted any more: marked failed, counted, and logged once. */
export async function giveUp(
  ctx: Pick<RoundContext, "store" | "now" | "tally" | "logger">,
  alert: Alert,
  reason: string,
): Promise<void> {
  await ctx.store.markFailed(alert.id, reason, ctx.now());
  ctx.tally.alert("failed");
  ctx.logger.error(
    {
      event: "alert",
      kind: alert.kind,
      namespace: alert.namespace,
      retriever: alert.retrieverId,
      execution: alert.executionId,
      channel: alert.channelId,
      outcome: "failed",
      reason,
    },
    "alert not posted",
  );
}
