/**
 * "Mute 1h" under a failure alert. Like Unsubscribe, the subscription must belong to the channel the
 * click came from. The channel is told who muted and until when, in a thread-free line of its own.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { clickedSubscription } from "../../subscriptions/clicked-subscription.js";
import { ALERT_ACTION_IDS, ALERT_MUTE_MS } from "../../views/alerts/alert-actions.js";
import { renderStalePageState } from "../../views/shared/messages.js";
import { renderMuted } from "../../views/subscriptions/subscriptions.js";
import { timeRequest } from "../instrument.js";
import { respondSafely } from "../respond.js";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function muteAlerts(deps: BotDeps) {
  return async ({ action, body, ack, respond }: ActionArgs): Promise<void> => {
    const timer = timeRequest(deps, "action", ALERT_ACTION_IDS.mute1h);
    await ack();
    timer.acked();
    const sub = (await clickedSubscription(deps.store, action, body))?.subscription;
    if (!sub) {
      await respondSafely(respond, renderStalePageState(), { replace_original: false }, deps.logger);
      return timer.done("invalid");
    }
    const until = new Date(deps.now().getTime() + ALERT_MUTE_MS);
    const muted = (await deps.store.setMute(sub.id, until)) ?? sub;
    await respondSafely(
      respond,
      renderMuted(muted, until, body.user.id),
      { response_type: "in_channel", replace_original: false },
      deps.logger,
    );
    timer.done("ok");
  };
}
