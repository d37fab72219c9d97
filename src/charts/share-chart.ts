/**
 * Draws a retriever's stats chart and shares it in a channel (or a digest's thread). The answer is what the
 * stats message shows in the chart's place: the image, once Slack has the file, or one line saying why not.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../logger.js";
import { shareFile, type UploadResult } from "../slack/file-upload.js";
import type { RetrieverStats } from "../stats/retriever-stats.js";
import { chartCaption, chartTitle, chartUnavailableNote } from "../views/stats/chart-notes.js";
import type { ChartPart } from "../views/stats/stats-message.js";
import { statsChartData } from "./chart-data.js";

export interface ChartShare {
  channelId: string;
  threadTs?: string;
  /** The retriever as people know it (its name when known). */
  retriever: string;
  /** The time zone of the axis labels (a digest's own; UTC otherwise). */
  timeZone?: string;
  sharedBy?: string;
  /** mrkdwn to post with the file instead of the default caption. */
  comment?: string;
}

export async function shareStatsChart(
  client: WebClient,
  stats: RetrieverStats,
  share: ChartShare,
  logger: Logger,
): Promise<{ chart: ChartPart; upload: UploadResult }> {
  const data = statsChartData(stats, {
    retriever: share.retriever,
    ...(share.timeZone ? { timeZone: share.timeZone } : {}),
  });
  // ECharts and resvg are loaded with the first chart drawn: about 60 MB of a process that may never
  // draw one (docs/benchmarks.md).
  const { renderChartPng } = await import("./render-chart.js");
  const { png } = await renderChartPng(data);
  const title = chartTitle(stats, share.retriever);
  const upload = await shareFile(client, {
    channelId: share.channelId,
    ...(share.threadTs === undefined ? {} : { threadTs: share.threadTs }),
    bytes: png,
    filename: `${stats.period.window}-chart.png`,
    title,
    altText: `Chart of runs and latency: ${title}`,
    comment: share.comment ?? chartCaption(stats, share.retriever, share.sharedBy),
  });
  if (upload.ok) return { chart: { kind: "image", fileId: upload.fileId, title }, upload };
  logger.warn(
    { failure: upload.failure, code: upload.code },
    "could not share the stats chart; showing sparklines only",
  );
  return { chart: { kind: "note", text: chartUnavailableNote(upload.failure) }, upload };
}
