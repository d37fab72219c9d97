/**
 * The one path from a page query to what a person sees: fetch through the cache, render, answer.
 * The slash command, the paging buttons, the status filter and the picker all end here.
 */
import { studioLink } from "../executions/studio-link.js";
import type { PageQuery } from "../executions/types.js";
import { isMixpeekError } from "../mixpeek/errors.js";
import type { RequestOutcome } from "../observability/labels.js";
import { executionsListAround } from "../views/executions/executions-list.js";
import type { SlackMessage } from "../views/shared/blocks.js";
import { renderMixpeekError } from "../views/shared/messages.js";
import { callByRetrieverName } from "../workspaces/retriever-by-name.js";
import type { RequestContext } from "./listener.js";

export type PageOutcome = Extract<RequestOutcome, "ok" | "upstream_error">;

export async function showExecutionsPage(
  ctx: RequestContext,
  query: PageQuery,
  options: { refresh?: boolean; replaceOriginal: boolean },
): Promise<PageOutcome> {
  const { message, outcome } = await renderPage(ctx, query, options.refresh ?? false);
  // An error keeps the list that was on screen and shows the problem below it.
  await ctx.reply(message, { replace_original: options.replaceOriginal && outcome === "ok" });
  return outcome;
}

async function renderPage(
  ctx: RequestContext,
  query: PageQuery,
  refresh: boolean,
): Promise<{ message: SlackMessage; outcome: PageOutcome }> {
  const { workspace } = ctx;
  try {
    // The name look-up (ids only, cached) runs beside the page fetch, never after it.
    const [fetched, name] = await Promise.all([
      callByRetrieverName(workspace, query, (retriever) =>
        workspace.executions.getPage({ ...query, retriever }, { refresh }),
      ),
      workspace.retrievers.nameOf(query.namespace, query.retriever),
    ]);
    if (!fetched.found) {
      const { error, suggestions } = fetched;
      return { message: renderMixpeekError(error, { ...query, suggestions }), outcome: "upstream_error" };
    }
    // The page's query carries the exact name when the one typed differed only in case.
    const page = fetched.value;
    const reasons = await workspace.failureReasons.forPage(page.query, page.executions);
    const body = ctx.deps.renderedPages.body(page, {
      layout: query.layout ?? "compact",
      reasons,
      ...(name ? { retrieverLabel: name } : {}),
      ...studioLinks(ctx, page.query),
    });
    return { message: executionsListAround(page, body, ctx.deps.now()), outcome: "ok" };
  } catch (error) {
    if (!isMixpeekError(error)) throw error;
    ctx.deps.logger.warn(
      { kind: error.kind, status: error.status, requestId: error.requestId, operation: error.operation },
      "Mixpeek call failed",
    );
    return {
      message: renderMixpeekError(error, { retriever: query.retriever, namespace: query.namespace }),
      outcome: "upstream_error",
    };
  }
}

function studioLinks(ctx: RequestContext, query: PageQuery) {
  const template = ctx.deps.config.mixpeek.studioUrl;
  const { namespace, retriever } = query;
  return template
    ? { studioUrl: (execution: string) => studioLink(template, { namespace, retriever, execution }) }
    : {};
}
