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
import { type RoundContext, subjectOf } from "../watcher/context.js";
import type { FoundMessage } from "../watcher/find-posted.js";
import { detailsToTell, RuleFiredDetailsSchema, RuleRecoveredDetailsSchema } from "./details.js";
import type { Reading } from "./judge.js";
import { postIncidentMessage, recordTold } from "./told.js";

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
  const told = found
    ? { ts: found.ts, threadTs: null }
    : await postIncidentMessage(
        ctx,
        sub,
        alert,
        renderRuleAlert({
          subject: subjectOf(sub),
          rule,
          fired: details.reading,
          firedAt: new Date(details.at),
          pageSize: ctx.settings.pageSize,
        }),
        null,
        started,
      );
  if (told) await recordTold(ctx, sub, alert, told, started, found);
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
  const told = found
    ? { ts: found.ts, threadTs: found.threadTs }
    : await postIncidentMessage(
        ctx,
        sub,
        alert,
        renderRuleRecoveryReply(subject, rule, at, details.reading),
        details.parentTs,
        started,
      );
  if (!told) return;
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
  await recordTold(ctx, sub, alert, told, started, found);
}
