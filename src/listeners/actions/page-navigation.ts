/**
 * Next, Previous, Refresh and the status filter on an executions list. The target page travels in the
 * control itself; a value that does not decode (tampered, or from an older version) gets a polite note
 * and no Mixpeek call. The list is replaced in place through the click's response_url, since
 * ephemeral messages cannot be edited with chat.update.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { decodePageState, decodeStatusFilterChange } from "../../executions/page-state.js";
import type { PageQuery } from "../../executions/types.js";
import { ALERT_ACTION_IDS } from "../../views/alerts/alert-actions.js";
import { ACTION_IDS } from "../../views/executions/action-ids.js";
import { renderStalePageState } from "../../views/shared/messages.js";
import { timeRequest } from "../instrument.js";
import { respondSafely } from "../respond.js";
import { showExecutionsPage } from "../show-executions-page.js";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function pageNavigation(deps: BotDeps) {
  return async ({ action, ack, respond }: ActionArgs): Promise<void> => {
    const timer = timeRequest(deps, "action", actionName(action.action_id));
    await ack();
    timer.acked();
    const query = targetPage(action);
    if (!query) {
      await respondSafely(
        respond,
        renderStalePageState(),
        { response_type: "ephemeral", replace_original: false },
        deps.logger,
      );
      return timer.done("invalid");
    }
    const refresh = action.action_id === ACTION_IDS.refresh;
    // An alert is a channel message everyone reads: its "Failed runs" answers beside it, privately.
    const replaceOriginal = action.action_id !== ALERT_ACTION_IDS.failedRuns;
    const outcome = await showExecutionsPage(deps, respond, query, { refresh, replaceOriginal });
    return timer.done(outcome);
  };
}

/** A bounded metrics name: the known controls by name, anything else (status buttons) as one. */
function actionName(actionId: string): string {
  const known = Object.values(ACTION_IDS) as string[];
  return known.includes(actionId) ? actionId : "executions_page_other";
}

function targetPage(action: BlockAction["actions"][number]): PageQuery | null {
  if (action.type === "static_select") {
    return decodeStatusFilterChange(action.block_id, action.selected_option?.value);
  }
  if (action.type === "button") return decodePageState(action.value);
  return null;
}
