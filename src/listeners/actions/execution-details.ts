/**
 * The Details button (and the compact list's "Details…" select): opens a modal at once (a trigger_id lives 3 s), then fills it with the execution from
 * Mixpeek, or with what went wrong.
 */
import { decodeExecutionRef, type ExecutionRef } from "../../executions/execution-ref.js";
import { isAcceptableName } from "../../executions/names.js";
import { decodePageState } from "../../executions/page-state.js";
import { studioLink } from "../../executions/studio-link.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import { classifySlackError } from "../../slack/slack-errors.js";
import { DETAILS_ACTION_ID } from "../../views/executions/action-ids.js";
import {
  renderExecutionDetails,
  renderExecutionDetailsError,
  renderExecutionDetailsLoading,
} from "../../views/executions/execution-details.js";
import type { ActionSpec, RequestContext } from "../listener.js";

export const executionDetails: ActionSpec<ExecutionRef> = {
  name: DETAILS_ACTION_ID,
  decode(control) {
    if (control.type === "button") return decodeExecutionRef(control.value);
    // The compact list's select: the page (retriever, namespace) in the block_id, the run in the option.
    if (control.type !== "static_select") return null;
    const page = decodePageState(control.block_id);
    const executionId = control.selected_option?.value;
    if (page === null || typeof executionId !== "string" || !isAcceptableName(executionId)) return null;
    return { retriever: page.retriever, namespace: page.namespace, executionId };
  },
  guard: (ref) => ({ namespace: ref.namespace }),
  async run(ctx, ref, { body }) {
    const { deps, client } = ctx;
    let viewId: string | undefined;
    try {
      const opened = await client.views.open({
        trigger_id: body.trigger_id,
        view: renderExecutionDetailsLoading(ref),
      });
      viewId = opened.view?.id;
    } catch (error) {
      deps.metrics.recordSlackApiError("views.open", classifySlackError(error).code);
      deps.logger.warn({ err: error }, "could not open the details modal");
      return "error";
    }
    const { view, outcome } = await detailsView(ctx, ref);
    try {
      if (viewId) await client.views.update({ view_id: viewId, view });
      return outcome;
    } catch (error) {
      // The person may have closed the modal meanwhile; nothing else to do.
      deps.metrics.recordSlackApiError("views.update", classifySlackError(error).code);
      deps.logger.warn({ err: error }, "could not update the details modal");
      return "error";
    }
  },
};

async function detailsView(ctx: RequestContext, ref: ExecutionRef) {
  const { deps, workspace } = ctx;
  try {
    // A button that did not carry the name (an older alert, a name too long to fit) has it looked up,
    // beside the fetch and cached, so the modal never shows a bare id where a name exists.
    const [detail, name] = await Promise.all([
      workspace.mixpeek.getExecution(ref),
      ref.retrieverName ?? workspace.retrievers.nameOf(ref.namespace, ref.retriever),
    ]);
    const studioUrl = studioLink(deps.config.mixpeek.studioUrl, { ...ref, execution: ref.executionId });
    const view = renderExecutionDetails(detail, {
      ...ref,
      ...(name ? { retrieverName: name } : {}),
      now: deps.now(),
      ...(studioUrl ? { studioUrl } : {}),
    });
    return { view, outcome: "ok" as const };
  } catch (error) {
    // Shown inside the modal, whatever it was: the modal is already open and waiting.
    const outcome = isMixpeekError(error) ? ("upstream_error" as const) : ("error" as const);
    if (outcome === "error") deps.logger.error({ err: error }, "could not show execution details");
    return { view: renderExecutionDetailsError(error, ref), outcome };
  }
}
