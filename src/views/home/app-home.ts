/**
 * The App Home tab: is the alert watcher healthy, which channels get failure alerts for which
 * retrievers (muted? broken?) with buttons to mute, unmute or unsubscribe each (home-controls.ts), a
 * "Subscribe a channel" button, and how to use the command. A workspace can hold more subscriptions
 * than a Home tab can show (100 blocks, ~12,000 chars), so the list fills a budget and counts the rest.
 */

import type { types } from "@slack/bolt";
import { context, divider, header, type KnownBlock, section } from "../shared/blocks.js";
import { channelMention, userMention } from "../shared/mentions.js";
import { redactSecrets } from "../shared/messages.js";
import { escapeMrkdwn, formatCount, inlineCode, oneLine, slackDate, truncate } from "../shared/mrkdwn.js";
import { SLACK_LIMITS } from "../shared/slack-limits.js";
import { blocksTextLength } from "../shared/text-budget.js";
import { type PaceFacts, paceLines } from "../shared/watch-pace.js";
import { controlsTextLength, subscribeChannelButton, subscriptionControls } from "./home-controls.js";

export type HomeView = types.HomeView;

export interface HomeSubscription {
  id: number | string;
  retriever: string;
  namespace: string;
  /** Alerts are held back while this lies in the future. */
  mutedUntil: Date | null;
  /** Why posting to the channel stopped working (e.g. `not_in_channel`); null while healthy. */
  brokenReason: string | null;
  createdBy: string;
  createdAt: Date;
  /** Whether every failed run is posted (false: threshold rules only). */
  failureAlerts?: boolean;
  /** Its threshold rules: the command text naming each, its state, and why it can't be judged. */
  rules?: HomeRule[];
}

export interface HomeRule {
  /** `when:p95>800ms over:1h`, as typed. */
  text: string;
  firingSince: Date | null;
  problem: string | null;
}

export interface ChannelSubscriptions {
  channelId: string;
  subscriptions: HomeSubscription[];
}

export interface WatcherHealth {
  /** When the watcher last finished a polling round; null before the first. */
  lastRoundAt: Date | null;
  retrieversWatched: number;
  /** Mixpeek calls that failed, as the watcher counts them (its most recent rounds). */
  upstreamErrors: number;
  lastError?: string | null;
  /** How the Mixpeek request budget paces the checks; absent or null without one. */
  pace?: PaceFacts | null;
}

/** Subscriptions in conversations the viewer is not in: counted, never named. */
export interface OtherSubscriptions {
  channels: number;
  subscriptions: number;
  /** Slack could not say which conversations the viewer is in, so none was listed. */
  membershipUnknown?: boolean;
}

export interface AppHomeInput {
  /** Only conversations the viewer is a member of. */
  subscriptionsByChannel: ChannelSubscriptions[];
  others?: OtherSubscriptions;
  watcher: WatcherHealth;
  /** The slash command as installed, e.g. `/executions`. */
  command: string;
  now: Date;
  /** A last round older than this means the watcher may be stuck; 15 minutes unless given. */
  staleAfterMs?: number;
}

