/**
 * The Home tab: the subscriptions of the conversations the viewer is in, grouped by channel (others,
 * private channels and DMs included, are only counted), the watcher's health and a short guide.
 * Published fresh each time someone opens it; the viewer's memberships are Slack's, cached briefly.
 */
import type { Subscription } from "../../alerts/store/index.js";
import { classifySlackError } from "../../slack/slack-errors.js";
import { type ChannelSubscriptions, renderAppHome } from "../../views/home/app-home.js";
import { EXECUTIONS_COMMAND } from "../commands/executions.js";
import type { EventSpec } from "../listener.js";

export const appHomeOpened: EventSpec<"app_home_opened"> = {
  name: "app_home_opened",
  async run({ deps, client }, { event, body }) {
    if (event.tab !== "home") return "ok";
    const teamId = body.team_id ?? "";
    const subs = await deps.store.listTeamSubscriptions(teamId);
    // Unknown memberships show nothing rather than everything.
    const member = await deps.directory.conversationsOf(client, teamId, event.user).catch(() => null);
    const shown = member === null ? [] : subs.filter((sub) => member.has(sub.channelId));
    const hidden = subs.filter((sub) => !shown.includes(sub));
    const view = renderAppHome({
      subscriptionsByChannel: groupByChannel(shown),
      others: {
        channels: new Set(hidden.map((sub) => sub.channelId)).size,
        subscriptions: hidden.length,
        membershipUnknown: member === null,
      },
      watcher: deps.watcher.health(),
      command: EXECUTIONS_COMMAND,
      now: deps.now(),
    });
    try {
      await client.views.publish({ user_id: event.user, view });
      return "ok";
    } catch (error) {
      deps.metrics.recordSlackApiError("views.publish", classifySlackError(error).code);
      deps.logger.warn({ err: error }, "could not publish the Home tab");
      return "error";
    }
  },
};

function groupByChannel(subs: readonly Subscription[]): ChannelSubscriptions[] {
  const byChannel = new Map<string, ChannelSubscriptions>();
  for (const sub of subs) {
    let group = byChannel.get(sub.channelId);
    if (!group) {
      group = { channelId: sub.channelId, subscriptions: [] };
      byChannel.set(sub.channelId, group);
    }
    group.subscriptions.push({
      id: sub.id,
      retriever: sub.retrieverName,
      namespace: sub.namespace,
      mutedUntil: sub.mutedUntil,
      brokenReason: sub.brokenReason,
      createdBy: sub.createdBy,
      createdAt: sub.createdAt,
    });
  }
  return [...byChannel.values()];
}
