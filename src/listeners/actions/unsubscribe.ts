/**
 * The Unsubscribe button on `/executions subscriptions`: removes the subscription, shows the channel's
 * list as it is now, and tells the channel who unsubscribed it. A button from another channel, or an
 * altered one, changes nothing.
 */
import { type ClickedSubscription, clickedSubscription } from "../../subscriptions/clicked-subscription.js";
import { renderUnsubscribed } from "../../views/subscriptions/subscription-changes.js";
import { renderSubscriptionList, UNSUBSCRIBE_ACTION_ID } from "../../views/subscriptions/subscriptions.js";
import { EXECUTIONS_COMMAND } from "../commands/executions.js";
import type { ActionSpec } from "../listener.js";

export const unsubscribeButton: ActionSpec<ClickedSubscription> = {
  name: UNSUBSCRIBE_ACTION_ID,
  decode: async (control, { body }, { deps, workspace }) =>
    (await clickedSubscription(deps.store, control, body, workspace.id)) ?? null,
  guard: () => ({ changesSubscriptions: true }),
  async run({ deps, reply }, clicked, { body }) {
    const removed = clicked.subscription && (await deps.store.deleteSubscription(clicked.subscription.id));
    const subs = await deps.store.listChannelSubscriptions(clicked.where.teamId, clicked.where.channelId);
    await reply(renderSubscriptionList(subs, EXECUTIONS_COMMAND, deps.now()), { replace_original: true });
    if (removed) await reply(renderUnsubscribed(removed, body.user.id), { response_type: "in_channel" });
    return "ok";
  },
};
