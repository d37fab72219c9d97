/**
 * Alerts claimed long ago and never posted: their replica died between claim and post, or Slack was
 * unreachable. Each is taken over (one replica wins each) and told through the same path as new ones.
 *
 * A claim is taken over only right before its post, one at a time: taking over counts a try, and a try
 * must mean a post was about to go out. Taking a whole backlog over first would charge every alert in it
 * for a process that died after posting only a few, and after a handful of such crashes (a crash loop)
 * alerts never tried at all would be given up as failed.
 */
import type { Alert, Subscription } from "../store/index.js";
import type { RoundContext } from "./context.js";
import { deliverToSubscription } from "./delivery.js";

const RECOVER_PER_ROUND = 100;

export async function recoverAbandonedClaims(ctx: RoundContext): Promise<void> {
  const { store } = ctx;
  const staleBefore = new Date(ctx.now().getTime() - ctx.settings.staleClaimMs);
  const stale = await store.listUnfinishedClaims(staleBefore, RECOVER_PER_ROUND);
  const bySubscription = new Map<number, Alert[]>();
  for (const alert of stale) {
    const group = bySubscription.get(alert.subscriptionId) ?? [];
    group.push(alert);
    bySubscription.set(alert.subscriptionId, group);
  }
  const takeOver = (alert: Alert) => takeOverStale(ctx, alert, staleBefore);

  for (const [subscriptionId, alerts] of bySubscription) {
    const sub = await store.getSubscription(subscriptionId);
    if (sub === null || sub.brokenReason !== null) {
      const reason = sub === null ? "subscription_gone" : (sub.brokenReason ?? "broken");
      for (const alert of alerts) {
        const taken = await store.reclaimStale(alert.id, ctx.owner, staleBefore, ctx.now());
        if (taken === null) continue;
        ctx.tally.recovered += 1;
        await giveUp(ctx, taken, reason);
      }
      continue;
    }
    alerts.sort((a, b) => a.executionCreatedAt.getTime() - b.executionCreatedAt.getTime());
    logRecovery(ctx, sub, alerts.length);
    await deliverToSubscription(
      ctx,
      sub,
      alerts.map((alert) => ({
        alert,
        execution: { executionId: alert.executionId, createdAt: alert.executionCreatedAt },
      })),
      { takeOver },
    );
  }
}

/** One stale claim, taken over for this replica just before it is posted; null: not ours to post. */
async function takeOverStale(ctx: RoundContext, alert: Alert, staleBefore: Date): Promise<Alert | null> {
  const taken = await ctx.store.reclaimStale(alert.id, ctx.owner, staleBefore, ctx.now());
  if (taken === null) return null;
  ctx.tally.recovered += 1;
  if (taken.attempts > ctx.settings.maxAttempts) {
    await giveUp(ctx, taken, `gave up after ${taken.attempts - 1} tries`);
    return null;
  }
  return taken;
}

function logRecovery(ctx: RoundContext, sub: Subscription, alerts: number): void {
  ctx.logger.info(
    { namespace: sub.namespace, retriever: sub.retrieverId, channel: sub.channelId, alerts },
    "posting alerts an earlier attempt claimed but never posted",
  );
}

async function giveUp(ctx: RoundContext, alert: Alert, reason: string): Promise<void> {
  await ctx.store.markFailed(alert.id, reason, ctx.now());
  ctx.tally.alert("failed");
  ctx.logger.error(
    {
      event: "alert",
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
