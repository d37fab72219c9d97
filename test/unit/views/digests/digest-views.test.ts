/**
 * Digests and the stats around them in Slack: every message a digest, its changes, the subscriptions list,
 * the chart's caption and the analytics errors stay inside Block Kit's limits with the longest names,
 * time zones and queries, and Mixpeek's or a person's text can neither ping nor format.
 */
import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import type { Digest } from "../../../../src/alerts/store/index.js";
import { MAX_NAME_LENGTH } from "../../../../src/executions/names.js";
import { MixpeekError } from "../../../../src/mixpeek/errors.js";
import { statsPeriod } from "../../../../src/stats/period.js";
import { buildRetrieverStats, type StatsAnswers } from "../../../../src/stats/retriever-stats.js";
import {
  renderDigestSet,
  renderDigestStopped,
  renderNoDigest,
} from "../../../../src/views/digests/digest-changes.js";
import { renderDigest } from "../../../../src/views/digests/digest-message.js";
import { chartCaption, chartTitle, chartUnavailableNote } from "../../../../src/views/stats/chart-notes.js";
import { renderStatsError } from "../../../../src/views/stats/stats-errors.js";
import { renderSubscriptionList } from "../../../../src/views/subscriptions/subscriptions.js";
import { textOf } from "../../../helpers/blocks.js";

const at = new Date("2025-03-03T08:00:00Z");
const ok = <T>(value: T) => ({ ok: true as const, value });
/** The longest names a retriever and a namespace may have, made of what mrkdwn would act on. */
const LONGEST = `<!channel>*_~\`&${"w".repeat(MAX_NAME_LENGTH - 16)}`;
const LONGEST_ZONE = "America/Argentina/ComodRivadavia";
const HUGE = `<!here> ${"q".repeat(20_000)}`;

function digest(overrides: Partial<Digest> = {}): Digest {
  return {
    id: 9_007_199_254_740_991,
    workspaceId: "default",
    teamId: "T0TEAM",
    channelId: "C0GENERAL",
    namespace: LONGEST,
    retrieverId: LONGEST,
    retrieverName: LONGEST,
    cadence: "weekly",
    atMinutes: 23 * 60 + 59,
    timeZone: LONGEST_ZONE,
    createdBy: "U0DEVUSER",
    createdAt: at,
    nextDueAt: new Date("2025-03-10T02:59:00Z"),
    ...overrides,
  };
}

function stats(window: "24h" | "7d", runs: boolean) {
  const answers: StatsAnswers = {
    performance: {
      metrics: runs
        ? Array.from({ length: 168 }, (_, i) => ({
            time_bucket: new Date(at.getTime() - (168 - i) * 3_600_000).toISOString(),
            query_count: i % 13,
            p50_latency_ms: 100 + i,
            p95_latency_ms: 400 + i * 3,
          }))
        : [],
      summary: runs ? { total_queries: 1000, p95_latency_ms: 900, p99_latency_ms: 1200 } : null,
    },
    previousPerformance: ok({ metrics: [], summary: { total_queries: 800, p95_latency_ms: 700 } }),
    failures: ok({ results: [], pagination: { total: 0, limit: 500, offset: 0, has_next: false } }),
    stages: ok({ stages: [{ stage_name: HUGE, stage_type: HUGE, avg_latency_ms: 300 }] }),
    cache: ok({ total_cache_hits: 1, total_cache_misses: 3, hourly_breakdown: [] }),
    slowQueries: ok([HUGE, HUGE, HUGE].map((query, i) => ({ query, execution_time_ms: 9000 - i }))),
  };
  return buildRetrieverStats(answers, statsPeriod(window, at), at);
}

/** Every text Slack reads as mrkdwn (where `<!channel>` would ping): the fallback and mrkdwn objects. */
function mrkdwnTexts(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) mrkdwnTexts(item, found);
  else if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if (object.type === "mrkdwn" && typeof object.text === "string") found.push(object.text);
    for (const child of Object.values(object)) mrkdwnTexts(child, found);
  }
  return found;
}

