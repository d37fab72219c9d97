/** The subscription an alert view is about, shared by the roll-up and notice tests. */
import type { AlertSubject } from "../../../../src/views/alerts/alert-parts.js";

export const subject: AlertSubject = {
  subscriptionId: 7,
  retrieverId: "product-search",
  retrieverName: "product-search",
  namespace: "demo",
  mention: "<@U123ABC>",
};

/** A message's text and blocks as one string, to look for a word anywhere in it. */
export const all = (message: { text: string; blocks: unknown[] }) =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;
