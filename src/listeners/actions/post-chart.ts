/**
 * "Post chart to channel" under a stats view: draws the chart of the stats on screen (from the cache, so
 * no new Mixpeek calls within the TTL), shares it in the channel with a one-line caption, and redraws the
 * private view with the chart in it. When the upload is not possible, the view says so in one line and
 * keeps its sparklines: the click still counts as answered.
 */
import { shareStatsChart } from "../../charts/share-chart.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import type { StatsQuery } from "../../stats/stats-fetcher.js";
import { decodeStatsState } from "../../stats/stats-state.js";
import { STATS_ACTION_IDS } from "../../views/stats/stats-action-ids.js";
import { renderStatsError } from "../../views/stats/stats-errors.js";
import { renderStats } from "../../views/stats/stats-message.js";
import type { ActionSpec } from "../listener.js";

export const postChart: ActionSpec<StatsQuery> = {
  name: STATS_ACTION_IDS.postChart,
  decode: (control) => (control.type === "button" ? decodeStatsState(control.value) : null),
  guard: (query) => ({ namespace: query.namespace }),
  async run(ctx, query, { body }) {
    const { deps, workspace, reply, client } = ctx;
    const channelId = body.channel?.id;
    let stats: Awaited<ReturnType<typeof workspace.stats.get>>;
    let name: string | null;
    try {
      [stats, name] = await Promise.all([
        workspace.stats.get(query),
        workspace.retrievers.nameOf(query.namespace, query.retriever),
      ]);
    } catch (error) {
      if (!isMixpeekError(error)) throw error;
      await reply(renderStatsError(error, query));
      return "upstream_error";
    }
    const retriever = name ?? query.retriever;
    const { chart, upload } =
      channelId === undefined
        ? { chart: undefined, upload: undefined }
        : await shareStatsChart(client, stats, { channelId, retriever, sharedBy: body.user.id }, deps.logger);
    if (upload && !upload.ok) deps.metrics.recordSlackApiError("files.uploadV2", upload.code);
    const message = renderStats(stats, {
      query,
      controls: true,
      pageSize: deps.config.pageSize,
      ...(name ? { retrieverLabel: name } : {}),
      ...(chart ? { chart } : {}),
    });
    const shown = await reply(message, { replace_original: true });
    return {
      outcome: shown ? "ok" : "error",
      details: { chart: upload === undefined ? "no_channel" : upload.ok ? "shared" : upload.failure },
    };
  },
};
