/**
 * "Mute 1h" under a failure alert. Like Unsubscribe, the subscription must belong to the channel the click
 * came from. The channel is told who muted and until when, in a line of its own.
 */
import type { Subscription } from "../../alerts/store/index.js";
import { clickedSubscription } from "../../subscriptions/clicked-subscription.js";
import { ALERT_ACTION_IDS, ALERT_MUTE_MS } from "../../views/alerts/alert-actions.js";
import { renderMuted } from "../../views/subscriptions/subscription-changes.js";
import type { ActionSpec } from "../listener.js";

export const muteAlerts: ActionSpec<Subscription> = {
  name: ALERT_ACTION_IDS.mute1h,
  decode: async (control, { body }, { deps, workspace }) =>
    (await clickedSubscription(deps.store, control, body, workspace.id))?.subscription ?? null,
  guard: () => ({ changesSubscriptions: true }),
  async run({ deps, reply }, sub, { body }) {
    const now = deps.now();
    const until = new Date(now.getTime() + ALERT_MUTE_MS);
    const muted = (await deps.store.setMute(sub.id, until, { by: body.user.id, at: now })) ?? sub;
    await reply(renderMuted(muted, until, body.user.id), { response_type: "in_channel" });
    return "ok";
  },
};
