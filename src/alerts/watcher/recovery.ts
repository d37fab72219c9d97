/**
 * Alerts claimed long ago and never recorded as told: their replica died between claim and post (or
 * between post and markSent), or Slack was unreachable. Each is taken over (one replica wins each), looked
 * for in the channel, and told through the same path as new ones unless its message is already there.
 *
 * A claim is taken over only right before its post, one at a time: taking over counts a try, and a try
 * must mean a post was about to go out. Taking a whole backlog over first would charge every alert in it
 * for a process that died after posting only a few, and after a handful of such crashes (a crash loop)
 * alerts never tried at all would be given up as failed.
 *
 * Why one look per subscription and round is enough: a claim is taken over only if it was made before
 * `staleBefore` (fixed when the round starts), so whoever held it before began its post before then. A
 * read of the channel made after the round started sees that post unless it was still on its way after
 * a whole `staleClaimMs` — longer than any post takes.
 */
import type { Alert, Subscription } from "../store/index.js";
import { giveUp } from "./alert-outcomes.js";
import type { ReplicaContext, RoundContext } from "./context.js";
import type { TakeOver } from "./delivery.js";
import { deliverToSubscription } from "./delivery.js";
import type { Sighting } from "./find-posted.js";

const RECOVER_PER_ROUND = 100;

/**
 * How far before an alert's claim (or its failure, whichever is earlier) its message may lie in Slack: a
 * margin for the bot's clock, Mixpeek's and Slack's not agreeing to the millisecond.
 */
const CLOCK_MARGIN_MS = 30_000;

export async function recoverAbandonedClaims(
  ctx: ReplicaContext,
  contextFor: (workspaceId: string) => Promise<RoundContext | null>,
): Promise<void> {
  const { store } = ctx;
  // Slack is not taking posts: the claims stay where they are until the next try (slack-outage.ts).
  if (ctx.outage.holding(ctx.now())) return;
  const staleBefore = new Date(ctx.now().getTime() - ctx.settings.staleClaimMs);
  // Incident alerts (recoveries, threshold rules) are taken over by ../incidents/stale-claims.ts.
  const stale = await store.listUnfinishedClaims(staleBefore, RECOVER_PER_ROUND, ["failure"]);
  const bySubscription = new Map<number, Alert[]>();
  for (const alert of stale) {
    const group = bySubscription.get(alert.subscriptionId) ?? [];
    group.push(alert);
    bySubscription.set(alert.subscriptionId, group);
  }

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
    // Posted with the subscription's own workspace's token; one that cannot be reached now waits.
    const subCtx = await contextFor(sub.workspaceId);
    if (subCtx === null) continue;
    alerts.sort((a, b) => a.executionCreatedAt.getTime() - b.executionCreatedAt.getTime());
    logRecovery(subCtx, sub, alerts.length);
    const look = new ChannelLook(subCtx, sub, alerts);
    const takeOver: TakeOver = (alert) => takeOverStale(subCtx, alert, staleBefore, look);
    await deliverToSubscription(
      subCtx,
      sub,
      alerts.map((alert) => ({
        alert,
        execution: { executionId: alert.executionId, createdAt: alert.executionCreatedAt },
      })),
      { takeOver },
    );
    // Slack would not be read (often its rate limit, 1 call a minute for apps outside the Marketplace):
    // the other channels wait for a later round instead of queueing behind it.
    if (look.settled?.outcome === "try_later") break;
  }
}

/**
 * The channel read back once for a subscription's stale claims, when the first of them is taken over
 * (none taken over, nothing read). Its answer serves the rest of them this round.
 */
class ChannelLook {
  private pending: Promise<Sighting> | undefined;
  /** The answer, once there is one. */
  settled: Sighting | undefined;

  constructor(
    private readonly ctx: RoundContext,
    private readonly sub: Subscription,
    private readonly alerts: readonly Alert[],
  ) {}

  get(): Promise<Sighting> {
    this.pending ??= this.read().then((sighting) => {
      this.settled = sighting;
      return sighting;
    });
    return this.pending;
  }

  private async read(): Promise<Sighting> {
    const earliest = Math.min(
      ...this.alerts.map((a) => Math.min(a.claimedAt.getTime(), a.executionCreatedAt.getTime())),
    );
    // Replies go to the subscription's thread; a thread started since then shows up at the top level.
    const thread = await this.ctx.store.getThread(this.sub.id);
    return this.ctx.finder.find({
      channel: this.sub.channelId,
      alertIds: new Set(this.alerts.map((alert) => alert.id)),
      since: new Date(earliest - CLOCK_MARGIN_MS),
      threadTs: thread?.parentTs,
    });
  }
}

/**
 * One stale claim, taken over for this replica just before it is told: with the message that already
 * tells it when Slack shows one, or null when it is not ours to tell now.
 */
async function takeOverStale(
  ctx: RoundContext,
  alert: Alert,
  staleBefore: Date,
  look: ChannelLook,
): ReturnType<TakeOver> {
  // Slack could not be read this round: the rest wait in their claims, uncharged, for the next one.
  if (look.settled?.outcome === "try_later") return null;
  const taken = await ctx.store.reclaimStale(alert.id, ctx.owner, staleBefore, ctx.now());
  if (taken === null) return null;
  ctx.tally.recovered += 1;
  const sighting = await look.get();
  const posted = sighting.outcome === "looked" ? sighting.found.get(taken.id) : undefined;
  // Already in the channel: recorded as told whatever its tries, since nothing more will be posted.
  if (posted) return { alert: taken, posted };
  if (taken.attempts > ctx.settings.maxAttempts) {
    await giveUp(ctx, taken, `gave up after ${taken.attempts - 1} tries`);
    return null;
  }
  if (sighting.outcome === "try_later" && taken.attempts < ctx.settings.maxAttempts) {
    // As for a post Slack could not take: the claim is let go, abandoned again, and tried (looked for
    // again) when Slack answers. Its last try posts without looking, since an alert told twice is better
    // than one never told.
    ctx.logger.warn(
      { channel: alert.channelId, execution: alert.executionId, code: sighting.code },
      "could not read the channel back before posting an alert again; will try later",
    );
    await ctx.store.releaseClaim(taken.id, ctx.owner);
    if (!ctx.outage.holding(ctx.now())) ctx.outage.failed(ctx.now(), sighting.code);
    return null;
  }
  return { alert: taken };
}

function logRecovery(ctx: RoundContext, sub: Subscription, alerts: number): void {
  ctx.logger.info(
    { namespace: sub.namespace, retriever: sub.retrieverId, channel: sub.channelId, alerts },
    "taking over alerts an earlier attempt claimed but never recorded as told",
  );
}
