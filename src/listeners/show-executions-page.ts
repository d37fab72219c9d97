/**
 * The one path from a page query to what a person sees: fetch through the cache, render, answer.
 * The slash command, the paging buttons and the status filter all end here.
 */
import type { BotDeps } from "../deps.js";
import { studioLink } from "../executions/studio-link.js";
import type { PageQuery } from "../executions/types.js";
import { isMixpeekError } from "../mixpeek/errors.js";
import type { RequestOutcome } from "../observability/labels.js";
import { renderExecutionsList } from "../views/executions/executions-list.js";
import type { SlackMessage } from "../views/shared/blocks.js";
import { renderInternalError, renderMixpeekError } from "../views/shared/messages.js";
import { type Responder, respondSafely } from "./respond.js";

export type PageOutcome = Extract<RequestOutcome, "ok" | "upstream_error" | "error">;

export async function showExecutionsPage(
  deps: BotDeps,
  respond: Responder,
  query: PageQuery,
  options: { refresh?: boolean; replaceOriginal: boolean },
): Promise<PageOutcome> {
  const { message, outcome } = await renderPage(deps, query, options.refresh ?? false);
  // An error keeps the list that was on screen and shows the problem below it.
  const replace = options.replaceOriginal && outcome === "ok";
  await respondSafely(
    respond,
    message,
    { response_type: "ephemeral", replace_original: replace },
    deps.logger,
  );
  return outcome;
}

async function renderPage(
  deps: BotDeps,
  query: PageQuery,
  refresh: boolean,
): Promise<{ message: SlackMessage; outcome: PageOutcome }> {
  try {
    // The name look-up (ids only, cached) runs beside the page fetch, never after it.
    const [page, name] = await Promise.all([
      deps.executions.getPage(query, { refresh }),
      deps.retrievers.nameOf(query.namespace, query.retriever),
    ]);
    const options = { ...listOptions(deps, query), ...(name ? { retrieverLabel: name } : {}) };
    return { message: renderExecutionsList(page, options), outcome: "ok" };
  } catch (error) {
    if (isMixpeekError(error)) {
      deps.logger.warn(
        { kind: error.kind, status: error.status, requestId: error.requestId, operation: error.operation },
        "Mixpeek call failed",
      );
      return {
        message: renderMixpeekError(error, { retriever: query.retriever, namespace: query.namespace }),
        outcome: "upstream_error",
      };
    }
    deps.logger.error({ err: error }, "could not show executions");
    return { message: renderInternalError(), outcome: "error" };
  }
}

function listOptions(deps: BotDeps, query: PageQuery) {
  const template = deps.config.mixpeek.studioUrl;
  const { namespace, retriever } = query;
  return {
    now: deps.now(),
    ...(template
      ? { studioUrl: (execution: string) => studioLink(template, { namespace, retriever, execution }) }
      : {}),
  };
}
