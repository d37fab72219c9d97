/**
 * The two ends every incident message shares: posting it (under the incident's parent when there is one,
 * on its own when the parent is gone) and recording it as told.
 */
import type { SlackMessage } from "../../views/shared/blocks.js";
import type { Alert, Subscription } from "../store/index.js";
import { alertMetadata } from "../watcher/alert-metadata.js";
import { logAlert, onRefusal } from "../watcher/alert-outcomes.js";
import type { RoundContext } from "../watcher/context.js";
import type { FoundMessage } from "../watcher/find-posted.js";

export interface ToldMessage {
  ts: string;
  /** The thread it went into; null for a top-level message. */
  threadTs: string | null;
}

/**
 * Posts `message` for `alert` under `parentTs` (top-level when null). A parent Slack will not thread
 * under (deleted, most likely) gets the message on its own: it is still worth telling. Undefined when
 * Slack refused it; the refusal is then handled and logged.
 */
export async function postIncidentMessage(
  ctx: RoundContext,
  sub: Subscription,
  alert: Alert,
  message: SlackMessage,
  parentTs: string | null,
  started: number,
): Promise<ToldMessage | undefined> {
  const metadata = alertMetadata("alert", [alert.id]);
  let result = await ctx.poster.post(sub.channelId, message, parentTs ?? undefined, metadata);
  let threadTs = parentTs;
  if (!result.ok && result.failure === "other" && parentTs !== null) {
    result = await ctx.poster.post(sub.channelId, message, undefined, metadata);
    threadTs = null;
  }
  if (!result.ok) {
    await onRefusal(ctx, sub, [alert.id], result);
    logAlert(ctx, sub, alert.executionId, started, "failed", { failure: result });
    return undefined;
  }
  return { ts: result.ts, threadTs };
}

/** The alert marked sent where it was told, counted and logged; `found` when an earlier attempt posted it. */
export async function recordTold(
  ctx: RoundContext,
  sub: Subscription,
  alert: Alert,
  told: ToldMessage,
  started: number,
  found: FoundMessage | undefined,
): Promise<void> {
  await ctx.store.markSent(alert.id, { ...told, at: ctx.now() });
  const outcome = told.threadTs ? "threaded" : "posted";
  ctx.tally.alert(outcome);
  logAlert(ctx, sub, alert.executionId, started, outcome, { found: found !== undefined });
}
