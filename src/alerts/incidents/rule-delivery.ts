/**
 * Telling a rule's incident: the alert when it fires (a top-level message, the incident's parent), and
 * when it recovers one reply under it and the parent redrawn with the resolution first. Each message
 * names its alert in Slack metadata, so one a crash caught on its way is found, not told twice.
 */
import {
  type RuleReading,
  renderRuleAlert,
  renderRuleRecoveryReply,
} from "../../views/alerts/incident-alerts.js";
import type { Alert, AlertRule, Subscription } from "../store/index.js";
import { alertMetadata } from "../watcher/alert-metadata.js";
import { logAlert, onRefusal } from "../watcher/alert-outcomes.js";
import { type RoundContext, subjectOf } from "../watcher/context.js";
import type { FoundMessage } from "../watcher/find-posted.js";
import { detailsToTell, RuleFiredDetailsSchema, RuleRecoveredDetailsSchema } from "./details.js";
import type { Reading } from "./judge.js";

export function readingOf(reading: Extract<Reading, { ok: true }> & { value: number }): RuleReading {
  return {
    value: reading.value,
    runs: reading.runs,
    ...(reading.failed === undefined ? {} : { failed: reading.failed }),
    ...(reading.partial ? { partial: true } : {}),
  };
}

export async function tellRuleFired(
  ctx: RoundContext,
  sub: Subscription,
  rule: AlertRule,
  alert: Alert,
  found?: FoundMessage,
): Promise<void> {
  const started = performance.now();
  const details = await detailsToTell(ctx, alert, RuleFiredDetailsSchema);
  if (details === undefined) return;
  let ts = found?.ts;
  if (ts === undefined) {
    const message = renderRuleAlert({
      subject: subjectOf(sub),
      rule,
      fired: details.reading,
      firedAt: new Date(details.at),
      pageSize: ctx.settings.pageSize,
    });
    const result = await ctx.poster.post(
      sub.channelId,
      message,
      undefined,
      alertMetadata("alert", [alert.id]),
    );
    if (!result.ok) {
      await onRefusal(ctx, sub, [alert.id], result);
      logAlert(ctx, sub, alert.executionId, started, "failed", { failure: result });
      return;
    }
    ts = result.ts;
  }
  await ctx.store.markSent(alert.id, { ts, threadTs: null, at: ctx.now() });
  ctx.tally.alert("posted");
  logAlert(ctx, sub, alert.executionId, started, "posted", { found: found !== undefined });
}

export async function tellRuleRecovered(
  ctx: RoundContext,
  sub: Subscription,
  rule: AlertRule,
  alert: Alert,
  found?: FoundMessage,
): Promise<void> {
  const started = performance.now();
  const details = await detailsToTell(ctx, alert, RuleRecoveredDetailsSchema);
  if (details === undefined) return;
  if (!sub.recovery) {
    // With recovery turned off the rule is back to OK (it can fire again), and the channel hears nothing of it.
    await ctx.store.markFailed(alert.id, "recovery_off", ctx.now());
    return;
  }
  const at = new Date(details.at);
  const subject = subjectOf(sub);
  let message = found && { ts: found.ts, threadTs: found.threadTs };
  if (message === undefined) {
    const reply = renderRuleRecoveryReply(subject, rule, at, details.reading);
    const metadata = alertMetadata("alert", [alert.id]);
    const parent = details.parentTs ?? undefined;
    let result = await ctx.poster.post(sub.channelId, reply, parent, metadata);
    let threadTs = details.parentTs;
    if (!result.ok && result.failure === "other" && parent !== undefined) {
      result = await ctx.poster.post(sub.channelId, reply, undefined, metadata);
      threadTs = null;
    }
    if (!result.ok) {
      await onRefusal(ctx, sub, [alert.id], result);
      logAlert(ctx, sub, alert.executionId, started, "failed", { failure: result });
      return;
    }
    message = { ts: result.ts, threadTs };
  }
  if (details.parentTs !== null && details.fired !== null) {
    const redrawn = renderRuleAlert({
      subject,
      rule,
      fired: details.fired,
      firedAt: new Date(details.firedAt),
      pageSize: ctx.settings.pageSize,
      recovered: { at, reading: details.reading },
    });
    const result = await ctx.poster.update(sub.channelId, details.parentTs, redrawn);
    if (!result.ok) {
      ctx.logger.warn(
        { channel: sub.channelId, retriever: sub.retrieverId, code: result.code },
        "could not mark the rule's alert recovered",
      );
    }
  }
  await ctx.store.markSent(alert.id, { ...message, at: ctx.now() });
  const outcome = message.threadTs ? "threaded" : "posted";
  ctx.tally.alert(outcome);
  logAlert(ctx, sub, alert.executionId, started, outcome, { found: found !== undefined });
}
