/**
 * The Home tab: the workspace's subscriptions grouped by channel, the watcher's health and a short
 * guide. Published fresh each time someone opens it.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { Subscription } from "../../alerts/store/index.js";
import type { BotDeps } from "../../deps.js";
import { classifySlackError } from "../../slack/slack-errors.js";
import { type ChannelSubscriptions, renderAppHome } from "../../views/home/app-home.js";
import { EXECUTIONS_COMMAND } from "../commands/executions.js";
import { timeRequest } from "../instrument.js";

type EventArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

export function appHomeOpened(deps: BotDeps) {
  return async ({ event, body, client }: EventArgs): Promise<void> => {
    if (event.tab !== "home") return;
    const timer = timeRequest(deps, "event", "app_home_opened");
    timer.acked();
    try {
      const subs = await deps.store.listTeamSubscriptions(body.team_id ?? "");
      const view = renderAppHome({
        subscriptionsByChannel: groupByChannel(subs),
        watcher: deps.watcher.health(),
        command: EXECUTIONS_COMMAND,
        now: deps.now(),
      });
      await client.views.publish({ user_id: event.user, view });
      timer.done("ok");
    } catch (error) {
      deps.metrics.recordSlackApiError("views.publish", classifySlackError(error).code);
      deps.logger.warn({ err: error }, "could not publish the Home tab");
      timer.done("error");
    }
  };
}

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
