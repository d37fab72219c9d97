/**
 * A page of a retriever's executions as a Slack message: a header, a context line saying what is shown
 * and when it was fetched, the runs, and the controls (list-controls.ts).
 *
 * The runs come in two layouts. Compact (the default) is one table row per run, failures with their
 * reason, and a "Details…" select; detailed is a few lines per run with a Details button each. Both are
 * sized so that a full page of the longest possible rows stays inside every Block Kit limit.
 *
 * The message is two parts: the page's own (`renderPageBody`: header, runs and controls, a function of the
 * page and of the options `pageBodyVariant` names, so it can be kept beside a cached page and reused, see
 * executions/rendered-pages.ts) and the reader's (the context line, which says how long ago the page was
 * fetched, as of the moment the reader asks).
 */
import type { FailureReasonMap } from "../../executions/failure-reasons.js";
import {
  type ExecutionsPage,
  type ListLayout,
  MAX_PAGE_SIZE,
  type PageQuery,
} from "../../executions/types.js";
import {
  type ActionsBlock,
  context,
  divider,
  header,
  type KnownBlock,
  type SlackMessage,
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
import { detailsButton } from "./details-button.js";
import { renderExecutionRow } from "./execution-row.js";
import { renderExecutionTable } from "./execution-table.js";
import { listControls } from "./list-controls.js";

export interface PageBodyOptions {
  layout: ListLayout;
  /** A friendlier name for the header than the id the person typed. */
  retrieverLabel?: string | undefined;
  /** Where an execution can be opened in Mixpeek Studio, if anywhere. */
  studioUrl?: ((executionId: string) => string | undefined) | undefined;
  /** Why the page's failed runs failed (see executions/failure-reasons.ts). */
  reasons?: FailureReasonMap | undefined;
}

export interface ExecutionsListOptions extends Partial<PageBodyOptions> {
  now: Date;
}

/**
 * What a page shows, whoever looks at it in the body's layout: the header, the runs, the controls (they
 * carry the page and the layout, nothing of the reader) and the notification text.
 */
export interface PageBody {
  text: string;
  header: KnownBlock;
  runs: KnownBlock[];
  controls: ActionsBlock;
}

// Text shared by all detailed rows; the rest of the message (header, context, controls) stays under
// ~1,500, keeping the total well below Slack's ~12,000 ceiling.
const ROWS_TEXT_BUDGET = 9000;
const MAX_ROW_TEXT = 1500;
const NAME_IN_TEXT = 80;

export function renderPageBody(page: ExecutionsPage, options: PageBodyOptions): PageBody {
  const { query } = page;
  const executions = shownExecutions(page);
  const name = options.retrieverLabel ?? query.retriever;
  const runs: KnownBlock[] = [];
  if (executions.length === 0) {
    runs.push(section(emptySentence(query, name)));
  } else if (options.layout === "compact") {
    runs.push(
      renderExecutionTable(executions, {
        firstPosition: query.offset + 1,
        fetchedAt: page.fetchedAt,
        reasons: options.reasons,
        studioUrl: options.studioUrl,
      }),
    );
  } else {
    const budget = Math.min(MAX_ROW_TEXT, Math.floor(ROWS_TEXT_BUDGET / executions.length));
    executions.forEach((execution, i) => {
      if (i > 0) runs.push(divider());
      const text = renderExecutionRow(execution, {
        budget,
        now: page.fetchedAt,
        studioUrl: options.studioUrl,
        reason: options.reasons?.get(execution.execution_id),
      });
      const details = detailsButton({
        retriever: query.retriever,
        retrieverName: options.retrieverLabel,
        namespace: query.namespace,
        executionId: execution.execution_id,
      });
      runs.push(details ? ({ ...section(text), accessory: details } as KnownBlock) : section(text));
    });
  }
  return {
    text: fallbackText(page, executions.length, name),
    header: header(truncatePlain(`Executions of ${name}`, SLACK_LIMITS.headerText)),
    runs,
    controls: listControls(page, { ...query, layout: options.layout }),
  };
}

/**
 * Everything a page body depends on besides the page, as a key: two bodies of one page rendered with
 * options of equal keys are equal. The Studio link template is the same for a whole bot, so only whether
 * there is one counts.
 */
export function pageBodyVariant(options: PageBodyOptions): string {
  return JSON.stringify([
    options.layout,
    options.retrieverLabel ?? null,
    options.studioUrl ? 1 : 0,
    options.reasons ? [...options.reasons] : null,
  ]);
}

export function renderExecutionsList(page: ExecutionsPage, options: ExecutionsListOptions): SlackMessage {
  const body = renderPageBody(page, { ...options, layout: options.layout ?? "compact" });
  return executionsListAround(page, body, options.now);
}

/** The reader's part of the message (what is shown and how long ago it was fetched) around a page's body. */
export function executionsListAround(page: ExecutionsPage, body: PageBody, now: Date): SlackMessage {
  return {
    text: body.text,
    blocks: [
      body.header,
      context(contextLine(page, shownExecutions(page).length, now)),
      ...body.runs,
      body.controls,
    ],
  };
}

function shownExecutions(page: ExecutionsPage) {
  return page.executions.slice(0, Math.min(Math.max(page.query.limit, 1), MAX_PAGE_SIZE));
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
  if (page.stale !== undefined) {
    // Shown instead of an error: the age comes first, and why it is not fresh.
    const age =
      ageMs < 60_000 ? `${Math.max(1, Math.round(ageMs / 1000))} s` : `${Math.round(ageMs / 60_000)} min`;
    const why =
      page.stale === "budget_spent" ? "Mixpeek's request budget is spent" : "Mixpeek isn't answering";
    parts.unshift(`:warning: *As of ${age} ago* (${why}; this is the last page fetched)`);
    return parts.join("  ·  ");
  }
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
