/**
 * The subscription an Unsubscribe or Mute button points at. The value comes back from a message anyone
 * in the channel could have altered, so it must decode and name a subscription of the very channel and
 * workspace the click came from; `undefined` means the button is not to be trusted.
 */
import type { BlockAction } from "@slack/bolt";
import type { AlertStore, Subscription } from "../alerts/store/index.js";
import { decodeSubscriptionRef } from "./subscription-ref.js";

export interface ClickedSubscription {
  where: { teamId: string; channelId: string };
  /** null when the button is genuine but the subscription is already gone. */
  subscription: Subscription | null;
}

export async function clickedSubscription(
  store: AlertStore,
  action: BlockAction["actions"][number],
  body: BlockAction,
  /** The workspace the click came from: a subscription of another is not this button's. */
  workspaceId: string,
): Promise<ClickedSubscription | undefined> {
  const id = action.type === "button" ? decodeSubscriptionRef(action.value) : null;
  if (id === null) return undefined;
  const where = { teamId: body.team?.id ?? body.user.team_id ?? "", channelId: body.channel?.id ?? "" };
  const subscription = await store.getSubscription(id);
  const elsewhere =
    subscription &&
    (subscription.workspaceId !== workspaceId ||
      subscription.teamId !== where.teamId ||
      subscription.channelId !== where.channelId);
  if (elsewhere) {
    return undefined;
  }
  return { where, subscription };
}
