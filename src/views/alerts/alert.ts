/**
 * One failed execution told to a channel: who it concerns, which retriever, when it ran, what it cost,
 * what it was asked, and why it failed. Everything from Mixpeek is escaped and cut; alert-plain.ts turns
 * it into text alone when Slack refuses the blocks.
 */

import { detailsButton } from "../executions/details-button.js";
import { MAX_EXECUTION_ID_LENGTH } from "../executions/execution-row.js";
import { context, type KnownBlock, mrkdwn, type SlackMessage, section } from "../shared/blocks.js";
import { redactSecrets } from "../shared/messages.js";
import {
  escapeMrkdwn,
  formatCredits,
  formatDuration,
  inlineCode,
  link,
  oneLine,
  slackDate,
  truncate,
  truncatePlain,
} from "../shared/mrkdwn.js";
import { alertActions } from "./alert-actions.js";
import {
  type AlertSubject,
  buttonTarget,
  failuresWord,
  mentionPrefix,
  namespaceName,
  plainRetrieverName,
  retrieverName,
  windowPhrase,
} from "./alert-parts.js";

/** What the alert knows about the run, from the list (or, after a restart, from the detail endpoint). */
export interface FailedExecution {
  executionId: string;
  createdAt: Date;
  durationMs?: number | null | undefined;
  creditsUsed?: number | null | undefined;
  querySummary?: string | null | undefined;
}

/** Why it failed, from `getExecution`. */
export interface FailureCause {
  error: string | null;
  /** The stage with an error, or the stage the run was in. */
  stage: string | null;
}

export interface FailureAlertInput {
  subject: AlertSubject;
  execution: FailedExecution;
  /** Undefined when `getExecution` failed: the alert still goes out, a little shorter. */
  cause?: FailureCause | undefined;
  /** Rows per page of the list behind "Failed runs". */
  pageSize: number;
  /** Where the run opens in Mixpeek Studio, if anywhere. */
  studioUrl?: string | undefined;
  /** Failures in the thread this alert heads, itself included; the count shows from 2 on. */
  threadCount?: number | undefined;
  /** The thread window, for "in the last hour". */
  threadMinutes?: number | undefined;
  /** A reply inside a thread: the parent already pinged, so no mention. */
  inThread?: boolean | undefined;
  /**
   * Set once the incident this alert heads recovered ("Recovered at 2:41 PM after 3 failures over 14
   * min", mrkdwn): it becomes the first line, and the alert no longer pings anyone.
   */
  resolution?: string | undefined;
}

const ERROR_LENGTH = 1500;
const REPLY_ERROR_LENGTH = 300;
const QUERY_LENGTH = 500;
const STAGE_LENGTH = 80;
const FALLBACK_LENGTH = 300;

function errorText(cause: FailureCause | undefined, max: number): string | undefined {
  const words = oneLine(cause?.error ?? "");
  return words === "" ? undefined : truncate(escapeMrkdwn(redactSecrets(words)), max);
}

function stageText(cause: FailureCause | undefined): string | undefined {
  const stage = oneLine(cause?.stage ?? "");
  return stage === "" ? undefined : inlineCode(stage, STAGE_LENGTH);
}

function queryText(execution: FailedExecution, max: number): string | undefined {
  const query = oneLine(execution.querySummary ?? "");
  return query === "" ? undefined : truncate(escapeMrkdwn(query), max);
}

function executionIdText(execution: FailedExecution, studioUrl: string | undefined): string {
  if (studioUrl === undefined) return inlineCode(execution.executionId, MAX_EXECUTION_ID_LENGTH);
  return link(studioUrl, truncatePlain(oneLine(execution.executionId), MAX_EXECUTION_ID_LENGTH));
}

function headline(input: FailureAlertInput): string {
  const mention = input.inThread || input.resolution ? "" : mentionPrefix(input.subject.mention);
  const icon = input.resolution ? ":heavy_minus_sign:" : ":rotating_light:";
  return (
    `${icon} ${mention}${retrieverName(input.subject)} failed ` +
    `in namespace ${namespaceName(input.subject)}`
  );
}

