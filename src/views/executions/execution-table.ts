/**
 * A page of executions as one Slack table block: one row per run (position, status, start, duration,
 * credits, returned of processed, the query on one line) and, when the page has failures, why each failed.
 *
 * Text from Mixpeek goes into `raw_text` cells, which Slack shows exactly as sent: a query such as
 * `*vintage*` or `~camping~` is neither bolded nor struck through, and `<!channel>` pings nobody, so it is
 * not mrkdwn-escaped (that would show `&lt;`). The start is a rich-text date, in each reader's time zone.
 * Everything here depends on the page alone (a running run's time is counted to when the page was
 * fetched), so the block can be kept with a cached page and reused for everyone who sees it.
 */
import type { types } from "@slack/bolt";
import type { FailureReasonMap } from "../../executions/failure-reasons.js";
import { isFailed } from "../../executions/failure-reasons.js";
import type { ExecutionSummary } from "../../mixpeek/schemas.js";
import type { KnownBlock } from "../shared/blocks.js";
import { redactSecrets } from "../shared/messages.js";
import { formatCount, formatDuration, oneLine, truncatePlain, utcFallback } from "../shared/mrkdwn.js";
import { SLACK_LIMITS } from "../shared/slack-limits.js";
import { creditsPhrase, elapsedPhrase, parseDate, returnedPhrase } from "./execution-facts.js";

type TableBlock = types.TableBlock;
type Cell = TableBlock["rows"][number][number];

/** Longest query shown in a cell; the detailed layout and the modal show more. */
export const TABLE_QUERY_LENGTH = 60;
/** Longest failure reason shown in a cell. */
export const TABLE_REASON_LENGTH = 90;
const STATUS_LENGTH = 20;
const NOTHING = "—";

const KNOWN_STATUS_EMOJI: Readonly<Record<string, string>> = {
  completed: "white_check_mark",
  failed: "x",
  running: "hourglass_flowing_sand",
  pending: "hourglass",
  processing: "hourglass",
};

export interface ExecutionTableOptions {
  /** The position of the first row (the page's offset + 1). */
  firstPosition: number;
  /** When the page was fetched: what "running for …" counts to. */
  fetchedAt: Date;
  /** Why the page's failed runs failed; a failed row without an entry could not be asked. */
  reasons?: FailureReasonMap | undefined;
  /** Where a run opens in Mixpeek Studio: its number links there. */
  studioUrl?: ((executionId: string) => string | undefined) | undefined;
}

/** Raw text, never empty (Slack refuses an empty cell), on one line, cut to `max`. */
export function rawCell(text: string, max = TABLE_QUERY_LENGTH): Cell {
  const line = truncatePlain(oneLine(text), max);
  return { type: "raw_text", text: line === "" ? NOTHING : line };
}

function richCell(elements: types.RichTextElement[]): Cell {
  return { type: "rich_text", elements: [{ type: "rich_text_section", elements }] };
}

function statusCell(status: string): Cell {
  const word = status.trim().toLowerCase();
  const emoji = KNOWN_STATUS_EMOJI[word];
  const text = emoji === undefined ? truncatePlain(oneLine(status), STATUS_LENGTH) || "unknown" : word;
  return richCell([
    { type: "emoji", name: emoji ?? "grey_question" },
    { type: "text", text: ` ${text}` },
  ]);
}

function startedCell(createdAt: string): Cell {
  const date = parseDate(createdAt);
  if (date === undefined) return rawCell(NOTHING);
  return richCell([
    {
      type: "date",
      timestamp: Math.floor(date.getTime() / 1000),
      format: "{date_short_pretty} {time}",
      fallback: utcFallback(date),
    },
  ]);
}

function reasonCell(execution: ExecutionSummary, reasons: FailureReasonMap | undefined): Cell {
  if (!isFailed(execution)) return rawCell(NOTHING);
  const reason = reasons?.get(execution.execution_id);
  if (reason === undefined) return rawCell("(could not be loaded)");
  if (reason === null) return rawCell("(Mixpeek gave no reason)");
  return rawCell(redactSecrets(reason), TABLE_REASON_LENGTH);
}

function header(withReasons: boolean): Cell[] {
  const titles = ["#", "Status", "Started", "Duration", "Credits", "Returned", "Query"];
  if (withReasons) titles.push("Why it failed");
  return titles.map((title) => rawCell(title));
}

/** The run's number, a link to Studio when there is a safe one (a broken builder costs the link only). */
function positionCell(execution: ExecutionSummary, position: number, options: ExecutionTableOptions): Cell {
  const text = formatCount(position);
  let url: string | undefined;
  try {
    url = options.studioUrl?.(execution.execution_id);
  } catch {
    url = undefined;
  }
  if (url === undefined || !/^https?:\/\/\S+$/i.test(url) || url.length > SLACK_LIMITS.url)
    return rawCell(text);
  return richCell([{ type: "link", url, text }]);
}

function row(
  execution: ExecutionSummary,
  position: number,
  options: ExecutionTableOptions,
  withReasons: boolean,
) {
  const cells = [
    positionCell(execution, position, options),
    statusCell(execution.status),
    startedCell(execution.created_at),
    rawCell(elapsedPhrase(execution, options.fetchedAt) ?? formatDuration(execution.duration_ms)),
    rawCell(creditsPhrase(execution) ?? NOTHING),
    rawCell(returnedPhrase(execution)),
    rawCell(execution.query_summary ?? ""),
  ];
  if (withReasons) cells.push(reasonCell(execution, options.reasons));
  return cells;
}

export function renderExecutionTable(
  executions: readonly ExecutionSummary[],
  options: ExecutionTableOptions,
): KnownBlock {
  const withReasons = executions.some(isFailed);
  const table: TableBlock = {
    type: "table",
    rows: [
      header(withReasons),
      ...executions.map((execution, i) => row(execution, options.firstPosition + i, options, withReasons)),
    ],
    column_settings: [
      { align: "right" },
      { align: "left" },
      { align: "left" },
      { align: "right" },
      { align: "right" },
      { align: "right" },
      { is_wrapped: false },
      ...(withReasons ? [{ is_wrapped: true }] : []),
    ],
  };
  return table;
}
