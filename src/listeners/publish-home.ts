/**
 * Draws a person's Home tab: the subscriptions of the conversations they are in, grouped by channel
 * (others, private channels and DMs included, are only counted), with their buttons, the watcher's health
 * and a short guide. Published when the tab is opened and again after a change made from it.
 */
import { ruleCommandText } from "../alerts/incidents/rules.js";
import type { Subscription } from "../alerts/store/index.js";
import { classifySlackError } from "../slack/slack-errors.js";
import { rulesOf } from "../subscriptions/rule-listing.js";
import { type ChannelSubscriptions, renderAppHome } from "../views/home/app-home.js";
import type { RuleListing } from "../views/subscriptions/subscriptions.js";
import { EXECUTIONS_COMMAND } from "./commands/executions.js";
import type { RequestContext } from "./listener.js";

/** Resolves false when Slack would not take the view (logged and counted). */
export async function publishHome(ctx: RequestContext, teamId: string, userId: string): Promise<boolean> {
  const { deps, client } = ctx;
  // Only this workspace's: a team moved into an org-wide install does not see the old install's rows.
  const subs = (await deps.store.listTeamSubscriptions(teamId)).filter(
    (sub) => sub.workspaceId === ctx.workspace.id,
  );
  // Unknown memberships show nothing rather than everything.
  const member = await deps.directory.conversationsOf(client, teamId, userId).catch(() => null);
  const shown = member === null ? [] : subs.filter((sub) => member.has(sub.channelId));
  const hidden = subs.filter((sub) => !shown.includes(sub));
  const rules = await rulesOf(deps.store, shown);
  const view = renderAppHome({
    subscriptionsByChannel: groupByChannel(shown, rules),
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
    await client.views.publish({ user_id: userId, view });
    return true;
  } catch (error) {
    deps.metrics.recordSlackApiError("views.publish", classifySlackError(error).code);
    deps.logger.warn({ err: error }, "could not publish the Home tab");
    return false;
  }
}

function groupByChannel(
  subs: readonly Subscription[],
  rules: ReadonlyMap<number, readonly RuleListing[]>,
): ChannelSubscriptions[] {
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
      failureAlerts: sub.failureAlerts,
      rules: (rules.get(sub.id) ?? []).map(({ rule, firingSince }) => ({
        text: ruleCommandText(rule),
        firingSince,
        problem: rule.problem,
      })),
    });
  }
  return [...byChannel.values()];
}
