/** Pieces every alert message shares: who it is about, who it pings, how long a thread window is. */

import { escapeMrkdwn, formatCount, inlineCode, oneLine, truncate } from "../shared/mrkdwn.js";
import type { AlertTarget } from "./alert-actions.js";

/** The subscription an alert is told to, in the words a message needs. */
export interface AlertSubject {
  subscriptionId: number;
  /** The retriever as the watch knows it (id or name). */
  retrieverId: string;
  /** The name people know it by, shown in messages. */
  retrieverName: string;
  namespace: string;
  /** `<@U123>`, `<!subteam^S1>` or `@ana`, as the subscribe command normalized it; null for none. */
  mention: string | null;
}

export const NAME_IN_TEXT = 80;

const USER_TOKEN = /^<@[UW][A-Z0-9]{2,30}>$/;
const GROUP_TOKEN = /^<!subteam\^S[A-Z0-9]{2,30}>$/;

/**
 * The mention to put in front of an alert. Only a user or user-group token passes through as a token;
 * anything else in the row (a plain `@name`, or a broadcast that should never have been stored) is shown
 * as escaped text, so an alert can never ping a whole channel.
 */
export function mentionPrefix(mention: string | null | undefined): string {
  const trimmed = (mention ?? "").trim();
  if (trimmed === "") return "";
  if (USER_TOKEN.test(trimmed) || GROUP_TOKEN.test(trimmed)) return `${trimmed} `;
  return `${truncate(escapeMrkdwn(oneLine(trimmed)), NAME_IN_TEXT)} `;
}

/** The retriever's name as inline code, e.g. `` `product-search` ``. */
export function retrieverName(subject: AlertSubject): string {
  return inlineCode(subject.retrieverName || subject.retrieverId, NAME_IN_TEXT);
}

export function namespaceName(subject: AlertSubject): string {
  return inlineCode(subject.namespace, NAME_IN_TEXT);
}

/** The retriever's name for a plain fallback line (escaped, since Slack still parses it). */
export function plainRetrieverName(subject: AlertSubject): string {
  return truncate(escapeMrkdwn(oneLine(subject.retrieverName || subject.retrieverId)), NAME_IN_TEXT);
}

export function buttonTarget(subject: AlertSubject, pageSize: number): AlertTarget {
  return {
    namespace: subject.namespace,
    retriever: subject.retrieverId,
    subscriptionId: subject.subscriptionId,
    pageSize,
  };
}

/** "hour", "2 hours", "90 min": how a thread window reads in "in the last …". */
export function windowPhrase(minutes: number): string {
  if (minutes === 60) return "hour";
  if (minutes > 60 && minutes % 60 === 0) return `${formatCount(minutes / 60)} hours`;
  return `${formatCount(minutes)} min`;
}

export function failuresWord(count: number): string {
  return count === 1 ? "failure" : "failures";
}
