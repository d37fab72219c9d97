/**
 * A retriever's health over a window as a Slack message: the window's figures with their change against
 * the window before, sparklines of runs and p95 latency, the slowest stage, the slowest queries, and, once
 * the chart is in the channel, the chart itself. The same message serves the private stats view (with its
 * controls) and the digest a channel gets (without them). Sized for Block Kit's limits with the longest
 * names and queries.
 */
import { encodePageState } from "../../executions/page-state.js";
import { STATS_WINDOWS, type StatsWindow, WINDOW_SPECS } from "../../stats/period.js";
import { hadNoRuns, type RetrieverStats, type StatsGap } from "../../stats/retriever-stats.js";
import type { StatsQuery } from "../../stats/stats-fetcher.js";
import { encodeStatsState } from "../../stats/stats-state.js";
import {
  type ActionsBlock,
  type Button,
  context,
  header,
  type KnownBlock,
  mrkdwn,
  plainText,
  type SlackMessage,
  section,
} from "../shared/blocks.js";
import {
  escapeMrkdwn,
  formatCount,
  inlineCode,
  slackDate,
  truncate,
  truncatePlain,
} from "../shared/mrkdwn.js";
import { SLACK_LIMITS } from "../shared/slack-limits.js";
import { STATS_ACTION_IDS, statsWindowActionId } from "./stats-action-ids.js";
import { countText, figureChange, figureText, UNKNOWN_FIGURE, valueText } from "./stats-figures.js";
import { statsTrend } from "./stats-trend.js";

/** What the chart part of the message shows: the uploaded image, or one line saying why there is none. */
export type ChartPart = { kind: "image"; fileId: string; title: string } | { kind: "note"; text: string };

export interface StatsMessageOptions {
  query: StatsQuery;
  /** A friendlier name for the heading than the id the person typed. */
  retrieverLabel?: string;
  /** The heading; "Health of <retriever>" unless given (digests name themselves). */
  title?: string;
  /** Window buttons, Post chart and Executions: for the private view, not for a channel's digest. */
  controls: boolean;
  chart?: ChartPart;
  /** The page size the Executions button opens with. */
  pageSize?: number;
}

const NAME_IN_TEXT = 80;
const QUERY_IN_TEXT = 300;
const STAGE_IN_TEXT = 100;

const GAP_WORDS: Record<StatsGap, string> = {
  previous: "the window before (no changes shown)",
  failures: "failed runs",
  stages: "the stage breakdown",
  cache: "cache figures",
  slow_queries: "slow queries",
};

export function renderStats(stats: RetrieverStats, options: StatsMessageOptions): SlackMessage {
  const name = options.retrieverLabel ?? options.query.retriever;
  const title = options.title ?? `Health of ${name}`;
  const blocks: KnownBlock[] = [
    header(truncatePlain(title, SLACK_LIMITS.headerText)),
    context(contextLine(stats, options)),
  ];
  const windowLabel = WINDOW_SPECS[stats.period.window].label;
  if (hadNoRuns(stats)) {
    blocks.push(section(emptySentence(stats, options.query.retriever)));
  } else {
    blocks.push(figuresBlock(stats), section(statsTrend(stats)));
    const stage = stageLine(stats);
    if (stage !== undefined) blocks.push(section(stage));
    const queries = queryLines(stats);
    if (queries !== undefined) blocks.push(section(queries));
    if (options.chart?.kind === "image") {
      blocks.push({
        type: "image",
        slack_file: { id: options.chart.fileId },
        alt_text: truncatePlain(
          `Chart of runs and latency of ${name}, ${windowLabel}`,
          SLACK_LIMITS.imageAltText,
        ),
        title: plainText(truncatePlain(options.chart.title, 2000)),
      } as KnownBlock);
    }
  }
  const notes = [gapNote(stats.gaps), options.chart?.kind === "note" ? options.chart.text : undefined].filter(
    (note): note is string => note !== undefined,
  );
  if (notes.length > 0) blocks.push(context(...notes));
  if (options.controls) blocks.push(controls(stats, options));
  return { text: fallbackText(stats, title), blocks };
}

function contextLine(stats: RetrieverStats, options: StatsMessageOptions): string {
  const { period } = stats;
  const label = WINDOW_SPECS[period.window].label;
  return [
    `Namespace ${inlineCode(options.query.namespace, NAME_IN_TEXT)}`,
    `${capitalise(label)} until ${slackDate(period.end)}, against the ${label.replace("last ", "")} before`,
    `Fetched ${slackDate(stats.fetchedAt, "{time}")}`,
  ].join("  ·  ");
}

