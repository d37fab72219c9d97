/**
 * A page of a retriever's executions as a Slack message: header, a context line saying what is
 * shown, one section per execution, and the controls (status filter, Refresh, Previous, Next).
 * Sized so that a full page of the longest possible rows stays inside every Block Kit limit.
 */
import { encodePageState, MAX_OFFSET } from "../../executions/page-state.js";
import {
  type ExecutionsPage,
  MAX_PAGE_SIZE,
  type PageQuery,
  STATUS_FILTER_LABELS,
  STATUS_FILTERS,
  type StatusFilter,
} from "../../executions/types.js";
import {
  type ActionsBlock,
  type Button,
  context,
  divider,
  header,
  type KnownBlock,
  type PlainTextOption,
  plainText,
  type SlackMessage,
  type StaticSelect,
  section,
} from "../shared/blocks.js";
import {
  escapeMrkdwn,
  formatCount,
  inlineCode,
  slackDate,
  truncate,
  truncatePlain,
} from "../shared/mrkdwn.js";
import { SLACK_LIMITS } from "../shared/slack-limits.js";
import { ACTION_IDS, SHARE_ACTION_ID, statusButtonActionId } from "./action-ids.js";
import { detailsButton } from "./details-button.js";
import { renderExecutionRow } from "./execution-row.js";

export interface ExecutionsListOptions {
  now: Date;
  /** A friendlier name for the header than the id the person typed. */
  retrieverLabel?: string;
  /** Where an execution can be opened in Mixpeek Studio, if anywhere. */
  studioUrl?: (executionId: string) => string | undefined;
}

// Text shared by all rows; the rest of the message (header, context, controls) stays under ~1,500,
// keeping the total well below Slack's ~12,000 ceiling.
const ROWS_TEXT_BUDGET = 9000;
const MAX_ROW_TEXT = 1500;
const NAME_IN_TEXT = 80;

export function renderExecutionsList(page: ExecutionsPage, options: ExecutionsListOptions): SlackMessage {
  const { query } = page;
  const executions = page.executions.slice(0, Math.min(Math.max(query.limit, 1), MAX_PAGE_SIZE));
  const name = options.retrieverLabel ?? query.retriever;

  const blocks: KnownBlock[] = [
    header(truncatePlain(`Executions of ${name}`, SLACK_LIMITS.headerText)),
    context(contextLine(page, executions.length, options.now)),
  ];
  if (executions.length === 0) {
    blocks.push(section(emptySentence(query, name)));
  } else {
    const budget = Math.min(MAX_ROW_TEXT, Math.floor(ROWS_TEXT_BUDGET / executions.length));
    executions.forEach((execution, i) => {
      if (i > 0) blocks.push(divider());
      const row = section(
        renderExecutionRow(execution, { budget, now: options.now, studioUrl: options.studioUrl }),
      );
      const details = detailsButton({
        retriever: query.retriever,
        retrieverName: options.retrieverLabel,
        namespace: query.namespace,
        executionId: execution.execution_id,
      });
      blocks.push(details ? ({ ...row, accessory: details } as KnownBlock) : row);
    });
  }
  blocks.push(controls(page));

  return { text: fallbackText(page, executions.length, name), blocks };
}

/** `11–20 of 57`; `of N` only when Mixpeek counted them. */
function range(page: ExecutionsPage, shown: number): string {
  const from = page.query.offset + 1;
  const to = page.query.offset + shown;
  const total = page.total === null ? "" : ` of ${formatCount(Math.max(page.total, to))}`;
  return `${formatCount(from)}–${formatCount(to)}${total}`;
}

function contextLine(page: ExecutionsPage, shown: number, now: Date): string {
  const parts = [`Namespace ${inlineCode(page.query.namespace, NAME_IN_TEXT)}`];
  parts.push(page.query.status === "all" ? "All statuses" : `Only *${page.query.status}*`);
  if (shown > 0) parts.push(`Showing ${range(page, shown)}`);
  const ageMs = now.getTime() - page.fetchedAt.getTime();
  // A page served from the cache says when it was fetched, so nobody mistakes it for live data.
  parts.push(
    ageMs >= 60_000
      ? `Fetched ${slackDate(page.fetchedAt)}`
      : `Fetched ${slackDate(page.fetchedAt, "{time}")}`,
  );
  return parts.join("  ·  ");
}

function emptySentence(query: PageQuery, name: string): string {
  if (query.offset > 0) return "No more executions here.";
  const retriever = inlineCode(name, NAME_IN_TEXT);
  if (query.status === "all") return `No executions of ${retriever} yet.`;
  if (query.status === "running") return `No executions of ${retriever} are running right now.`;
  return `No ${query.status} executions of ${retriever} yet.`;
}

function fallbackText(page: ExecutionsPage, shown: number, name: string): string {
  const filter = page.query.status === "all" ? "" : ` (${page.query.status})`;
  const what = shown > 0 ? `showing ${range(page, shown)}` : "none to show";
  return truncate(escapeMrkdwn(`Executions of ${name}${filter}: ${what}`), 300);
}

function pageButton(text: string, actionId: string, target: PageQuery): Button {
  return { type: "button", action_id: actionId, text: plainText(text), value: encodePageState(target) };
}

function controls(page: ExecutionsPage): ActionsBlock {
  const { query } = page;
  const state = encodePageState(query);
  // The select's options can only hold the status (75 chars), so the page it filters rides in the
  // block_id; names too long for a block_id get one button per status instead.
  const selectFits = state.length <= SLACK_LIMITS.blockId;
  const elements: ActionsBlock["elements"] = [];
  if (selectFits) elements.push(statusSelect(query.status));
  if (query.offset > 0) {
    const previous = { ...query, offset: Math.max(0, query.offset - query.limit) };
    elements.push(pageButton(":arrow_left: Previous", ACTION_IDS.previousPage, previous));
  }
  if (page.hasNext && query.offset + query.limit <= MAX_OFFSET) {
    const next = { ...query, offset: query.offset + query.limit };
    elements.push(pageButton("Next :arrow_right:", ACTION_IDS.nextPage, next));
  }
  elements.push(pageButton(":arrows_counterclockwise: Refresh", ACTION_IDS.refresh, query));
  elements.push(pageButton(":mega: Share in channel", SHARE_ACTION_ID, query));
  if (!selectFits) {
    for (const status of STATUS_FILTERS) {
      if (status === query.status) continue;
      elements.push(
        pageButton(STATUS_FILTER_LABELS[status], statusButtonActionId(status), {
          ...query,
          status,
          offset: 0,
        }),
      );
    }
  }
  const block: ActionsBlock = { type: "actions", elements };
  return selectFits ? { ...block, block_id: state } : block;
}

function statusSelect(current: StatusFilter): StaticSelect {
  const options = STATUS_FILTERS.map(
    (status): PlainTextOption => ({
      text: plainText(STATUS_FILTER_LABELS[status]),
      value: status,
    }),
  );
  return {
    type: "static_select",
    action_id: ACTION_IDS.statusFilter,
    placeholder: plainText("Status"),
    options,
    initial_option: options.find((option) => option.value === current),
  };
}
