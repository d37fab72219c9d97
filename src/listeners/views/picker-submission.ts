/**
 * The picker's "Show": validates the choice (errors go back into the modal), closes it, and delivers the
 * list through the slash command's response_url, as if the command had been typed in full.
 */
import type { PageQuery } from "../../executions/types.js";
import {
  decodePickerMetadata,
  PICKER_CALLBACK_ID,
  readPickerSubmission,
} from "../../views/executions/retriever-picker.js";
import type { ViewSpec } from "../listener.js";
import { showExecutionsPage } from "../show-executions-page.js";

export const pickerSubmission: ViewSpec<{ query: PageQuery; answerable: boolean }> = {
  name: PICKER_CALLBACK_ID,
  read({ deps, workspace }, { view }) {
    const metadata = decodePickerMetadata(view.private_metadata);
    const namespace = metadata?.namespace ?? workspace.defaultNamespace;
    const submission = readPickerSubmission(view.state.values, {
      namespace,
      pageSize: deps.config.pageSize,
      chosen: metadata?.chosen === true,
    });
    if ("errors" in submission) return submission;
    const responseUrl = metadata?.responseUrl;
    return responseUrl
      ? { input: { query: submission, answerable: true }, responseUrl }
      : { input: { query: submission, answerable: false } };
  },
  guard: ({ query }) => ({ namespace: query.namespace }),
  async run(ctx, { query, answerable }) {
    if (!answerable) {
      ctx.deps.logger.warn("picker submitted without a response_url to answer through");
      return "invalid";
    }
    return showExecutionsPage(ctx, query, { replaceOriginal: false, fetchingNotice: true });
  },
};
