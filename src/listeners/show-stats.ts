/**
 * The one path from a stats query to what a person sees: fetch through the workspace's stats cache,
 * render, answer. The `stats` command, the list's Stats button and the window buttons all end here.
 */
import { isMixpeekError } from "../mixpeek/errors.js";
import type { RequestOutcome } from "../observability/labels.js";
import type { StatsQuery } from "../stats/stats-fetcher.js";
import type { SlackMessage } from "../views/shared/blocks.js";
import { renderStatsError } from "../views/stats/stats-errors.js";
import { type ChartPart, renderStats } from "../views/stats/stats-message.js";
import type { RequestContext } from "./listener.js";

export type StatsOutcome = Extract<RequestOutcome, "ok" | "upstream_error">;

export async function showStats(
  ctx: RequestContext,
  query: StatsQuery,
  options: { replaceOriginal: boolean; chart?: ChartPart },
): Promise<StatsOutcome> {
  const { message, outcome } = await renderStatsAnswer(ctx, query, options.chart);
  // An error keeps what was on screen and shows the problem below it.
  await ctx.reply(message, { replace_original: options.replaceOriginal && outcome === "ok" });
  return outcome;
}

export async function renderStatsAnswer(
  ctx: RequestContext,
  query: StatsQuery,
  chart?: ChartPart,
): Promise<{ message: SlackMessage; outcome: StatsOutcome }> {
  const { workspace, deps } = ctx;
  try {
    const [stats, name] = await Promise.all([
      workspace.stats.get(query),
      workspace.retrievers.nameOf(query.namespace, query.retriever),
    ]);
    const message = renderStats(stats, {
      query,
      controls: true,
      pageSize: deps.config.pageSize,
      ...(name ? { retrieverLabel: name } : {}),
      ...(chart ? { chart } : {}),
    });
    return { message, outcome: "ok" };
  } catch (error) {
    if (!isMixpeekError(error)) throw error;
    deps.logger.warn(
      { kind: error.kind, status: error.status, requestId: error.requestId, operation: error.operation },
      "Mixpeek analytics call failed",
    );
    return {
      message: renderStatsError(error, query),
      outcome: "upstream_error",
    };
  }
}
