/** `/executions` with nothing after it: a modal to pick a retriever, a status and a page size. */
import type { SlashCommand } from "@slack/bolt";
import { classifySlackError } from "../../slack/slack-errors.js";
import { renderRetrieverPicker } from "../../views/executions/retriever-picker.js";
import type { RequestContext } from "../listener.js";

/** Resolves true when the modal opened. */
export async function openPicker(ctx: RequestContext, command: SlashCommand): Promise<boolean> {
  const { deps } = ctx;
  try {
    await ctx.client.views.open({
      trigger_id: command.trigger_id,
      view: renderRetrieverPicker({
        namespace: ctx.workspace.defaultNamespace,
        namespaces: ctx.workspace.namespaces.list(),
        pageSize: deps.config.pageSize,
        responseUrl: command.response_url,
      }),
    });
    return true;
  } catch (error) {
    deps.metrics.recordSlackApiError("views.open", classifySlackError(error).code);
    deps.logger.warn({ err: error }, "could not open the retriever picker");
    return false;
  }
}
