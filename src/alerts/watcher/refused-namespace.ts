/**
 * A watch whose namespace MIXPEEK_NAMESPACES no longer lists (the subscription was made before the list
 * changed): no Mixpeek call at all, each channel told once, and the watermark kept at now, so failures of
 * the time it was refused are never posted if the namespace comes back.
 */
import { renderNamespaceNotAllowed } from "../../views/alerts/alert-notices.js";
import type { Subscription, Watch } from "../store/index.js";
import { type RoundContext, subjectOf } from "./context.js";
import { postNotice } from "./notices.js";

/** Returns false when the lease was lost meanwhile. */
export async function skipRefusedNamespace(
  ctx: RoundContext,
  watch: Watch,
  subscribers: readonly Subscription[],
  startedAt: Date,
): Promise<boolean> {
  const untold = subscribers.filter((sub) => sub.namespaceRefusedAt === null);
  const told: number[] = [];
  for (const sub of untold) {
    if (await postNotice(ctx, sub, renderNamespaceNotAllowed(subjectOf(sub)), "namespace_not_allowed")) {
      told.push(sub.id);
    }
  }
  await ctx.store.setNamespaceRefused(told, ctx.now());
  if (told.length > 0) {
    ctx.logger.warn(
      { namespace: watch.namespace, retriever: watch.retrieverId, channels: told.length },
      "namespace not in MIXPEEK_NAMESPACES: its subscriptions are skipped without calling Mixpeek",
    );
  }
  const done = await ctx.store.completeRound(ctx.owner, watch, {
    outcome: "ok",
    finishedAt: ctx.now(),
    nextAttemptAt: new Date(startedAt.getTime() + ctx.settings.intervalMs),
    watermark: startedAt,
  });
  return done !== null;
}

/** The namespace is allowed (again): forget the notice, so a later refusal is told once more. */
export async function forgetRefusal(ctx: RoundContext, subscribers: readonly Subscription[]): Promise<void> {
  const ids = subscribers.filter((sub) => sub.namespaceRefusedAt !== null).map((sub) => sub.id);
  await ctx.store.setNamespaceRefused(ids, null);
}
