/**
 * The controls under an executions list, one actions block: the status filter, the compact layout's
 * "Details…" select, Previous / Next, Refresh, the Compact ⇄ Detailed toggle, Share in channel and Stats. Every
 * control carries the page state of where it leads (executions/page-state.ts), layout included, so a
 * person's choice of layout survives paging and filtering.
 */
import { isAcceptableName } from "../../executions/names.js";
import { encodePageState, MAX_OFFSET } from "../../executions/page-state.js";
import {
  type ExecutionsPage,
  type ListLayout,
  type PageQuery,
  STATUS_FILTER_LABELS,
  STATUS_FILTERS,
  type StatusFilter,
} from "../../executions/types.js";
import type { ExecutionSummary } from "../../mixpeek/schemas.js";
import { DEFAULT_STATS_WINDOW } from "../../stats/period.js";
import { encodeStatsState } from "../../stats/stats-state.js";
import {
  type ActionsBlock,
  type Button,
  type PlainTextOption,
  plainText,
  type StaticSelect,
} from "../shared/blocks.js";
import { oneLine, truncatePlain } from "../shared/mrkdwn.js";
import { SLACK_LIMITS } from "../shared/slack-limits.js";
import { STATS_ACTION_IDS } from "../stats/stats-action-ids.js";
import { ACTION_IDS, DETAILS_SELECT_ACTION_ID, SHARE_ACTION_ID, statusButtonActionId } from "./action-ids.js";

const LAYOUT_LABELS: Record<ListLayout, string> = {
  compact: ":bookmark_tabs: Compact view",
  detailed: ":page_facing_up: Detailed view",
};

function pageButton(text: string, actionId: string, target: PageQuery): Button {
  return { type: "button", action_id: actionId, text: plainText(text), value: encodePageState(target) };
}

/** The controls of the page `query` shows, in `query.layout`. */
export function listControls(page: ExecutionsPage, query: PageQuery): ActionsBlock {
  const state = encodePageState(query);
  const layout = query.layout ?? "compact";
  // Selects' options hold only 75 chars, so the page they act on rides in the block_id; names too long
  // for a block_id get one button per status instead, and no Details select (the detailed view has buttons).
  const selectsFit = state.length <= SLACK_LIMITS.blockId;
  const elements: ActionsBlock["elements"] = [];
  if (selectsFit) elements.push(statusSelect(query.status));
  if (selectsFit && layout === "compact") {
    const details = detailsSelect(page.executions, query.offset + 1);
    if (details) elements.push(details);
  }
  if (query.offset > 0) {
    const previous = { ...query, offset: Math.max(0, query.offset - query.limit) };
    elements.push(pageButton(":arrow_left: Previous", ACTION_IDS.previousPage, previous));
  }
  if (page.hasNext && query.offset + query.limit <= MAX_OFFSET) {
    const next = { ...query, offset: query.offset + query.limit };
    elements.push(pageButton("Next :arrow_right:", ACTION_IDS.nextPage, next));
  }
  elements.push(pageButton(":arrows_counterclockwise: Refresh", ACTION_IDS.refresh, query));
  const other: ListLayout = layout === "compact" ? "detailed" : "compact";
  elements.push(pageButton(LAYOUT_LABELS[other], ACTION_IDS.layout, { ...query, layout: other }));
  elements.push(pageButton(":mega: Share in channel", SHARE_ACTION_ID, query));
  elements.push(statsButton(query));
  if (!selectsFit) {
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
  return selectsFit ? { ...block, block_id: state } : block;
}

/** Opens the retriever's stats for the last 24 hours beside the list. */
function statsButton(query: PageQuery): Button {
  return {
    type: "button",
    action_id: STATS_ACTION_IDS.open,
    text: plainText(":chart_with_upwards_trend: Stats"),
    value: encodeStatsState({
      namespace: query.namespace,
      retriever: query.retriever,
      window: DEFAULT_STATS_WINDOW,
    }),
  };
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

/**
 * One option per row, named as the table names it (`3. failed · red shoes…`); rows whose id could not
 * travel in an option value are left out. Undefined when no row can be offered.
 */
export function detailsSelect(
  executions: readonly ExecutionSummary[],
  firstPosition: number,
): StaticSelect | undefined {
  const options: PlainTextOption[] = [];
  executions.forEach((execution, i) => {
    const id = execution.execution_id;
    if (!isAcceptableName(id) || id.length > SLACK_LIMITS.optionValue) return;
    const status = truncatePlain(oneLine(execution.status), 20) || "unknown";
    const query = oneLine(execution.query_summary ?? "");
    const label = `${firstPosition + i}. ${status}${query === "" ? ` · ${id}` : ` · ${query}`}`;
    // `emoji: false`: a query's `:smile:` is shown as typed, like everything else from Mixpeek.
    options.push({
      text: { type: "plain_text", text: truncatePlain(label, SLACK_LIMITS.optionText), emoji: false },
      value: id,
    });
  });
  if (options.length === 0) return undefined;
  return {
    type: "static_select",
    action_id: DETAILS_SELECT_ACTION_ID,
    placeholder: plainText("Details…"),
    options: options.slice(0, SLACK_LIMITS.selectOptions),
  };
}
