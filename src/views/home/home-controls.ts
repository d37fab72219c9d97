/**
 * The App Home's controls: under each subscription the viewer can see, Mute 1h (Unmute while muted) and
 * Unsubscribe; at the top, "Subscribe a channel", which opens subscribe-modal.ts. Each subscription's
 * buttons carry its id (subscriptions/subscription-ref.ts); the listener checks the viewer is in its
 * channel before doing anything.
 */
import { encodeSubscriptionRef } from "../../subscriptions/subscription-ref.js";
import type { ActionsBlock, Button } from "../shared/blocks.js";
import { plainText } from "../shared/blocks.js";
import { truncatePlain } from "../shared/mrkdwn.js";

export const HOME_ACTION_IDS = {
  mute: "home_mute_1h",
  unmute: "home_unmute",
  unsubscribe: "home_unsubscribe",
  subscribe: "home_subscribe",
} as const;

export interface ControlledSubscription {
  id: number | string;
  retriever: string;
  mutedUntil: Date | null;
}

const CONFIRM_NAME_LENGTH = 150;

export function subscriptionControls(
  subscription: ControlledSubscription,
  now: Date,
): ActionsBlock | undefined {
  const id = Number(subscription.id);
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const value = encodeSubscriptionRef(id);
  const muted = subscription.mutedUntil !== null && subscription.mutedUntil > now;
  const mute: Button = muted
    ? { type: "button", action_id: HOME_ACTION_IDS.unmute, text: plainText(":loud_sound: Unmute"), value }
    : { type: "button", action_id: HOME_ACTION_IDS.mute, text: plainText(":mute: Mute 1h"), value };
  // Plain text never pings, but a name that reads like a mention should not even look like one.
  const name = truncatePlain(
    subscription.retriever.replace(/</g, "‹").replace(/>/g, "›"),
    CONFIRM_NAME_LENGTH,
  );
  const unsubscribe: Button = {
    type: "button",
    action_id: HOME_ACTION_IDS.unsubscribe,
    text: plainText("Unsubscribe"),
    value,
    confirm: {
      title: plainText("Unsubscribe?"),
      text: plainText(`Stop posting failures of ${name} in that channel?`),
      confirm: plainText("Unsubscribe"),
      deny: plainText("Keep"),
    },
  };
  return { type: "actions", elements: [mute, unsubscribe] };
}

/** The characters the buttons' text objects hold (labels and confirm dialogs): Slack counts them too. */
export function controlsTextLength(controls: ActionsBlock | undefined): number {
  let total = 0;
  for (const element of controls?.elements ?? []) {
    if (element.type !== "button") continue;
    total += element.text.text.length;
    const confirm = element.confirm;
    if (confirm) {
      for (const part of [confirm.title, confirm.text, confirm.confirm, confirm.deny])
        total += part?.text.length ?? 0;
    }
  }
  return total;
}

export function subscribeChannelButton(): ActionsBlock {
  return {
    type: "actions",
    elements: [
      {
        type: "button",
        action_id: HOME_ACTION_IDS.subscribe,
        text: plainText(":heavy_plus_sign: Subscribe a channel"),
        style: "primary",
        value: "subscribe",
      },
    ],
  };
}
