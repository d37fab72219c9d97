/**
 * The alerts this process holds that wait for Slack (a post failed because Slack was down, busy or timing
 * out). Each round, once the outage's backoff allows a try, they go out per channel, oldest first, through
 * the same delivery as new ones: one message each, or one roll-up when there are more than the threshold.
 * The first post Slack takes ends the outage, so the rest follow in the same round. An alert Slack has not
 * taken for `slackRetryForMs` (a day by default) is given up, loudly.
 */
import { retryIncidentAlert } from "../incidents/stale-claims.js";
import type { Alert } from "../store/index.js";
import { giveUp } from "./alert-outcomes.js";
import type { ReplicaContext, RoundContext } from "./context.js";
import { deliverToSubscription } from "./delivery.js";

const WAITING_PER_ROUND = 1000;

export async function retryWaitingAlerts(
  ctx: ReplicaContext,
  contextFor: (workspaceId: string) => Promise<RoundContext | null>,
): Promise<void> {
  const { store } = ctx;
  const waiting = await store.listWaitingAlerts(ctx.owner, { limit: WAITING_PER_ROUND });
  if (waiting.length === 0) return;
  const now = ctx.now();
  const stillWaiting: Alert[] = [];
  for (const alert of waiting) {
    const since = alert.waitingSince ?? now;
    if (now.getTime() - since.getTime() <= ctx.settings.slackRetryForMs) stillWaiting.push(alert);
    else await giveUp(ctx, alert, `Slack did not take it since ${since.toISOString()} (${alert.lastError})`);
  }
  if (ctx.outage.holding(now)) return;

  // Incident alerts (recoveries, rule firings) are told by their own code, one at a time.
  for (const alert of stillWaiting.filter((waiting) => waiting.kind !== "failure")) {
    if (ctx.outage.holding(ctx.now())) return;
    const sub = await store.getSubscription(alert.subscriptionId);
    const subCtx = sub && (await contextFor(sub.workspaceId));
    if (!subCtx) continue;
    if ((await retryIncidentAlert(subCtx, alert)) === "try_later") {
      ctx.outage.failed(ctx.now(), alert.lastError ?? "slack_unavailable");
      return;
    }
  }

  // Listed oldest first, so channels come in the order of their oldest waiting alert.
  const bySubscription = new Map<number, Alert[]>();
  for (const alert of stillWaiting.filter((waiting) => waiting.kind === "failure")) {
    const group = bySubscription.get(alert.subscriptionId) ?? [];
    group.push(alert);
    bySubscription.set(alert.subscriptionId, group);
  }
  for (const [subscriptionId, alerts] of bySubscription) {
    // A failed try this round put Slack back on hold: the rest wait for the next try.
    if (ctx.outage.holding(ctx.now())) return;
    const sub = await store.getSubscription(subscriptionId);
    if (sub === null || sub.brokenReason !== null) {
      const reason = sub === null ? "subscription_gone" : (sub.brokenReason ?? "broken");
      for (const alert of alerts) await giveUp(ctx, alert, reason);
      continue;
    }
    // Posted with the subscription's own workspace's token; one that cannot be reached now waits.
    const subCtx = await contextFor(sub.workspaceId);
    if (subCtx === null) continue;
    ctx.logger.info(
      { namespace: sub.namespace, retriever: sub.retrieverId, channel: sub.channelId, alerts: alerts.length },
      "posting alerts that waited for Slack",
    );
    await deliverToSubscription(
      subCtx,
      sub,
      alerts.map((alert) => ({
        alert,
        execution: { executionId: alert.executionId, createdAt: alert.executionCreatedAt },
      })),
    );
  }
}
