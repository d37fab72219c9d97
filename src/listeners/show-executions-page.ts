/**
 * The one path from a page query to what a person sees: fetch through the cache, render, answer.
 * The slash command, the paging buttons, the status filter and the picker all end here.
 */
import { studioLink } from "../executions/studio-link.js";
import type { PageQuery } from "../executions/types.js";
import { isMixpeekError } from "../mixpeek/errors.js";
import type { RequestOutcome } from "../observability/labels.js";
import { executionsListAround } from "../views/executions/executions-list.js";
import { renderFetchingNotice } from "../views/executions/fetching-notice.js";
import type { SlackMessage } from "../views/shared/blocks.js";
import { renderMixpeekError } from "../views/shared/messages.js";
import { callByRetrieverName } from "../workspaces/retriever-by-name.js";
import type { RequestContext } from "./listener.js";

export type PageOutcome = Extract<RequestOutcome, "ok" | "upstream_error">;

/** Past this, a person still waiting on Mixpeek is told the page is coming. */
export const FETCHING_NOTICE_AFTER_MS = 1500;

export interface ShowPageOptions {
  refresh?: boolean;
  /** The answer takes the place of the message clicked (a list paging in place). */
  replaceOriginal: boolean;
  /**
   * Whether a slow page may be announced first. Only where the notice can then be replaced: the list
   * itself, or a new message (a command, the picker); never a channel message such as an alert.
   */
  fetchingNotice?: boolean;
}

/**
 * A response_url takes 5 posts: a page costs one, or two when Mixpeek is slow (the notice, then the page
 * in its place), so a list can still be paged, shared and refreshed through its own URL.
 */
export async function showExecutionsPage(
  ctx: RequestContext,
  query: PageQuery,
  options: ShowPageOptions,
): Promise<PageOutcome> {
  const rendering = renderPage(ctx, query, options.refresh ?? false);
  let notice: Promise<boolean> | undefined;
  const timer =
    options.fetchingNotice === true
      ? setTimeout(() => {
          notice = ctx.reply(renderFetchingNotice(query.retriever), {
            replace_original: options.replaceOriginal,
          });
        }, FETCHING_NOTICE_AFTER_MS)
      : undefined;
  let rendered: Awaited<typeof rendering>;
  try {
    rendered = await rendering;
  } finally {
    clearTimeout(timer);
  }
  const { message, outcome } = rendered;
  // The page (or the problem) takes the notice's place, once the notice is there to be replaced.
  if (notice !== undefined && (await notice)) {
    await ctx.reply(message, { replace_original: true });
    return outcome;
  }
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
