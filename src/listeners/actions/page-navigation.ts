/**
 * Next, Previous, Refresh and the status filter on an executions list, and "Failed runs" under an alert.
 * The target page travels in the control itself; a value that does not decode (tampered, or from an older
 * version) gets a polite note and no Mixpeek call. The list is replaced in place through the click's
 * response_url, since ephemeral messages cannot be edited with chat.update.
 */
import { decodePageState, decodeStatusFilterChange } from "../../executions/page-state.js";
import type { PageQuery } from "../../executions/types.js";
import { ALERT_ACTION_IDS } from "../../views/alerts/alert-actions.js";
import { ACTION_IDS } from "../../views/executions/action-ids.js";
import type { ActionSpec } from "../listener.js";
import { showExecutionsPage } from "../show-executions-page.js";

export const pageNavigation: ActionSpec<PageQuery> = {
  name: (control) => actionName(control.action_id),
  decode(control) {
    if (control.type === "static_select") {
      return decodeStatusFilterChange(control.block_id, control.selected_option?.value);
    }
    return control.type === "button" ? decodePageState(control.value) : null;
  },
  guard: (query) => ({ namespace: query.namespace }),
  run(ctx, query, { action }) {
    const refresh = action.action_id === ACTION_IDS.refresh;
    // An alert is a channel message everyone reads: its "Failed runs" answers beside it, privately.
    const replaceOriginal = action.action_id !== ALERT_ACTION_IDS.failedRuns;
    // Only a list is told "Fetching…" in its own place; an alert must never be replaced by it.
    return showExecutionsPage(ctx, query, { refresh, replaceOriginal, fetchingNotice: replaceOriginal });
  },
};

/** A bounded metrics name: the known controls by name, anything else (status buttons) as one. */
function actionName(actionId: string): string {
  const known = Object.values(ACTION_IDS) as string[];
  return known.includes(actionId) ? actionId : "executions_page_other";
}
