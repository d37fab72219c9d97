/**
 * The picker's type-ahead (block_suggestion). Slack waits 3 s for options; when Mixpeek cannot answer
 * in time the list is simply empty, and the person can type again.
 */
import type { AllMiddlewareArgs, BlockSuggestion, SlackOptionsMiddlewareArgs } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import type { Retriever } from "../../mixpeek/schemas.js";
import { withDeadline } from "../../util/deadline.js";
import {
  decodePickerNamespace,
  RETRIEVER_SEARCH_ACTION_ID,
  renderRetrieverOptions,
} from "../../views/executions/retriever-picker.js";
import { timeRequest } from "../instrument.js";

type OptionsArgs = SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs;

const ANSWER_WITHIN_MS = 2500;

export function retrieverSearch(deps: BotDeps) {
  return async ({ body, ack }: OptionsArgs): Promise<void> => {
    const timer = timeRequest(deps, "options", RETRIEVER_SEARCH_ACTION_ID);
    const suggestion = body as BlockSuggestion;
    const namespace =
      decodePickerNamespace(suggestion.view?.private_metadata) ?? deps.config.mixpeek.namespace;
    let found: Retriever[] = [];
    let outcome: "ok" | "upstream_error" | "error" = "ok";
    try {
      found = await withDeadline(deps.retrievers.search(namespace, suggestion.value ?? ""), ANSWER_WITHIN_MS);
    } catch (error) {
      outcome = isMixpeekError(error) ? "upstream_error" : "error";
      deps.logger.warn(
        { err: error, kind: isMixpeekError(error) ? error.kind : undefined },
        "retriever search failed",
      );
    }
    await ack(renderRetrieverOptions(found));
    timer.acked();
    timer.done(outcome);
  };
}
