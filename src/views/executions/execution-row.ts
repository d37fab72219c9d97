/** One execution as a few lines of mrkdwn (the detailed layout), sized to a budget the list gives each row. */
import type { ExecutionSummary } from "../../mixpeek/schemas.js";
import { redactSecrets } from "../shared/messages.js";
import {
  escapeMrkdwn,
  formatCount,
  formatDuration,
  formatPercent,
  inlineCode,
  link,
  oneLine,
  slackDate,
  statusBadge,
  truncate,
} from "../shared/mrkdwn.js";
import { creditsPhrase, elapsedPhrase } from "./execution-facts.js";

/** Longest execution id shown, in escaped characters; real ids are far shorter. */
export const MAX_EXECUTION_ID_LENGTH = 64;
/** Below this many characters a query summary says too little to be worth a line. */
const MIN_SUMMARY_LENGTH = 12;
const SUMMARY_PREFIX = "\n";
const REASON_LENGTH = 300;

export interface RowOptions {
  /** Most characters the row's text may take, query summary included. */
  budget: number;
  /** For how long a run still in flight has been going. */
  now: Date;
  studioUrl?: ((executionId: string) => string | undefined) | undefined;
  /** Why a failed run failed: a reason, null when Mixpeek gave none, undefined when not known. */
  reason?: string | null | undefined;
}

function idPart(execution: ExecutionSummary, url: string | undefined): string {
  if (url === undefined) return inlineCode(execution.execution_id, MAX_EXECUTION_ID_LENGTH);
  const shortId = truncate(escapeMrkdwn(oneLine(execution.execution_id)), MAX_EXECUTION_ID_LENGTH);
  // The label is escaped by `link`; hand it the shortened text with entities turned back into characters.
  return link(url, shortId.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
}

function timing(execution: ExecutionSummary, now: Date): string {
  const started = `Started ${slackDate(new Date(execution.created_at))}`;
  const duration = elapsedPhrase(execution, now) ?? `took ${formatDuration(execution.duration_ms)}`;
  const credits = creditsPhrase(execution);
  const parts = [started, duration];
  if (credits !== undefined) parts.push(credits);
  return parts.join("  ·  ");
}

function facts(execution: ExecutionSummary, id: string, now: Date): string {
  const badge = statusBadge(execution.status);
  return [
    `${badge.emoji} *${badge.word}*  ·  ${id}`,
    timing(execution, now),
    `Processed ${formatCount(execution.total_processed)} → returned ${formatCount(execution.total_returned)}` +
      `  ·  cache hits ${formatPercent(execution.cache_hit_rate)}`,
  ].join("\n");
}

function safeStudioUrl(options: RowOptions, executionId: string): string | undefined {
  try {
    return options.studioUrl?.(executionId);
  } catch {
    // A broken link builder should cost the link, not the whole list.
    return undefined;
  }
}

export function renderExecutionRow(execution: ExecutionSummary, options: RowOptions): string {
  const url = safeStudioUrl(options, execution.execution_id);
  let text = facts(execution, idPart(execution, url), options.now);
  if (text.length > options.budget && url !== undefined) {
    text = facts(execution, idPart(execution, undefined), options.now);
  }

  const reason = oneLine(options.reason ?? "");
  if (reason !== "") text += `\n:x: ${truncate(escapeMrkdwn(redactSecrets(reason)), REASON_LENGTH)}`;

  // The query as inline code: shown as typed, where `*vintage*` is not bold and `~camping~` not struck.
  const summary = oneLine(execution.query_summary ?? "");
  const room = options.budget - text.length - SUMMARY_PREFIX.length - 2;
  if (summary !== "" && room >= MIN_SUMMARY_LENGTH) {
    text += SUMMARY_PREFIX + inlineCode(summary, room);
  }
  return truncate(text, options.budget);
}
