/**
 * The Unsubscribe button on `/executions subscriptions`: removes the subscription and shows the
 * channel's list as it is now. A button from another channel, or an altered one, changes nothing.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { clickedSubscription } from "../../subscriptions/clicked-subscription.js";
import { renderStalePageState } from "../../views/shared/messages.js";
import { renderSubscriptionList, UNSUBSCRIBE_ACTION_ID } from "../../views/subscriptions/subscriptions.js";
import { EXECUTIONS_COMMAND } from "../commands/executions.js";
import { timeRequest } from "../instrument.js";
import { respondSafely } from "../respond.js";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function unsubscribeButton(deps: BotDeps) {
  return async ({ action, body, ack, respond }: ActionArgs): Promise<void> => {
    const timer = timeRequest(deps, "action", UNSUBSCRIBE_ACTION_ID);
    await ack();
    timer.acked();
    const clicked = await clickedSubscription(deps.store, action, body);
    if (!clicked) {
      await respondSafely(respond, renderStalePageState(), { replace_original: false }, deps.logger);
      return timer.done("invalid");
    }
    if (clicked.subscription) await deps.store.deleteSubscription(clicked.subscription.id);
    const subs = await deps.store.listChannelSubscriptions(clicked.where.teamId, clicked.where.channelId);
    await respondSafely(
      respond,
      renderSubscriptionList(subs, EXECUTIONS_COMMAND, deps.now()),
      { response_type: "ephemeral", replace_original: true },
      deps.logger,
    );
    timer.done("ok");
  };
}