const TOTAL_TEXT_BUDGET = 11_000;
const RETRIEVER_IN_TEXT = 60;
const NAMESPACE_IN_TEXT = 40;
const PROBLEM_LENGTH = 120;
const LAST_ERROR_LENGTH = 200;
const DEFAULT_STALE_AFTER_MS = 15 * 60_000;
// Kept back in each channel's section for its "…and N more here" line.
const MORE_HERE_RESERVE = 40;

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function healthLine(input: AppHomeInput): string {
  const { watcher, now } = input;
  const watching = `Watching ${plural(watcher.retrieversWatched, "retriever", "retrievers")}`;
  if (watcher.lastRoundAt === null)
    return `:white_circle: ${watching}; the alert watcher has not finished a round yet.`;
  const last = `last round ${slackDate(watcher.lastRoundAt)}`;
  const ageMs = now.getTime() - watcher.lastRoundAt.getTime();
  const lines: string[] = [];
  if (ageMs > (input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS)) {
    lines.push(`:warning: ${watching}, but the ${last}: the alert watcher may be stuck.`);
  } else if (watcher.upstreamErrors > 0) {
    lines.push(`:large_orange_circle: ${watching}  ·  ${last}`);
  } else {
    lines.push(`:large_green_circle: ${watching}  ·  ${last}`);
  }
  if (watcher.upstreamErrors > 0) {
    let errors = `${plural(watcher.upstreamErrors, "call", "calls")} to Mixpeek failed recently`;
    const lastError = oneLine(watcher.lastError ?? "");
    if (lastError !== "") {
      errors += `; the last said: _${truncate(escapeMrkdwn(redactSecrets(lastError)), LAST_ERROR_LENGTH)}_`;
    }
    lines.push(errors);
  }
  lines.push(...paceLines(watcher.pace, now));
  return lines.join("\n");
}

function subscriptionLine(subscription: HomeSubscription, now: Date): string {
  const muted = subscription.mutedUntil !== null && subscription.mutedUntil.getTime() > now.getTime();
  const state =
    muted && subscription.mutedUntil
      ? `:mute: muted until ${slackDate(subscription.mutedUntil)}`
      : ":bell: on";
  let line =
    `• ${inlineCode(subscription.retriever, RETRIEVER_IN_TEXT)} in ${inlineCode(subscription.namespace, NAMESPACE_IN_TEXT)}` +
    `  ·  ${state}  ·  added by ${userMention(subscription.createdBy)}`;
  if (subscription.failureAlerts === false) line += "  ·  threshold alerts only";
  for (const rule of subscription.rules ?? []) {
    const ruleState =
      rule.firingSince === null ? "OK" : `:red_circle: firing since ${slackDate(rule.firingSince, "{time}")}`;
    const note =
      rule.problem === null
        ? ""
        : `  ·  :warning: ${truncate(escapeMrkdwn(oneLine(rule.problem)), PROBLEM_LENGTH)}`;
    line += `
      \`${truncate(escapeMrkdwn(oneLine(rule.text)).replace(/`/g, "'"), 80)}\`  ·  ${ruleState}${note}`;
  }
  const problem = oneLine(subscription.brokenReason ?? "");
  if (problem !== "") {
    line += `\n      :warning: Alerts can't be posted here: ${truncate(escapeMrkdwn(problem), PROBLEM_LENGTH)}`;
  }
  return line;
}