function emptySentence(stats: RetrieverStats, retriever: string): string {
  const label = WINDOW_SPECS[stats.period.window].label;
  const before = stats.runs.previous;
  const earlier =
    before === null || before === 0
      ? ""
      : ` The ${label.replace("last ", "")} before had ${formatCount(before)} ${before === 1 ? "run" : "runs"}.`;
  return `No runs of ${inlineCode(retriever, NAME_IN_TEXT)} in the ${label}.${earlier}`;
}

function figuresBlock(stats: RetrieverStats): KnownBlock {
  const failures = stats.failures.current;
  const change = figureChange(stats.failureRate, "rate");
  const failed =
    failures === null
      ? UNKNOWN_FIGURE
      : `${countText(failures)} (${valueText(stats.failureRate.current, "rate")})${change ? `  ${change}` : ""}`;
  const fields = [
    ["Runs", figureText(stats.runs, "count")],
    ["Failed", failed],
    ["p50 latency", figureText(stats.p50, "latency")],
    ["p95 latency", figureText(stats.p95, "latency")],
    ["p99 latency", figureText(stats.p99, "latency")],
    ["Cache hit rate", figureText(stats.cacheHitRate, "rate")],
    ["Credits", figureText(stats.credits, "credits")],
  ];
  return { type: "section", fields: fields.map(([label, value]) => mrkdwn(`*${label}*\n${value}`)) };
}

function stageLine(stats: RetrieverStats): string | undefined {
  const stage = stats.slowestStage;
  if (stage === null) return undefined;
  const parts = [`${valueText(stage.avgMs, "latency")} on average`];
  if (stage.p95Ms !== null) parts.push(`${valueText(stage.p95Ms, "latency")} at p95`);
  if (stage.share !== null) parts.push(`${valueText(stage.share, "rate")} of a run`);
  const type = stage.type === null ? "" : ` (${escapeMrkdwn(truncatePlain(stage.type, 40))})`;
  return `*Slowest stage:* ${inlineCode(stage.name, STAGE_IN_TEXT)}${type} · ${parts.join(" · ")}`;
}

function queryLines(stats: RetrieverStats): string | undefined {
  if (stats.slowQueries.length === 0) return undefined;
  const lines = stats.slowQueries.map((query, i) => {
    const text = query.query === null ? "_no query text_" : inlineCode(query.query, QUERY_IN_TEXT);
    return `${i + 1}. ${valueText(query.latencyMs, "latency")} · ${text}`;
  });
  return truncate(`*Slowest queries*\n${lines.join("\n")}`, SLACK_LIMITS.sectionText);
}

function gapNote(gaps: readonly StatsGap[]): string | undefined {
  if (gaps.length === 0) return undefined;
  return `:warning: Mixpeek did not answer for ${gaps.map((gap) => GAP_WORDS[gap]).join(", ")}; those show as ${UNKNOWN_FIGURE}.`;
}

function controls(stats: RetrieverStats, options: StatsMessageOptions): ActionsBlock {
  const elements: Button[] = STATS_WINDOWS.map((window: StatsWindow) => ({
    type: "button",
    action_id: statsWindowActionId(window),
    text: plainText(window === stats.period.window ? `• ${window}` : window),
    value: encodeStatsState({ ...options.query, window }),
    ...(window === stats.period.window ? { style: "primary" as const } : {}),
  }));
  if (!hadNoRuns(stats)) {
    elements.push({
      type: "button",
      action_id: STATS_ACTION_IDS.postChart,
      text: plainText(":bar_chart: Post chart to channel"),
      value: encodeStatsState({ ...options.query, window: stats.period.window }),
    });
  }
  elements.push({
    type: "button",
    // Any `executions_page_…` button opens the page its value names (see executions/action-ids.ts).
    action_id: "executions_page_from_stats",
    text: plainText(":clipboard: Executions"),
    value: encodePageState({
      namespace: options.query.namespace,
      retriever: options.query.retriever,
      status: "all",
      offset: 0,
      limit: options.pageSize ?? 10,
    }),
  });
  return { type: "actions", elements };
}

function fallbackText(stats: RetrieverStats, title: string): string {
  const label = WINDOW_SPECS[stats.period.window].label;
  if (hadNoRuns(stats)) return truncate(escapeMrkdwn(`${title}: no runs in the ${label}`), 300);
  const failures = stats.failures.current;
  const failed = failures === null ? "" : `, ${countText(failures)} failed`;
  const p95 = stats.p95.current === null ? "" : `, p95 ${valueText(stats.p95.current, "latency")}`;
  return truncate(
    escapeMrkdwn(`${title}, ${label}: ${valueText(stats.runs.current, "count")} runs${failed}${p95}`),
    300,
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
