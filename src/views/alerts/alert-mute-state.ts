/**
 * A failure alert as it reads while its subscription is muted: a line saying until when and by whom, and
 * Unmute where Mute 1h was; unmuted, the line goes and Mute 1h comes back. A transformation of the alert's
 * blocks, so it works the same on an alert just drawn and on one Slack gives back (the clicked message, or
 * one read from the channel), without asking Mixpeek to draw it again.
 */

import { encodeSubscriptionRef } from "../../subscriptions/subscription-ref.js";
import { type Button, context, type KnownBlock, plainText, type SlackMessage } from "../shared/blocks.js";
import { userMention } from "../shared/mentions.js";
import { slackDate } from "../shared/mrkdwn.js";
import { ALERT_ACTION_IDS, muteButton } from "./alert-actions.js";

/** The block that says an alert is muted; found again by this id to be replaced or taken away. */
export const MUTE_STATE_BLOCK_ID = "alert_mute_state";

export interface AlertMuteState {
  until: Date;
  /** The Slack user who muted. */
  by: string;
  /** When the line is drawn: a mute ending within the day shows its time alone ("3:22 PM"). */
  now: Date;
}

const TIME_ONLY_WITHIN_MS = 12 * 60 * 60 * 1000;

export function muteStateLine(state: AlertMuteState): string {
  const withinDay = state.until.getTime() - state.now.getTime() <= TIME_ONLY_WITHIN_MS;
  const until = slackDate(state.until, withinDay ? "{time}" : "{date_short_pretty} {time}");
  return `:mute: Muted until ${until} by ${userMention(state.by)}`;
}

export function unmuteButton(subscriptionId: number): Button {
  return {
    type: "button",
    action_id: ALERT_ACTION_IDS.unmute,
    text: plainText(":loud_sound: Unmute"),
    value: encodeSubscriptionRef(subscriptionId),
  };
}

type Block = KnownBlock & { block_id?: string };

function isMuteControl(element: unknown): boolean {
  const id = (element as { action_id?: unknown } | null)?.action_id;
  return id === ALERT_ACTION_IDS.mute1h || id === ALERT_ACTION_IDS.unmute;
}

/**
 * The alert with the mute state of `subscriptionId` drawn in (`state`), or drawn out (null). Blocks other
 * than the mute line and the Mute/Unmute button are kept as they are; a message without either button
 * comes back unchanged.
 */
export function withMuteState(
  message: SlackMessage,
  subscriptionId: number,
  state: AlertMuteState | null,
): SlackMessage {
  const control = state === null ? muteButton(subscriptionId) : unmuteButton(subscriptionId);
  const blocks: Block[] = [];
  let controlsAt: number | undefined;
  for (const block of message.blocks as Block[]) {
    if (block.block_id === MUTE_STATE_BLOCK_ID) continue;
    if (block.type === "actions" && block.elements.some(isMuteControl)) {
      controlsAt ??= blocks.length;
      blocks.push({
        ...block,
        elements: block.elements.map((element) => (isMuteControl(element) ? control : element)),
      });
      continue;
    }
    blocks.push(block);
  }
  // A message without the control (the line after a mute ended) has no mute state to show.
  if (controlsAt === undefined) return message;
  if (state !== null) {
    const line: Block = { ...context(muteStateLine(state)), block_id: MUTE_STATE_BLOCK_ID };
    blocks.splice(controlsAt, 0, line);
  }
  return { text: message.text, blocks };
}
