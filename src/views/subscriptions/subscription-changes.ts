/**
 * What the channel hears when its alerts change: a subscription made or changed, ended, muted or
 * unmuted, each naming who did it, and the private answers when nothing changed. Retriever names come
 * from Mixpeek: they are escaped in the notification text as in the blocks.
 */

import type { Subscription } from "../../alerts/store/index.js";
import { notice, type SlackMessage } from "../shared/blocks.js";
import { userMention } from "../shared/mentions.js";
import { escapeMrkdwn, inlineCode, oneLine, slackDate, truncate } from "../shared/mrkdwn.js";
import { type PaceFacts, stretchedPhrase } from "../shared/watch-pace.js";

const NAME_IN_TEXT = 80;

const name = (s: { retrieverName: string }) => inlineCode(s.retrieverName, NAME_IN_TEXT);
const ns = (namespace: string) => inlineCode(namespace, 60);

/** A retriever name for the top-level `text` (the notification): escaped, one line, cut. */
export function plainName(retrieverName: string): string {
  return truncate(escapeMrkdwn(oneLine(retrieverName)), NAME_IN_TEXT);
}

function undoHint(sub: Subscription, command: string, extra = ""): string {
  return `Undo with \`${command} unsubscribe ${escapeMrkdwn(sub.retrieverName)}\`${extra}.`;
}

/**
 * `pace`: how the request budget paces the watcher once this subscription is counted; when it makes the
 * checks rarer than WATCH_INTERVAL_SECONDS, the confirmation says so.
 */
export function renderSubscribed(sub: Subscription, command: string, pace?: PaceFacts | null): SlackMessage {
  const mention = sub.mention ? ` and mention ${sub.mention}` : "";
  const stretched = stretchedPhrase(pace);
  return notice(
    `Subscribed: failed runs of ${plainName(sub.retrieverName)} will be posted here.`,
    `:bell: ${userMention(sub.createdBy)} subscribed this channel to failures of ${name(sub)} in ` +
      `${ns(sub.namespace)}. Each failed run from now on will be posted here${mention}` +
      `${sub.recovery ? ", and a line when it runs again" : ""}.` +
      (stretched === undefined ? "" : ` The retriever is ${stretched}.`),
    undoHint(sub, command, ` · see all with \`${command} subscriptions\``),
  );
}

/** A repeated subscribe that asked for nothing new: only the person who typed it hears it. */
export function renderAlreadySubscribed(sub: Subscription, command: string): SlackMessage {
  const mention = sub.mention ? ` and mention ${sub.mention}` : "";
  return notice(
    `This channel already gets alerts for ${plainName(sub.retrieverName)}.`,
    `:bell: This channel already gets alerts for ${name(sub)} in ${ns(sub.namespace)}${mention}. ` +
      "Nothing changed.",
    undoHint(sub, command),
  );
}

/** A repeated subscribe that changed the mention, or brought a broken subscription back. */
export function renderSubscriptionChanged(
  previous: Subscription,
  sub: Subscription,
  by: string,
): SlackMessage {
  const changes: string[] = [];
  if (previous.mention !== sub.mention) {
    changes.push(`alerts now mention ${sub.mention ?? "nobody"} (before: ${previous.mention ?? "nobody"})`);
  }
  if (previous.brokenReason !== null && sub.brokenReason === null) {
    changes.push("alerts are posted here again");
  }
  if (!previous.failureAlerts && sub.failureAlerts) changes.push("every failed run is now posted here too");
  if (previous.recovery !== sub.recovery) {
    changes.push(
      sub.recovery ? "recoveries are told again" : "recoveries are no longer told (`recovery:off`)",
    );
  }
  return notice(
    `${plainName(sub.retrieverName)}: alerts changed.`,
    `:gear: ${userMention(by)} changed this channel's alerts for ${name(sub)} in ${ns(sub.namespace)}: ` +
      `${changes.join("; ")}.`,
    `Set up by ${userMention(sub.createdBy)} ${slackDate(sub.createdAt, "{date_short_pretty}")}.`,
  );
}

export function renderUnsubscribed(sub: Subscription, by: string): SlackMessage {
  return notice(
    `Unsubscribed from ${plainName(sub.retrieverName)}.`,
    `:no_bell: ${userMention(by)} unsubscribed this channel from ${name(sub)} in ${ns(sub.namespace)}: ` +
      "its failures are no longer posted here.",
  );
}

export function renderNotSubscribed(retriever: string, namespace: string, command: string): SlackMessage {
  return notice(
    `This channel is not subscribed to ${plainName(retriever)}.`,
    `:thinking_face: This channel is not subscribed to ${inlineCode(retriever, NAME_IN_TEXT)} in ${ns(namespace)}.`,
    `See this channel's subscriptions with \`${command} subscriptions\`.`,
  );
}

export function renderMuted(sub: Subscription, until: Date, by: string): SlackMessage {
  return notice(
    `Alerts for ${plainName(sub.retrieverName)} are muted.`,
    `:mute: ${userMention(by)} muted alerts for ${name(sub)} until ${slackDate(until)}. ` +
      "Failures meanwhile are counted, and one line will say how many when the mute ends.",
  );
}

export function renderUnmuted(sub: Subscription, mutedCount: number, by: string): SlackMessage {
  const held =
    mutedCount === 0
      ? "No runs failed while muted."
      : `${mutedCount} ${mutedCount === 1 ? "run" : "runs"} failed while alerts were muted.`;
  return notice(
    `Alerts for ${plainName(sub.retrieverName)} are back on. ${held}`,
    `:loud_sound: ${userMention(by)} turned alerts for ${name(sub)} back on. ${held}`,
  );
}
