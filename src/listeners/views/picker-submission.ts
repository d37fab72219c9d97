/**
 * The picker's "Show": validates the choice (errors go back into the modal), closes it, and delivers
 * the list through the slash command's response_url, as if the command had been typed in full.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import {
  decodePickerMetadata,
  PICKER_CALLBACK_ID,
  readPickerSubmission,
} from "../../views/executions/retriever-picker.js";
import { timeRequest } from "../instrument.js";
import { respondTo } from "../response-url.js";
import { showExecutionsPage } from "../show-executions-page.js";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function pickerSubmission(deps: BotDeps) {
  return async ({ view, ack }: ViewArgs): Promise<void> => {
    const timer = timeRequest(deps, "view", PICKER_CALLBACK_ID);
    const metadata = decodePickerMetadata(view.private_metadata);
    const namespace = metadata?.namespace ?? deps.config.mixpeek.namespace;
    const submission = readPickerSubmission(view.state.values, { namespace, pageSize: deps.config.pageSize });
    if ("errors" in submission) {
      await ack({ response_action: "errors", errors: submission.errors });
      timer.acked();
      return timer.done("invalid");
    }
    await ack();
    timer.acked();
    if (!metadata?.responseUrl) {
      deps.logger.warn("picker submitted without a response_url to answer through");
      return timer.done("invalid");
    }
    const outcome = await showExecutionsPage(deps, respondTo(metadata.responseUrl), submission, {
      replaceOriginal: false,
    });
    timer.done(outcome);
  };
}