/** The slash command, safe inside backticks. */
function commandText(command: string): string {
  return truncate(escapeMrkdwn(oneLine(command).replace(/`/g, "ˋ")), 40);
}

function guide(c: string): KnownBlock {
  return section(
    [
      "*How to use it*",
      `\`${c} <retriever>\` — the latest executions of a retriever, with paging and a status filter`,
      `\`${c} subscribe <retriever>\` — post this channel's failure alerts (type it in the channel)`,
      `\`${c} subscribe <retriever> when:failure-rate>5%\` or \`when:p95>800ms\` — alert when a figure crosses a threshold`,
      `\`${c} mute <retriever> 2h\` — pause a channel's alerts for a while; \`${c} unmute <retriever>\` resumes them`,
      `\`${c} help\` — every form of the command`,
    ].join("\n"),
  );
}

interface Listing {
  blocks: KnownBlock[];
  hiddenChannels: number;
  hiddenSubscriptions: number;
}

/**
 * Per channel a heading, then each subscription's line with its buttons underneath, as many as the text
 * and block budgets allow; a channel cut short says how many more it has.
 */
function channelSections(
  channels: ChannelSubscriptions[],
  now: Date,
  textBudget: number,
  maxBlocks: number,
): Listing {
  const blocks: KnownBlock[] = [];
  let used = 0;
  let shownChannels = 0;
  for (const channel of channels) {
    const subs = channel.subscriptions;
    const heading = `${channelMention(channel.channelId)}  ·  ${plural(subs.length, "subscription", "subscriptions")}`;
    const channelBlocks: KnownBlock[] = [section(heading)];
    let text = heading.length;
    let shown = 0;
    for (const subscription of subs) {
      const line = truncate(subscriptionLine(subscription, now), SLACK_LIMITS.sectionText);
      const controls = subscriptionControls(subscription, now);
      const more = shown + 1 < subs.length ? 1 : 0;
      const needed = 1 + (controls ? 1 : 0) + more;
      const reserve = more === 1 ? MORE_HERE_RESERVE : 0;
      if (blocks.length + channelBlocks.length + needed > maxBlocks) break;
      const cost = line.length + controlsTextLength(controls);
      if (used + text + cost + reserve > textBudget) break;
      channelBlocks.push(section(line));
      if (controls) channelBlocks.push(controls);
      text += cost;
      shown++;
    }
    if (shown === 0) break;
    if (shown < subs.length) {
      const rest = `_…and ${formatCount(subs.length - shown)} more here_`;
      channelBlocks.push(context(rest));
      text += rest.length;
    }
    blocks.push(...channelBlocks);
    used += text;
    shownChannels++;
  }
  const hidden = channels.slice(shownChannels);
  return {
    blocks,
    hiddenChannels: hidden.length,
    hiddenSubscriptions: hidden.reduce((sum, channel) => sum + channel.subscriptions.length, 0),
  };
}

/** One line counting what the viewer may not see, without naming a channel. */
function othersLine(others: OtherSubscriptions | undefined): KnownBlock | undefined {
  if (others === undefined || others.subscriptions === 0) return undefined;
  const counted =
    `${plural(others.subscriptions, "subscription", "subscriptions")} in ` +
    plural(others.channels, "conversation", "conversations");
  return context(
    others.membershipUnknown
      ? `:lock: Slack couldn't say which conversations you're in, so none is listed here (${counted}).`
      : `:lock: ${counted} you're not in ${others.subscriptions === 1 ? "is" : "are"} not shown.`,
  );
}

export function renderAppHome(input: AppHomeInput): HomeView {
  const channels = input.subscriptionsByChannel.filter((channel) => channel.subscriptions.length > 0);
  const command = commandText(input.command);
  const top: KnownBlock[] = [
    header("Mixpeek executions"),
    section(healthLine(input)),
    divider(),
    section("*Failure alerts by channel*"),
    subscribeChannelButton(),
  ];
  const others = othersLine(input.others);
  const bottom: KnownBlock[] = [...(others ? [others] : []), divider(), guide(command)];

  if (channels.length === 0) {
    const empty = section(
      others
        ? "None of the conversations you're in gets failure alerts."
        : `No channel is subscribed yet — try \`${command} subscribe my-retriever\` in a channel.`,
    );
    return { type: "home", blocks: [...top, empty, ...bottom] };
  }

  const moreReserve = 1; // the "…and N more" line
  const maxBlocks = SLACK_LIMITS.surfaceBlocks - top.length - bottom.length - moreReserve;
  const textBudget = TOTAL_TEXT_BUDGET - blocksTextLength([...top, ...bottom]) - 150;
  const listing = channelSections(channels, input.now, textBudget, maxBlocks);
  const blocks = [...top, ...listing.blocks];
  if (listing.hiddenChannels > 0) {
    blocks.push(
      context(
        `…and ${plural(listing.hiddenChannels, "more channel", "more channels")} with ` +
          `${plural(listing.hiddenSubscriptions, "subscription", "subscriptions")}. ` +
          `\`${command} subscriptions\` in a channel lists its own.`,
      ),
    );
  }
  return { type: "home", blocks: [...blocks, ...bottom] };
}
