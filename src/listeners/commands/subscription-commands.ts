/**
 * The channel-level forms of `/executions`: subscribe, unsubscribe, subscriptions, mute, unmute.
 * Each returns the message to show and to whom; the command listener acks and answers. Every change is
 * told to the whole channel, naming who made it; a request that changes nothing is answered privately.
 */
import type { SlashCommand } from "@slack/bolt";
import type { ParsedCommand } from "../../commands/grammar.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import type { Retriever } from "../../mixpeek/schemas.js";
import { findChannelSubscription } from "../../subscriptions/find.js";
import { rulesOf } from "../../subscriptions/rule-listing.js";
import type { SlackMessage } from "../../views/shared/blocks.js";
import { renderMixpeekError } from "../../views/shared/messages.js";
import {
  renderAlreadySubscribed,
  renderMuted,
  renderNotSubscribed,
  renderSubscribed,
  renderSubscriptionChanged,
  renderUnmuted,
} from "../../views/subscriptions/subscription-changes.js";
import { renderSubscriptionList } from "../../views/subscriptions/subscriptions.js";
import { callByRetrieverName } from "../../workspaces/retriever-by-name.js";
import type { Guard } from "../access.js";
import type { RequestContext } from "../listener.js";
import { showMuteState } from "../mute-change.js";
import { addRule, unsubscribeFrom } from "./rule-commands.js";

export interface CommandAnswer {
  message: SlackMessage;
  /** in_channel for changes the whole channel should know about. */
  visibility: "ephemeral" | "in_channel";
  outcome: "ok" | "invalid" | "upstream_error";
  /** What to do once the channel has been told (redraw the alerts it sees). */
  afterwards?: () => Promise<unknown>;
}

export type SubscriptionCommand = Extract<
  ParsedCommand,
  { kind: "subscribe" | "unsubscribe" | "subscriptions" | "mute" | "unmute" }
>;

/**
 * Subscribing reads Mixpeek, so its namespace must be allowed. Unsubscribe, mute and unmute only touch the
 * store: a channel can still clean up a subscription whose namespace was taken off the list.
 */
export function subscriptionGuard(parsed: SubscriptionCommand): Guard | undefined {
  switch (parsed.kind) {
    case "subscriptions":
      return undefined;
    case "subscribe":
      return { namespace: parsed.namespace, changesSubscriptions: true };
    default:
      return { changesSubscriptions: true };
  }
}

/**
 * Who asks, for which channel, and the command's name for the hints in answers: a slash command typed in
 * the channel, or the same request made from the App Home (home-subscriptions.ts).
 */
export interface ChannelRequest {
  teamId: string;
  channelId: string;
  userId: string;
  command: string;
}

export function channelRequestOf(command: SlashCommand): ChannelRequest {
  return {
    teamId: command.team_id,
    channelId: command.channel_id,
    userId: command.user_id,
    command: command.command,
  };
}

export async function answerSubscriptionCommand(
  ctx: RequestContext,
  command: ChannelRequest,
  parsed: SubscriptionCommand,
): Promise<CommandAnswer> {
  const { deps, workspace } = ctx;
  const where = { teamId: command.teamId, channelId: command.channelId };
  const { store } = deps;
  const now = deps.now();

  if (parsed.kind === "subscriptions") {
    const [subs, digests] = await Promise.all([
      store.listChannelSubscriptions(where.teamId, where.channelId),
      store.listChannelDigests(where.teamId, where.channelId),
    ]);
    return ephemeral(renderSubscriptionList(subs, command.command, now, digests, await rulesOf(store, subs)));
  }

  if (parsed.kind === "subscribe") {
    // Ask Mixpeek first: an unknown retriever or namespace stores nothing.
    let retriever: Retriever;
    try {
      const found = await callByRetrieverName(workspace, parsed, (name) =>
        workspace.mixpeek.getRetriever({ namespace: parsed.namespace, retriever: name }),
      );
      if (!found.found) {
        const message = renderMixpeekError(found.error, { ...parsed, suggestions: found.suggestions });
        return { ...ephemeral(message), outcome: "invalid" };
      }
      retriever = found.value;
    } catch (error) {
      if (!isMixpeekError(error)) throw error;
      return { ...ephemeral(renderMixpeekError(error, parsed)), outcome: "upstream_error" };
    }
    const result = await store.subscribe({
      ...where,
      workspaceId: ctx.workspace.id,
      namespace: parsed.namespace,
      retrieverId: retriever.retriever_id ?? retriever.retriever_name,
      retrieverName: retriever.retriever_name,
      mention: parsed.mention ?? null,
      createdBy: command.userId,
      now,
      // A rule alone does not post every failed run; a plain subscribe does (also on a rules-only one).
      failureAlerts: parsed.rule === undefined,
      ...(parsed.recovery === undefined ? {} : { recovery: parsed.recovery }),
    });
    const { subscription, previous } = result;
    if (parsed.rule !== undefined) return addRule(store, command, result, parsed.rule, now);
    if (result.created) {
      return inChannel(renderSubscribed(subscription, command.command, await deps.watcher.currentPace()));
    }
    if (result.changed && previous) {
      return inChannel(renderSubscriptionChanged(previous, subscription, command.userId));
    }
    return ephemeral(renderAlreadySubscribed(subscription, command.command));
  }

  const sub = await findChannelSubscription(store, where, parsed.retriever, parsed.namespace);
  if (!sub) {
    return {
      ...ephemeral(renderNotSubscribed(parsed.retriever, parsed.namespace, command.command)),
      outcome: "invalid",
    };
  }
  const by = command.userId;
  switch (parsed.kind) {
    case "unsubscribe":
      return unsubscribeFrom(store, command, sub, parsed.target, now);
    case "mute": {
      const until = new Date(now.getTime() + parsed.durationMs);
      const muted = (await store.setMute(sub.id, until, { by, at: now })) ?? sub;
      return inChannel(renderMuted(muted, until, by), () => showMuteState(ctx, muted, by));
    }
    case "unmute": {
      const cleared = await store.clearMute(sub.id, now, by);
      const unmuted = cleared?.subscription ?? sub;
      return inChannel(renderUnmuted(unmuted, cleared?.mutedCount ?? 0, by), () =>
        showMuteState(ctx, unmuted, null),
      );
    }
  }
}

function ephemeral(message: SlackMessage): CommandAnswer {
  return { message, visibility: "ephemeral", outcome: "ok" };
}

function inChannel(message: SlackMessage, afterwards?: () => Promise<unknown>): CommandAnswer {
  return { message, visibility: "in_channel", outcome: "ok", ...(afterwards ? { afterwards } : {}) };
}
