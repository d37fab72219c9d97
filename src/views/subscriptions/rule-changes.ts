/**
 * What the channel hears when its threshold rules change (issue 16), and the private answers when a
 * command names no rule or an ambiguous one. A rule is always shown as the command text that names it
 * (`when:p95>800ms over:1h`), so it can be typed back into `unsubscribe`.
 */
import { ruleCommandText, ruleWords } from "../../alerts/incidents/rules.js";
import type { AlertRule, RuleSpec, Subscription } from "../../alerts/store/index.js";
import { notice, type SlackMessage } from "../shared/blocks.js";
import { userMention } from "../shared/mentions.js";
import { escapeMrkdwn, inlineCode, truncate } from "../shared/mrkdwn.js";
import { plainName } from "./subscription-changes.js";

const name = (s: { retrieverName: string }) => inlineCode(s.retrieverName, 80);
const ns = (namespace: string) => inlineCode(namespace, 60);
const ruleCode = (rule: RuleSpec) => `\`${escapeMrkdwn(ruleCommandText(rule))}\``;

/** The every-failure alert as `unsubscribe` names it. */
export const FAILURES_WORD = "when:failures";

export function renderRuleAdded(sub: Subscription, rule: AlertRule, command: string): SlackMessage {
  const mention = sub.mention ? `, mentioning ${sub.mention}` : "";
  const recovery = sub.recovery ? ", and says so here when it is back under" : "";
  return notice(
    `${plainName(sub.retrieverName)}: alert when ${ruleWords(rule)}.`,
    `:bell: ${userMention(rule.createdBy)} set an alert for ${name(sub)} in ${ns(sub.namespace)}: ` +
      `*${ruleWords(rule)}* (${ruleCode(rule)}, judged on at least ${rule.minRuns} runs). ` +
      `This channel hears once when it crosses${mention}${recovery}.`,
    `Undo with \`${command} unsubscribe ${escapeMrkdwn(sub.retrieverName)} ${escapeMrkdwn(ruleCommandText(rule))}\`` +
      ` · see all with \`${command} subscriptions\``,
  );
}

export function renderRuleExists(sub: Subscription, rule: AlertRule, command: string): SlackMessage {
  return notice(
    `This channel already has that alert for ${plainName(sub.retrieverName)}.`,
    `:bell: This channel already has ${ruleCode(rule)} for ${name(sub)} in ${ns(sub.namespace)}. Nothing changed.`,
    `See all with \`${command} subscriptions\`.`,
  );
}

export function renderRuleRemoved(sub: Subscription, rule: AlertRule, by: string): SlackMessage {
  return notice(
    `${plainName(sub.retrieverName)}: alert removed.`,
    `:no_bell: ${userMention(by)} removed the alert ${ruleCode(rule)} for ${name(sub)} in ${ns(sub.namespace)}.`,
  );
}

export function renderFailureAlertsStopped(sub: Subscription, by: string, rulesLeft: boolean): SlackMessage {
  return notice(
    `${plainName(sub.retrieverName)}: failed runs no longer posted.`,
    `:no_bell: ${userMention(by)} stopped posting each failed run of ${name(sub)} in ${ns(sub.namespace)}` +
      (rulesLeft ? "; its threshold alerts stay." : "."),
  );
}

/** The choices, one a line, as `unsubscribe` takes them. */
function choices(sub: Subscription, rules: readonly AlertRule[], command: string): string {
  const lines: string[] = [];
  const retriever = escapeMrkdwn(sub.retrieverName);
  if (sub.failureAlerts)
    lines.push(`• \`${command} unsubscribe ${retriever} ${FAILURES_WORD}\`: every failed run`);
  for (const rule of rules) {
    lines.push(
      `• \`${command} unsubscribe ${retriever} ${escapeMrkdwn(ruleCommandText(rule))}\`: ${ruleWords(rule)}`,
    );
  }
  return truncate(lines.join("\n"), 2500);
}

/** `unsubscribe` named no rule (or one that matches several) while the channel has more than one. */
export function renderWhichAlert(
  sub: Subscription,
  rules: readonly AlertRule[],
  command: string,
): SlackMessage {
  const count = rules.length + (sub.failureAlerts ? 1 : 0);
  return notice(
    `Which alert for ${plainName(sub.retrieverName)}? This channel has ${count}.`,
    `:thinking_face: This channel has ${count} alerts for ${name(sub)} in ${ns(sub.namespace)}. Say which to remove:\n` +
      choices(sub, rules, command),
    `To remove them all at once, use the Unsubscribe button in \`${command} subscriptions\`.`,
  );
}

/** `unsubscribe … when:` named an alert the channel does not have. */
export function renderNoSuchAlert(
  sub: Subscription,
  rules: readonly AlertRule[],
  command: string,
): SlackMessage {
  return notice(
    `This channel has no such alert for ${plainName(sub.retrieverName)}.`,
    `:thinking_face: This channel has no such alert for ${name(sub)}. Its alerts are:\n${choices(sub, rules, command)}`,
  );
}
