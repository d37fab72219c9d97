/**
 * Messages that tell many failures at once: the roll-up when one poll finds more than the threshold, and
 * the one line after a mute ends. Both say how many and since when, list no more than a few, and point
 * to "Failed runs" for the rest.
 */

import { MAX_EXECUTION_ID_LENGTH } from "../executions/execution-row.js";
import { context, type KnownBlock, type SlackMessage, section } from "../shared/blocks.js";
import {
  escapeMrkdwn,
  formatCount,
  formatDuration,
  inlineCode,
  link,
  oneLine,
  slackDate,
  truncate,
  truncatePlain,
  utcFallback,
} from "../shared/mrkdwn.js";
import type { FailedExecution } from "./alert.js";
import { alertActions } from "./alert-actions.js";
import {
  type AlertSubject,
  buttonTarget,
  failuresWord,
  mentionPrefix,
  namespaceName,
  plainRetrieverName,
  retrieverName,
} from "./alert-parts.js";

export interface AlertRollupInput {
  subject: AlertSubject;
  /** The failures told, oldest first. */
  failures: readonly FailedExecution[];
  /** True when there were more than one poll could read, so the count is a lower bound. */
  atLeast?: boolean;
  pageSize: number;
  /** How many to list by name (default 5, at most 10). */
  listed?: number;
  studioUrl?: ((executionId: string) => string | undefined) | undefined;
  /** Set once the incident it heads recovered: the first line says so, and nobody is pinged again. */
  resolution?: string | undefined;
}

const DEFAULT_LISTED = 5;
const MAX_LISTED = 10;
const QUERY_IN_LINE = 80;
const LIST_TEXT_BUDGET = 2800;

/** `14:02 UTC`, for the top-level text where a date token may not render. */
function utcTime(date: Date): string {
  return utcFallback(date).slice(11);
}

function countWords(count: number, atLeast: boolean | undefined): string {
  return `${atLeast ? "at least " : ""}${formatCount(count)} ${failuresWord(count)}`;
}

function safeUrl(studioUrl: AlertRollupInput["studioUrl"], executionId: string): string | undefined {
  try {
    return studioUrl?.(executionId);
  } catch {
    // A broken link builder costs the link, not the roll-up.
    return undefined;
  }
}

function failureLine(failure: FailedExecution, url: string | undefined): string {
  const id =
    url === undefined
      ? inlineCode(failure.executionId, MAX_EXECUTION_ID_LENGTH)
      : link(url, truncatePlain(oneLine(failure.executionId), MAX_EXECUTION_ID_LENGTH));
  const parts = [`• ${id}`, slackDate(failure.createdAt, "{time}")];
  if (typeof failure.durationMs === "number") parts.push(`took ${formatDuration(failure.durationMs)}`);
  const query = oneLine(failure.querySummary ?? "");
  if (query !== "") parts.push(`“${truncate(escapeMrkdwn(query), QUERY_IN_LINE)}”`);
  return parts.join("  ·  ");
}

/** One line per failure within its share of a section; a link too long for it is dropped first. */
function failureLines(input: AlertRollupInput, listed: readonly FailedExecution[]): string {
  const budget = Math.floor(LIST_TEXT_BUDGET / Math.max(1, listed.length)) - 1;
  return listed
    .map((failure) => {
      const line = failureLine(failure, safeUrl(input.studioUrl, failure.executionId));
      return truncate(line.length <= budget ? line : failureLine(failure, undefined), budget);
    })
    .join("\n");
}

export function renderAlertRollup(input: AlertRollupInput): SlackMessage {
  const { subject, failures } = input;
  const count = failures.length;
  const oldest = failures[0]?.createdAt;
  const since = oldest === undefined ? "" : ` since ${slackDate(oldest, "{time}")}`;
  const resolved = input.resolution !== undefined;
  const mention = resolved ? "" : mentionPrefix(subject.mention);
  const blocks: KnownBlock[] = [];
  if (resolved) blocks.push(section(`:white_check_mark: *${input.resolution}*`));
  blocks.push(
    section(
      `${resolved ? ":heavy_minus_sign:" : ":rotating_light:"} ${mention}*${countWords(count, input.atLeast)}* of ` +
        `${retrieverName(subject)}${since} in namespace ${namespaceName(subject)}`,
    ),
  );
  const listed = failures.slice(0, Math.min(MAX_LISTED, Math.max(1, input.listed ?? DEFAULT_LISTED)));
  if (listed.length > 0) blocks.push(section(failureLines(input, listed)));
  const rest = count - listed.length;
  if (rest > 0 || input.atLeast) {
    const more = rest > 0 ? `…and ${countWords(rest, input.atLeast)} more. ` : "";
    blocks.push(context(`${more}*Failed runs* lists them all; each one is also in Mixpeek.`));
  }
  const actions = alertActions(buttonTarget(subject, input.pageSize));
  if (actions) blocks.push(actions);
  const sinceText = oldest === undefined ? "" : ` since ${utcTime(oldest)}`;
  return {
    text: `${resolved ? "Recovered: " : mention}${countWords(count, input.atLeast)} of ${plainRetrieverName(subject)}${sinceText}`,
    blocks,
  };
}

export interface MutedSummaryInput {
  subject: AlertSubject;
  /** How many failures the mute held back. */
  count: number;
  /** The oldest of them, when known. */
  since?: Date | undefined;
  pageSize: number;
}

/** The one line posted when a mute has ended: how many failures it held back. */
export function renderMutedSummary(input: MutedSummaryInput): SlackMessage {
  const { subject, count } = input;
  const since = input.since === undefined ? "" : ` (the first at ${slackDate(input.since)})`;
  const blocks: KnownBlock[] = [
    section(
      `:mute: ${formatCount(count)} ${failuresWord(count)} of ${retrieverName(subject)} happened while alerts ` +
        `were muted${since}. Alerts are back on.`,
    ),
  ];
  // Muting again from here would be one click too easy to make by mistake.
  const actions = alertActions(buttonTarget(subject, input.pageSize), { mute: false });
  if (actions) blocks.push(actions);
  return {
    text: `${formatCount(count)} ${failuresWord(count)} of ${plainRetrieverName(subject)} happened while alerts were muted`,
    blocks,
  };
}
