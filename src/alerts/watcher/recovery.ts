/**
 * Alerts claimed long ago and never posted: their replica died between claim and post, or Slack was
 * unreachable. Each is taken over (one replica wins each) and told through the same path as new ones.
 */
import type { Alert, Subscription } from "../store/index.js";
import type { RoundContext } from "./context.js";
import { type ClaimedFailure, deliverToSubscription } from "./delivery.js";

const RECOVER_PER_ROUND = 100;

export async function recoverAbandonedClaims(ctx: RoundContext): Promise<void> {
  const { store, settings } = ctx;
  const now = ctx.now();
  const staleBefore = new Date(now.getTime() - settings.staleClaimMs);
  const stale = await store.listUnfinishedClaims(staleBefore, RECOVER_PER_ROUND);
  const bySubscription = new Map<number, { sub: Subscription; claimed: ClaimedFailure[] }>();
  for (const old of stale) {
    const alert = await store.reclaimStale(old.id, ctx.owner, staleBefore, now);
    if (alert === null) continue;
    ctx.tally.recovered += 1;
    const group = bySubscription.get(alert.subscriptionId) ?? (await groupFor(ctx, alert));
    if (group === undefined) continue;
    if (alert.attempts > settings.maxAttempts) {
      await giveUp(ctx, alert, `gave up after ${alert.attempts - 1} tries`);
      continue;
    }
    group.claimed.push({
      alert,
      execution: { executionId: alert.executionId, createdAt: alert.executionCreatedAt },
    });
    bySubscription.set(alert.subscriptionId, group);
  }
  for (const { sub, claimed } of bySubscription.values()) {
    claimed.sort((a, b) => a.alert.executionCreatedAt.getTime() - b.alert.executionCreatedAt.getTime());
    ctx.logger.info(
      {
        namespace: sub.namespace,
        retriever: sub.retrieverId,
        channel: sub.channelId,
        alerts: claimed.length,
      },
      "posting alerts an earlier attempt claimed but never posted",
    );
    await deliverToSubscription(ctx, sub, claimed);
  }
}

async function groupFor(
  ctx: RoundContext,
  alert: Alert,
): Promise<{ sub: Subscription; claimed: ClaimedFailure[] } | undefined> {
  const sub = await ctx.store.getSubscription(alert.subscriptionId);
  if (sub === null || sub.brokenReason !== null) {
    await giveUp(ctx, alert, sub === null ? "subscription_gone" : (sub.brokenReason ?? "broken"));
    return undefined;
  }
  return { sub, claimed: [] };
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
