/**
 * Messages about a channel's digests: set, changed, stopped, and the private answers when there is
 * nothing to stop. Changes are told to the whole channel, naming who made them.
 */
import type { Digest } from "../../alerts/store/index.js";
import { notice, type SlackMessage } from "../shared/blocks.js";
import { userMention } from "../shared/mentions.js";
import { escapeMrkdwn, inlineCode, oneLine, slackDate, truncate } from "../shared/mrkdwn.js";
import { scheduleWords } from "./digest-message.js";

const name = (digest: Pick<Digest, "retrieverName">) => inlineCode(digest.retrieverName, 80);
const plainName = (digest: Pick<Digest, "retrieverName">) =>
  escapeMrkdwn(truncate(oneLine(digest.retrieverName), 80));

export function renderDigestSet(digest: Digest, created: boolean, by: string, command: string): SlackMessage {
  const verb = created ? "set up" : "changed";
  return notice(
    `${created ? "Digest set up" : "Digest changed"}: ${plainName(digest)}, ${scheduleWords(digest)}.`,
    `:mailbox: ${userMention(by)} ${verb} a ${digest.cadence} digest of ${name(digest)} for this channel, ` +
      `${scheduleWords(digest)}: runs, failures, latency and cache against the period before, with a chart. ` +
      `The first one comes ${slackDate(digest.nextDueAt)}.`,
    `Stop it with \`${escapeMrkdwn(command)} digest ${plainName(digest)} off\` · see all with \`${escapeMrkdwn(command)} subscriptions\``,
  );
}

export function renderDigestStopped(digest: Digest, by: string): SlackMessage {
  return notice(
    `No more digests of ${plainName(digest)} here.`,
    `:no_bell: ${userMention(by)} stopped the ${digest.cadence} digest of ${name(digest)} in this channel.`,
  );
}

export function renderNoDigest(retriever: string, command: string): SlackMessage {
  return notice(
    `This channel gets no digest of ${truncate(escapeMrkdwn(oneLine(retriever)), 80)}.`,
    `:thinking_face: This channel gets no digest of ${inlineCode(retriever, 80)}.`,
    `See this channel's digests and subscriptions with \`${escapeMrkdwn(command)} subscriptions\`.`,
  );
}

/** One line of `/executions subscriptions` for a digest. */
export function digestLine(digest: Digest): string {
  return `:mailbox: ${name(digest)}: ${digest.cadence} digest, ${scheduleWords(digest)} · next ${slackDate(digest.nextDueAt)}`;
}
