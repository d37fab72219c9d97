/**
 * The Details button: opens a modal at once (a trigger_id lives 3 s), then fills it with the
 * execution from Mixpeek, or with what went wrong.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { decodeExecutionRef } from "../../executions/execution-ref.js";
import { studioLink } from "../../executions/studio-link.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import { classifySlackError } from "../../slack/slack-errors.js";
import { DETAILS_ACTION_ID } from "../../views/executions/action-ids.js";
import {
  renderExecutionDetails,
  renderExecutionDetailsError,
  renderExecutionDetailsLoading,
} from "../../views/executions/execution-details.js";
import { renderStalePageState } from "../../views/shared/messages.js";
import { timeRequest } from "../instrument.js";
import { respondSafely } from "../respond.js";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function executionDetails(deps: BotDeps) {
  return async ({ action, body, ack, client, respond }: ActionArgs): Promise<void> => {
    const timer = timeRequest(deps, "action", DETAILS_ACTION_ID);
    await ack();
    timer.acked();
    const ref = action.type === "button" ? decodeExecutionRef(action.value) : null;
    if (!ref) {
      await respondSafely(respond, renderStalePageState(), { replace_original: false }, deps.logger);
      return timer.done("invalid");
    }

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
      return timer.done("error");
    }

    let view: ReturnType<typeof renderExecutionDetails>;
    let outcome: "ok" | "upstream_error" | "error" = "ok";
    try {
      const detail = await deps.mixpeek.getExecution(ref);
      const studioUrl = studioLink(deps.config.mixpeek.studioUrl, { ...ref, execution: ref.executionId });
      view = renderExecutionDetails(detail, { ...ref, now: deps.now(), ...(studioUrl ? { studioUrl } : {}) });
    } catch (error) {
      outcome = isMixpeekError(error) ? "upstream_error" : "error";
      if (outcome === "error") deps.logger.error({ err: error }, "could not show execution details");
      view = renderExecutionDetailsError(error, ref);
    }
    try {
      if (viewId) await client.views.update({ view_id: viewId, view });
    } catch (error) {
      // The person may have closed the modal meanwhile; nothing else to do.
      deps.metrics.recordSlackApiError("views.update", classifySlackError(error).code);
      deps.logger.warn({ err: error }, "could not update the details modal");
      outcome = "error";
    }
    timer.done(outcome);
  };
}