function expectWithinLimits(message: { text: string; blocks: unknown[] }) {
  expect(findBlockKitViolations(message, "message")).toEqual([]);
  const text = [message.text, ...mrkdwnTexts(message.blocks)].join("\n");
  expect(text).not.toContain("<!channel>");
  expect(text).not.toContain("<!here>");
  expect(text).not.toContain("NaN");
}

describe("a digest in the channel", () => {
  it("stays inside Block Kit's limits with the longest names, zone and queries, with and without its chart", () => {
    const week = stats("7d", true);
    const plain = renderDigest(week, { digest: digest(), next: digest().nextDueAt });
    expectWithinLimits(plain);
    expect(textOf(plain.blocks)).toContain(`every Monday at 23:59 (${LONGEST_ZONE})`);
    const withChart = renderDigest(week, {
      digest: digest(),
      next: digest().nextDueAt,
      chart: { kind: "image", fileId: "F0CHART", title: chartTitle(week, LONGEST) },
    });
    expectWithinLimits(withChart);
    expect(withChart.blocks.some((block) => block.type === "image")).toBe(true);
    const noted = renderDigest(week, {
      digest: digest(),
      next: digest().nextDueAt,
      chart: { kind: "note", text: chartUnavailableNote("missing_scope") },
    });
    expectWithinLimits(noted);
    expect(textOf(noted.blocks)).toContain("No chart this time");
  });

  it("is one line when the retriever had no runs, also with the longest name", () => {
    const daily = digest({ cadence: "daily" });
    const message = renderDigest(stats("24h", false), { digest: daily, next: daily.nextDueAt });
    expectWithinLimits(message);
    expect(message.blocks.some((block) => block.type === "image")).toBe(false);
    expect(textOf(message.blocks)).toContain("no runs in the last 24 hours.");
  });
});

describe("what a channel hears about its digests, and its list", () => {
  it("keeps set, changed, stopped and 'no such digest' inside the limits", () => {
    for (const message of [
      renderDigestSet(digest(), true, "U0DEVUSER", `/${"x".repeat(31)}`),
      renderDigestSet(digest({ cadence: "daily" }), false, "U0DEVUSER", "/executions"),
      renderDigestStopped(digest(), "U0DEVUSER"),
      renderNoDigest(LONGEST, "/executions"),
    ]) {
      expectWithinLimits(message);
    }
  });

  it("lists many digests with the longest names in one message within the limits", () => {
    const digests = Array.from({ length: 25 }, (_, i) => digest({ id: i + 1 }));
    const message = renderSubscriptionList([], "/executions", at, digests);
    expectWithinLimits(message);
    expect(textOf(message.blocks)).toContain("…and 15 more.");
  });
});

describe("the chart's words and the analytics errors", () => {
  it("caption and title are cut and escaped", () => {
    const caption = chartCaption(stats("24h", true), LONGEST, "U0DEVUSER");
    expect(caption.length).toBeLessThan(400);
    expect(caption).not.toContain("<!channel>");
    expect(chartTitle(stats("24h", true), HUGE).length).toBeLessThanOrEqual(200);
  });

  it("404, 5xx and an unreadable answer each read clearly, with the longest names", () => {
    const ctx = { retriever: LONGEST, namespace: LONGEST };
    const cases = [
      [new MixpeekError("not_found", "404", { requestId: HUGE }), ":mag: Mixpeek has no analytics for"],
      [new MixpeekError("unavailable", "500"), ":electric_plug: Mixpeek's analytics for"],
      [new MixpeekError("bad_response", "drift"), ":jigsaw: Mixpeek's analytics for"],
    ] as const;
    for (const [error, opening] of cases) {
      const message = renderStatsError(error, ctx);
      expectWithinLimits(message);
      expect(textOf(message.blocks)).toContain(opening);
    }
  });
});
