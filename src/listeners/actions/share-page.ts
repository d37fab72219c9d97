/**
 * "Share in channel": posts the page a person is looking at to the channel, saying who shared it,
 * without the paging controls (they would page everyone's copy).
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { decodePageState } from "../../executions/page-state.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import { SHARE_ACTION_ID } from "../../views/executions/action-ids.js";
import { renderExecutionsList } from "../../views/executions/executions-list.js";
import { renderSharedPage } from "../../views/executions/shared-page.js";
import {
  renderInternalError,
  renderMixpeekError,
  renderStalePageState,
} from "../../views/shared/messages.js";
import { timeRequest } from "../instrument.js";
import { respondSafely } from "../respond.js";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function sharePage(deps: BotDeps) {
  return async ({ action, body, ack, respond }: ActionArgs): Promise<void> => {
    const timer = timeRequest(deps, "action", SHARE_ACTION_ID);
    await ack();
    timer.acked();
    const query = action.type === "button" ? decodePageState(action.value) : null;
    if (!query) {
      await respondSafely(respond, renderStalePageState(), { replace_original: false }, deps.logger);
      return timer.done("invalid");
    }
    try {
      const page = await deps.executions.getPage(query);
      const shared = renderSharedPage(renderExecutionsList(page, { now: deps.now() }), {
        sharedBy: body.user.id,
      });
      const posted = await respondSafely(
        respond,
        shared,
        { response_type: "in_channel", replace_original: false },
        deps.logger,
      );
      timer.done(posted ? "ok" : "error");
    } catch (error) {
      const mixpeek = isMixpeekError(error);
      if (!mixpeek) deps.logger.error({ err: error }, "could not share a page");
      const message = mixpeek ? renderMixpeekError(error, query) : renderInternalError();
      await respondSafely(respond, message, { replace_original: false }, deps.logger);
      timer.done(mixpeek ? "upstream_error" : "error");
    }
  };
}
