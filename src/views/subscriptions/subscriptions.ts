/**
 * The `/executions subscriptions` list: each of the channel's subscriptions, who set it up and who last
 * changed it, with an Unsubscribe button. What the channel hears when one changes is in
 * subscription-changes.ts.
 */
import { ruleCommandText, ruleWords } from "../../alerts/incidents/rules.js";
import type { AlertRule, Digest, Subscription } from "../../alerts/store/index.js";
import { encodeSubscriptionRef } from "../../subscriptions/subscription-ref.js";
import { digestLine } from "../digests/digest-changes.js";
import { context, type KnownBlock, notice, plainText, type SlackMessage, section } from "../shared/blocks.js";
import { userMention } from "../shared/mentions.js";
import { escapeMrkdwn, inlineCode, slackDate, truncate, truncatePlain } from "../shared/mrkdwn.js";

export const UNSUBSCRIBE_ACTION_ID = "subscription_unsubscribe";

/** A threshold rule as the list shows it: OK, or firing since when. */
export interface RuleListing {
  rule: AlertRule;
  firingSince: Date | null;
}

/** Most subscriptions listed in one message (each takes one block, the message allows 50). */
const MAX_LISTED = 40;
/** Digests share one section (each line about 250 characters, the section takes 3000). */
const MAX_DIGESTS_LISTED = 10;

const name = (s: { retrieverName: string }) => inlineCode(s.retrieverName, 80);
const ns = (namespace: string) => inlineCode(namespace, 60);

export function renderSubscriptionList(
  subs: readonly Subscription[],
  command: string,
  now: Date,
  digests: readonly Digest[] = [],
  rules: ReadonlyMap<number, readonly RuleListing[]> = new Map(),
): SlackMessage {
  if (subs.length === 0 && digests.length === 0) {
    return notice(
      "This channel has no subscriptions.",
      "This channel is not subscribed to any retriever and gets no digest.",
      `Subscribe with \`${command} subscribe <retriever>\`: failed runs are then posted here. A daily summary: \`${command} digest <retriever> daily\`.`,
    );
  }
  const blocks: KnownBlock[] = [];
  if (subs.length > 0) {
    blocks.push(
      section(
        `*This channel gets alerts for ${subs.length} ${subs.length === 1 ? "retriever" : "retrievers"}:*`,
      ),
    );
    for (const sub of subs.slice(0, MAX_LISTED))
      blocks.push(subscriptionRow(sub, now, rules.get(sub.id) ?? []));
    if (subs.length > MAX_LISTED) blocks.push(context(`…and ${subs.length - MAX_LISTED} more.`));
  }
  if (digests.length > 0) {
    const lines = digests.slice(0, MAX_DIGESTS_LISTED).map(digestLine);
    if (digests.length > MAX_DIGESTS_LISTED) lines.push(`…and ${digests.length - MAX_DIGESTS_LISTED} more.`);
    blocks.push(section(truncate(`*Digests in this channel:*\n${lines.join("\n")}`, 2900)));
  }
  blocks.push(
    context(
      `Add one with \`${command} subscribe <retriever>\` (or \`when:failure-rate>5%\`, \`when:p95>800ms\`) · ` +
        `mute with \`${command} mute <retriever> 2h\` · ` +
        `a digest with \`${command} digest <retriever> daily at:09:00\``,
    ),
  );
  const digestWords =
    digests.length > 0 ? ` and ${digests.length} ${digests.length === 1 ? "digest" : "digests"}` : "";
  return { text: `This channel has ${subs.length} subscriptions${digestWords}.`, blocks };
}

/** One line per alert the subscription holds: every failed run, and each rule with its state. */
function alertLines(sub: Subscription, rules: readonly RuleListing[]): string[] {
  const lines: string[] = [];
  if (sub.failureAlerts) {
    lines.push(`• every failed run${sub.recovery ? ", and when it recovers" : " (recovery:off)"}`);
  }
  for (const { rule, firingSince } of rules) {
    const state =
      firingSince === null
        ? ":large_green_circle: OK"
        : `:red_circle: firing since ${slackDate(firingSince, "{time}")}`;
    const since = rule.problemAt === null ? "" : ` since ${slackDate(rule.problemAt, "{time}")}`;
    const problem =
      rule.problem === null ? "" : ` · :warning: can't be judged${since}: ${escapeMrkdwn(rule.problem)}`;
    lines.push(`• \`${escapeMrkdwn(ruleCommandText(rule))}\` ${ruleWords(rule)} · ${state}${problem}`);
  }
  return lines;
}

function subscriptionRow(sub: Subscription, now: Date, rules: readonly RuleListing[]): KnownBlock {
  const parts = [`${name(sub)} in ${ns(sub.namespace)}`];
  parts.push(`set up by ${userMention(sub.createdBy)} ${slackDate(sub.createdAt, "{date_short_pretty}")}`);
  if (sub.updatedBy !== null && sub.updatedAt !== null) {
    parts.push(
      `last changed by ${userMention(sub.updatedBy)} ${slackDate(sub.updatedAt, "{date_short_pretty}")}`,
    );
  }
  if (sub.mention) parts.push(`mentions ${sub.mention}`);
  if (sub.namespaceRefusedAt) parts.push(":no_entry: this bot may no longer read its namespace");
  if (sub.mutedUntil && sub.mutedUntil > now) parts.push(`:mute: muted until ${slackDate(sub.mutedUntil)}`);
  if (sub.brokenReason) parts.push(`:warning: can't post here: ${inlineCode(sub.brokenReason, 60)}`);
  const lines = rules.length > 0 || !sub.failureAlerts || !sub.recovery ? alertLines(sub, rules) : [];
  const text = [parts.join(" · "), ...lines].join("\n");
  return {
    type: "section",
    text: { type: "mrkdwn", text: truncate(text, 2900) },
    accessory: {
      type: "button",
      action_id: UNSUBSCRIBE_ACTION_ID,
      text: plainText("Unsubscribe"),
      value: encodeSubscriptionRef(sub.id),
      confirm: {
        title: plainText("Unsubscribe?"),
        text: plainText(
          `Stop every alert of ${truncatePlain(sub.retrieverName, 150)} in this channel${rules.length > 0 ? ", its threshold rules too" : ""}?`,
        ),
        confirm: plainText("Unsubscribe"),
        deny: plainText("Keep"),
      },
    },
  };
}
