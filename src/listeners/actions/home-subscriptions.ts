/**
 * Mute 1h, Unmute and Unsubscribe in the App Home: the same requests as `/executions mute|unmute|
 * unsubscribe` typed in the subscription's channel, answered by the same code with the same checks
 * (SUBSCRIPTION_MANAGERS) and told to that channel the same way; the Home is then drawn again. Only a
 * subscription of a conversation the viewer is in can be changed from their Home: any other button value
 * (altered, another workspace's, a channel they left) is treated as stale.
 */
import type { Subscription } from "../../alerts/store/index.js";
import { decodeSubscriptionRef } from "../../subscriptions/subscription-ref.js";
import { ALERT_MUTE_MS } from "../../views/alerts/alert-actions.js";
import { HOME_ACTION_IDS } from "../../views/home/home-controls.js";
import { tellChannelOrPerson } from "../channel-answer.js";
import { EXECUTIONS_COMMAND } from "../commands/executions.js";
import {
  answerSubscriptionCommand,
  type ChannelRequest,
  type SubscriptionCommand,
  subscriptionGuard,
} from "../commands/subscription-commands.js";
import type { ActionSpec } from "../listener.js";
import { publishHome } from "../publish-home.js";

interface HomeChange {
  request: ChannelRequest;
  parsed: SubscriptionCommand;
}

function commandFor(actionId: string, sub: Subscription): SubscriptionCommand | null {
  const target = { retriever: sub.retrieverId, namespace: sub.namespace };
  switch (actionId) {
    case HOME_ACTION_IDS.mute:
      return { kind: "mute", ...target, durationMs: ALERT_MUTE_MS };
    case HOME_ACTION_IDS.unmute:
      return { kind: "unmute", ...target };
    case HOME_ACTION_IDS.unsubscribe:
      return { kind: "unsubscribe", ...target };
    default:
      return null;
  }
}

export const homeSubscriptionButton: ActionSpec<HomeChange> = {
  name: (control) => control.action_id,
  async decode(control, { body }, { deps, client, workspace }) {
    const id = control.type === "button" ? decodeSubscriptionRef(control.value) : null;
    if (id === null) return null;
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const sub = await deps.store.getSubscription(id);
    if (!sub || sub.workspaceId !== workspace.id || sub.teamId !== teamId) return null;
    const member = await deps.directory.conversationsOf(client, teamId, body.user.id).catch(() => null);
    if (!member?.has(sub.channelId)) return null;
    const parsed = commandFor(control.action_id, sub);
    if (parsed === null) return null;
    const request = { teamId, channelId: sub.channelId, userId: body.user.id, command: EXECUTIONS_COMMAND };
    return { request, parsed };
  },
  guard: ({ parsed }) => subscriptionGuard(parsed) ?? {},
  async run(ctx, { request, parsed }) {
    const answer = await answerSubscriptionCommand(ctx, request, parsed);
    await tellChannelOrPerson(ctx, request.channelId, answer);
    await answer.afterwards?.();
    await publishHome(ctx, request.teamId, request.userId);
    return answer.outcome;
  },
};
