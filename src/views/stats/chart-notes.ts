/**
 * The words around a shared chart: its one-line caption in the channel, and the one line a stats view
 * shows instead of the chart when Slack did not take the upload (the sparklines then carry the trend).
 */

import type { UploadFailure } from "../../slack/file-upload.js";
import { WINDOW_SPECS } from "../../stats/period.js";
import type { RetrieverStats } from "../../stats/retriever-stats.js";
import { escapeMrkdwn, oneLine, truncate, truncatePlain } from "../shared/mrkdwn.js";

/** `:bar_chart: *Runs and latency of product-search*, last 24 hours · shared by <@U1>`. */
export function chartCaption(stats: RetrieverStats, retriever: string, sharedBy?: string): string {
  const name = truncate(escapeMrkdwn(oneLine(retriever)), 120);
  const by = sharedBy === undefined ? "" : ` · shared by <@${escapeMrkdwn(sharedBy)}>`;
  return `:bar_chart: *Runs and latency of ${name}*, ${WINDOW_SPECS[stats.period.window].label}${by}`;
}

/** The file's title in Slack (plain text). */
export function chartTitle(stats: RetrieverStats, retriever: string): string {
  return truncatePlain(`${oneLine(retriever)} · ${WINDOW_SPECS[stats.period.window].label}`, 200);
}

const REASONS: Record<UploadFailure, string> = {
  missing_scope:
    "this app may not upload files (it lacks the `files:write` permission; whoever installed it can reinstall it with the current manifest)",
  channel: "the bot cannot share files in this channel (invite it with `/invite`)",
  unavailable: "Slack did not answer in time; try again in a minute",
  other: "Slack did not take the upload",
};

export function chartUnavailableNote(failure: UploadFailure): string {
  return `:bar_chart: No chart this time: ${REASONS[failure]}. The sparklines above show the same trend.`;
}