function whySection(cause: FailureCause | undefined): string | undefined {
  const error = errorText(cause, ERROR_LENGTH);
  const stage = stageText(cause);
  if (error === undefined && stage === undefined) return undefined;
  const title = stage === undefined ? "*Error*" : `*Failed at stage* ${stage}`;
  return error === undefined ? `${title} (Mixpeek gave no message)` : `${title}\n> ${error}`;
}

function factFields(input: FailureAlertInput): string[] {
  const { execution } = input;
  const fields = [
    `*Execution*\n${executionIdText(execution, input.studioUrl)}`,
    `*Started*\n${slackDate(execution.createdAt)}`,
  ];
  if (typeof execution.durationMs === "number")
    fields.push(`*Duration*\n${formatDuration(execution.durationMs)}`);
  if (typeof execution.creditsUsed === "number")
    fields.push(`*Credits*\n${formatCredits(execution.creditsUsed)}`);
  return fields;
}

function threadLine(input: FailureAlertInput): string | undefined {
  const count = input.threadCount ?? 1;
  if (count < 2) return undefined;
  const window = windowPhrase(input.threadMinutes ?? 60);
  return `:thread: *${count} ${failuresWord(count)} in the last ${window}*; the newer ones are in this thread.`;
}

/** The top-level text: what notifications and screen readers show. */
function fallbackText(input: FailureAlertInput): string {
  if (input.resolution) return `Recovered: retriever ${plainRetrieverName(input.subject)} is running again.`;
  const mention = input.inThread ? "" : mentionPrefix(input.subject.mention);
  const error = errorText(input.cause, FALLBACK_LENGTH);
  const what = `${mention}Retriever ${plainRetrieverName(input.subject)} failed`;
  return truncate(error === undefined ? `${what}.` : `${what}: ${error}`, FALLBACK_LENGTH * 2);
}

/**
 * A reply in an alert's thread is short: the parent carries the whole alert (and its buttons), so a
 * reply says only which run failed, when, why, and offers its Details.
 */
function renderThreadReply(input: FailureAlertInput): SlackMessage {
  const { execution } = input;
  const id = executionIdText(execution, input.studioUrl);
  const error = errorText(input.cause, REPLY_ERROR_LENGTH);
  const stage = stageText(input.cause);
  const why = error ?? (stage === undefined ? "Mixpeek gave no reason" : "no message from Mixpeek");
  const where = stage === undefined ? "" : ` at ${stage}`;
  const blocks: KnownBlock[] = [
    section(`:x: ${id} failed${where} ${slackDate(execution.createdAt, "{time}")}: ${why}`),
  ];
  const details = detailsOf(input);
  if (details) blocks.push({ type: "actions", elements: [details] });
  return { text: fallbackText(input), blocks };
}

function detailsOf(input: FailureAlertInput) {
  return detailsButton({
    namespace: input.subject.namespace,
    retriever: input.subject.retrieverId,
    retrieverName: input.subject.retrieverName,
    executionId: input.execution.executionId,
  });
}

export function renderFailureAlert(input: FailureAlertInput): SlackMessage {
  if (input.inThread) return renderThreadReply(input);
  const blocks: KnownBlock[] = [];
  if (input.resolution) blocks.push(section(`:white_check_mark: *${input.resolution}*`));
  blocks.push(section(headline(input)));
  const why = whySection(input.cause);
  if (why !== undefined) blocks.push(section(why));
  blocks.push({ type: "section", fields: factFields(input).map(mrkdwn) });
  const query = queryText(input.execution, QUERY_LENGTH);
  if (query !== undefined) blocks.push(section(`*Query*\n> ${query}`));
  const notes: string[] = [];
  if (input.cause === undefined) notes.push("The error details couldn't be loaded from Mixpeek just now.");
  const thread = threadLine(input);
  if (thread !== undefined) notes.push(thread);
  if (notes.length > 0) blocks.push(context(...notes));
  const details = detailsOf(input);
  const actions = alertActions(buttonTarget(input.subject, input.pageSize), {
    extra: details ? [details] : [],
  });
  if (actions) blocks.push(actions);
  return { text: fallbackText(input), blocks };
}
