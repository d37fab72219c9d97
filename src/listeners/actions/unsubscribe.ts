/**
 * The Unsubscribe button on `/executions subscriptions`. The subscription must belong to the channel
 * and workspace the click came from; anything else is treated as an altered button.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { decodeSubscriptionRef } from "../../subscriptions/subscription-ref.js";
import { renderStalePageState } from "../../views/messages.js";
import { renderSubscriptionList, UNSUBSCRIBE_ACTION_ID } from "../../views/subscriptions.js";
import { timeRequest } from "../instrument.js";
import { respondSafely } from "../respond.js";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function unsubscribeButton(deps: BotDeps) {
  return async ({ action, body, ack, respond }: ActionArgs): Promise<void> => {
    const timer = timeRequest(deps, "action", UNSUBSCRIBE_ACTION_ID);
    await ack();
    timer.acked();
    const id = action.type === "button" ? decodeSubscriptionRef(action.value) : null;
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const channelId = body.channel?.id ?? "";
    const sub = id === null ? null : await deps.store.getSubscription(id);
    if (sub && (sub.teamId !== teamId || sub.channelId !== channelId)) {
      deps.logger.warn({ subscription: sub.id }, "unsubscribe from another channel refused");
    } else if (sub) {
      await deps.store.deleteSubscription(sub.id);
    }
    if (!sub && id === null) {
      await respondSafely(respond, renderStalePageState(), { replace_original: false }, deps.logger);
      return timer.done("invalid");
    }
    // Show the channel's list as it is now (an already-removed subscription simply disappears).
    const subs = await deps.store.listChannelSubscriptions(teamId, channelId);
    const command = "/executions";
    await respondSafely(
      respond,
      renderSubscriptionList(subs, command, deps.now()),
      { response_type: "ephemeral", replace_original: true },
      deps.logger,
    );
    timer.done(sub && sub.channelId === channelId ? "ok" : "invalid");
  };
}
