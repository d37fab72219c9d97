/**
 * The action_ids of the executions list's controls, shared by the view that draws them and the
 * listeners that answer them.
 *
 * Every button whose id starts with `executions_page_` carries the encoded page state of the page it
 * leads to in its `value` (see executions/page-state.ts), so one listener can serve them all with
 * `app.action(PAGE_BUTTON_ACTION_ID, …)` and `decodePageState(action.value)`.
 *
 * The status select's options carry only the status (option values are capped at 75 chars); the
 * current page state sits in its actions block's `block_id`, read by `decodeStatusFilterChange`.
 */
import type { StatusFilter } from "../../executions/types.js";

export const ACTION_IDS = {
  statusFilter: "executions_status_filter",
  refresh: "executions_page_refresh",
  previousPage: "executions_page_previous",
  nextPage: "executions_page_next",
  /** Compact ⇄ Detailed: the same page in the other layout. */
  layout: "executions_page_layout",
} as const;

/** Matches every button that carries a page state in its value. */
export const PAGE_BUTTON_ACTION_ID = /^executions_page_/;

/**
 * Status filter as buttons, used instead of the select when the page state is too long for a
 * block_id (names near the 200-char limit). Also matched by PAGE_BUTTON_ACTION_ID.
 */
export function statusButtonActionId(status: StatusFilter): string {
  return `executions_page_status_${status}`;
}

/**
 * The "Details" button on an execution; its value is an encoded ExecutionRef (see
 * executions/execution-ref.ts) and its listener opens the execution details modal.
 */
export const DETAILS_ACTION_ID = "execution_details";

/**
 * The compact list's "Details…" select: one option per row, whose value is the execution id (option values
 * hold 75 chars); the retriever and namespace come from the page state in its actions block's `block_id`.
 */
export const DETAILS_SELECT_ACTION_ID = "execution_details_select";

/** "Share in channel" on an executions list; its value is the encoded page state of the page to share. */
export const SHARE_ACTION_ID = "executions_share";
