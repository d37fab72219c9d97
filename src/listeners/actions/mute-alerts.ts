/**
 * "Mute 1h" and "Unmute" under a failure alert. Like Unsubscribe, the subscription must belong to the
 * channel the click came from. The channel is told who muted and until when (or who unmuted), in a line of
 * its own, and the alerts it still sees are redrawn with the state.
 */
import type { Subscription } from "../../alerts/store/index.js";
import { clickedSubscription } from "../../subscriptions/clicked-subscription.js";
import { ALERT_ACTION_IDS, ALERT_MUTE_MS } from "../../views/alerts/alert-actions.js";
import { renderMuted, renderUnmuted } from "../../views/subscriptions/subscription-changes.js";
import type { ActionSpec } from "../listener.js";
import { clickedMessage, showMuteState } from "../mute-change.js";

const decode: ActionSpec<Subscription>["decode"] = async (control, { body }, { deps, workspace }) =>
  (await clickedSubscription(deps.store, control, body, workspace.id))?.subscription ?? null;

export const muteAlerts: ActionSpec<Subscription> = {
  name: ALERT_ACTION_IDS.mute1h,
  decode,
  guard: () => ({ changesSubscriptions: true }),
  async run(ctx, sub, { body }) {
    const { deps, reply } = ctx;
    const now = deps.now();
    const until = new Date(now.getTime() + ALERT_MUTE_MS);
    const muted = (await deps.store.setMute(sub.id, until, { by: body.user.id, at: now })) ?? sub;
    await reply(renderMuted(muted, until, body.user.id), { response_type: "in_channel" });
    await showMuteState(ctx, muted, body.user.id, clickedMessage(body));
    return "ok";
  },
};

export const unmuteAlerts: ActionSpec<Subscription> = {
  name: ALERT_ACTION_IDS.unmute,
  decode,
  guard: () => ({ changesSubscriptions: true }),
  async run(ctx, sub, { body }) {
    const { deps, reply } = ctx;
    const cleared = await deps.store.clearMute(sub.id, deps.now(), body.user.id);
    const unmuted = cleared?.subscription ?? sub;
    await reply(renderUnmuted(unmuted, cleared?.mutedCount ?? 0, body.user.id), {
      response_type: "in_channel",
    });
    await showMuteState(ctx, unmuted, null, clickedMessage(body));
    return "ok";
  },
};
