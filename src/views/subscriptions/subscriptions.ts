/**
 * Messages about a channel's subscriptions: confirmations of subscribe, unsubscribe, mute and unmute,
 * and the `/executions subscriptions` list with an Unsubscribe button on each.
 */
import type { Subscription } from "../../alerts/store/index.js";
import { encodeSubscriptionRef } from "../../subscriptions/subscription-ref.js";
import { context, type KnownBlock, notice, plainText, type SlackMessage, section } from "../shared/blocks.js";
import { escapeMrkdwn, inlineCode, slackDate, truncate } from "../shared/mrkdwn.js";

export const UNSUBSCRIBE_ACTION_ID = "subscription_unsubscribe";

/** Most subscriptions listed in one message (each takes one block, the message allows 50). */
const MAX_LISTED = 40;

const name = (s: { retrieverName: string }) => inlineCode(s.retrieverName, 80);
const ns = (namespace: string) => inlineCode(namespace, 60);

export function renderSubscribed(sub: Subscription, created: boolean, command: string): SlackMessage {
  const who = sub.mention ? ` and mention ${sub.mention}` : "";
  if (!created) {
    return notice(
      `This channel already gets alerts for ${sub.retrieverName}.`,
      `:bell: This channel already gets alerts for ${name(sub)} in ${ns(sub.namespace)}${who}. Nothing changed.`,
      `Undo with \`${command} unsubscribe ${escapeMrkdwn(sub.retrieverName)}\`.`,
    );
  }
  return notice(
    `Subscribed: failed runs of ${sub.retrieverName} will be posted here.`,
    `:bell: <@${sub.createdBy}> subscribed this channel to failures of ${name(sub)} in ${ns(sub.namespace)}. ` +
      `Each failed run from now on will be posted here${who}.`,
    `Undo with \`${command} unsubscribe ${escapeMrkdwn(sub.retrieverName)}\` · see all with \`${command} subscriptions\`.`,
  );
}

export function renderUnsubscribed(sub: Subscription): SlackMessage {
  return notice(
    `Unsubscribed from ${sub.retrieverName}.`,
    `:no_bell: This channel no longer gets alerts for ${name(sub)} in ${ns(sub.namespace)}.`,
  );
}

export function renderNotSubscribed(retriever: string, namespace: string, command: string): SlackMessage {
  return notice(
    `This channel is not subscribed to ${retriever}.`,
    `:thinking_face: This channel is not subscribed to ${inlineCode(retriever, 80)} in ${ns(namespace)}.`,
    `See this channel's subscriptions with \`${command} subscriptions\`.`,
  );
}

export function renderMuted(sub: Subscription, until: Date, by: string): SlackMessage {
  return notice(
    `Alerts for ${sub.retrieverName} are muted.`,
    `:mute: <@${escapeMrkdwn(by)}> muted alerts for ${name(sub)} until ${slackDate(until)}. ` +
      "Failures meanwhile are counted, and one line will say how many when the mute ends.",
  );
}

export function renderUnmuted(sub: Subscription, mutedCount: number): SlackMessage {
  const held =
    mutedCount === 0
      ? "No runs failed while muted."
      : `${mutedCount} ${mutedCount === 1 ? "run" : "runs"} failed while alerts were muted.`;
  return notice(
    `Alerts for ${sub.retrieverName} are back on. ${held}`,
    `:loud_sound: Alerts for ${name(sub)} are back on. ${held}`,
  );
}

export function renderSubscriptionList(
  subs: readonly Subscription[],
  command: string,
  now: Date,
): SlackMessage {
  if (subs.length === 0) {
    return notice(
      "This channel has no subscriptions.",
      "This channel is not subscribed to any retriever.",
      `Subscribe with \`${command} subscribe <retriever>\`: failed runs are then posted here.`,
    );
  }
  const blocks: KnownBlock[] = [
    section(
      `*This channel gets failure alerts for ${subs.length} ${subs.length === 1 ? "retriever" : "retrievers"}:*`,
    ),
  ];
  for (const sub of subs.slice(0, MAX_LISTED)) blocks.push(subscriptionRow(sub, now));
  if (subs.length > MAX_LISTED) blocks.push(context(`…and ${subs.length - MAX_LISTED} more.`));
  blocks.push(
    context(
      `Add one with \`${command} subscribe <retriever>\` · mute with \`${command} mute <retriever> 2h\``,
    ),
  );
  return { text: `This channel has ${subs.length} subscriptions.`, blocks };
}

function subscriptionRow(sub: Subscription, now: Date): KnownBlock {
  const parts = [`${name(sub)} in ${ns(sub.namespace)}`];
  parts.push(
    `set up by <@${escapeMrkdwn(sub.createdBy)}> ${slackDate(sub.createdAt, "{date_short_pretty}")}`,
  );
  if (sub.mention) parts.push(`mentions ${sub.mention}`);
  if (sub.mutedUntil && sub.mutedUntil > now) parts.push(`:mute: muted until ${slackDate(sub.mutedUntil)}`);
  if (sub.brokenReason) parts.push(`:warning: can't post here: ${inlineCode(sub.brokenReason, 60)}`);
  return {
    type: "section",
    text: { type: "mrkdwn", text: truncate(parts.join(" · "), 2900) },
    accessory: {
      type: "button",
      action_id: UNSUBSCRIBE_ACTION_ID,
      text: plainText("Unsubscribe"),
      value: encodeSubscriptionRef(sub.id),
      confirm: {
        title: plainText("Unsubscribe?"),
        text: plainText(`Stop posting failures of ${sub.retrieverName.slice(0, 150)} in this channel?`),
        confirm: plainText("Unsubscribe"),
        deny: plainText("Keep"),
      },
    },
  };
}
