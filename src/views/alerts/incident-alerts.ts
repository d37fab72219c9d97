/**
 * Incidents in the channel (issue 16): the end of a run of failure alerts, and threshold rules firing and
 * recovering. A recovery edits the incident's parent message (its first line becomes the resolution) and
 * adds one reply under it. Retriever names are escaped and cut like every alert's.
 */

import {
  formatMs,
  formatPercent,
  recoveryLevel,
  ruleWords,
  windowWords,
} from "../../alerts/incidents/rules.js";
import type { RuleSpec } from "../../alerts/store/index.js";
import { context, type KnownBlock, type SlackMessage, section } from "../shared/blocks.js";
import { formatCount, slackDate, truncate, utcFallback } from "../shared/mrkdwn.js";
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

const MINUTE_MS = 60_000;

/** "under a minute", "14 min", "2 h 5 min", "3 days": how long an incident lasted. */
export function incidentLength(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE_MS);
  if (minutes < 1) return "under a minute";
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** `14:41 UTC`, for the notification text where a date token does not render. */
function utcTime(date: Date): string {
  return utcFallback(date).slice(11);
}

/** The end of a run of failure alerts. */
export interface FailureRecovery {
  /** When the run that ended it completed. */
  recoveredAt: Date;
  failures: number;
  firstFailureAt: Date;
}

/** "Recovered at 2:41 PM after 3 failures over 14 min" (the time in each reader's zone). */
export function recoveryResolution(recovery: FailureRecovery): string {
  const over = incidentLength(recovery.recoveredAt.getTime() - recovery.firstFailureAt.getTime());
  return (
    `Recovered at ${slackDate(recovery.recoveredAt, "{time}")} after ` +
    `${formatCount(recovery.failures)} ${failuresWord(recovery.failures)} over ${over}`
  );
}

/** The one reply under a recovered incident. */
export function renderRecoveryReply(subject: AlertSubject, recovery: FailureRecovery): SlackMessage {
  const over = incidentLength(recovery.recoveredAt.getTime() - recovery.firstFailureAt.getTime());
  const count = `${formatCount(recovery.failures)} ${failuresWord(recovery.failures)}`;
  return {
    text: truncate(
      `${plainRetrieverName(subject)} recovered at ${utcTime(recovery.recoveredAt)} after ${count} over ${over}.`,
      600,
    ),
    blocks: [
      section(
        `:white_check_mark: ${retrieverName(subject)} recovered: a run completed at ` +
          `${slackDate(recovery.recoveredAt, "{time}")} after ${count} over ${over}. ` +
          "A new failure will start a new alert.",
      ),
    ],
  };
}

/** What a rule fired on: its figure over the window, and the runs behind it. */
export interface RuleReading {
  value: number;
  runs: number;
  failed?: number | undefined;
  partial?: boolean | undefined;
}

export interface RuleAlertInput {
  subject: AlertSubject;
  rule: RuleSpec;
  /** The figures it fired on. */
  fired: RuleReading;
  firedAt: Date;
  pageSize: number;
  /** Set once it recovered: the figures then, for the parent's first line. */
  recovered?: { at: Date; reading: RuleReading } | undefined;
}

/** "7 of 92 runs failed in the last 15 min (7.6%)" / "p95 latency 1,240 ms over 92 runs in the last 15 min". */
export function readingWords(rule: RuleSpec, reading: RuleReading): string {
  const window = windowWords(rule.windowMs);
  const newest = reading.partial ? "the newest " : "";
  if (rule.metric === "failure_rate") {
    return (
      `${formatCount(reading.failed ?? 0)} of ${newest}${formatCount(reading.runs)} ` +
      `${reading.runs === 1 ? "run" : "runs"} failed in the last ${window} (${formatPercent(reading.value)})`
    );
  }
  return `p95 latency ${formatMs(reading.value)} over ${newest}${formatCount(reading.runs)} ${reading.runs === 1 ? "run" : "runs"} in the last ${window}`;
}

function ruleResolution(input: RuleAlertInput, recovered: { at: Date; reading: RuleReading }): string {
  const lasted = incidentLength(recovered.at.getTime() - input.firedAt.getTime());
  return `Recovered at ${slackDate(recovered.at, "{time}")} after ${lasted}: ${readingWords(input.rule, recovered.reading)}`;
}

/** A rule crossed its threshold: one top-level message, the parent of its incident. */
export function renderRuleAlert(input: RuleAlertInput): SlackMessage {
  const { subject, rule, fired, recovered } = input;
  const icon = rule.metric === "failure_rate" ? ":chart_with_upwards_trend:" : ":snail:";
  const mention = recovered ? "" : mentionPrefix(subject.mention);
  const blocks: KnownBlock[] = [];
  if (recovered) blocks.push(section(`:white_check_mark: *${ruleResolution(input, recovered)}*`));
  blocks.push(
    section(
      `${recovered ? ":heavy_minus_sign:" : icon} ${mention}${retrieverName(subject)} in ${namespaceName(subject)}: ` +
        `*${ruleWords(rule)}* since ${slackDate(input.firedAt, "{time}")}\n` +
        `${readingWords(rule, fired)}.`,
    ),
  );
  blocks.push(
    context(
      recovered
        ? `The rule fired at ${slackDate(input.firedAt)}.`
        : `It recovers below ${rule.metric === "failure_rate" ? formatPercent(recoveryLevel(rule)) : formatMs(recoveryLevel(rule))}; this message says so when it does.`,
    ),
  );
  const actions = alertActions(buttonTarget(subject, input.pageSize));
  if (actions && !recovered) blocks.push(actions);
  const text = recovered
    ? `Recovered: ${plainRetrieverName(subject)} ${ruleWords(rule)} is back to normal.`
    : `${mention}${plainRetrieverName(subject)}: ${ruleWords(rule)}: ${readingWords(rule, fired)}.`;
  return { text: truncate(text, 600), blocks };
}

/** The one reply under a rule's alert once it recovered. */
export function renderRuleRecoveryReply(
  subject: AlertSubject,
  rule: RuleSpec,
  at: Date,
  reading: RuleReading,
): SlackMessage {
  const level =
    rule.metric === "failure_rate" ? formatPercent(recoveryLevel(rule)) : formatMs(recoveryLevel(rule));
  return {
    text: truncate(`${plainRetrieverName(subject)} is back under ${ruleWords(rule)}.`, 600),
    blocks: [
      section(
        `:white_check_mark: Back under the threshold at ${slackDate(at, "{time}")}: ` +
          `${readingWords(rule, reading)}, below ${level}.`,
      ),
    ],
  };
}
