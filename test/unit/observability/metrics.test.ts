import { describe, expect, it } from "vitest";
import { boundedLabel, OTHER_LABEL_VALUE } from "../../../src/observability/labels.js";
import { createMetrics, type Metrics } from "../../../src/observability/metrics.js";
import { parseExposition, type Sample, sampleValue, seriesOf } from "./exposition.js";

async function scrape(metrics: Metrics): Promise<Sample[]> {
  return parseExposition((await metrics.render()).body);
}

describe("createMetrics", () => {
  it("counts requests by type, listener name and outcome", async () => {
    const metrics = createMetrics();
    metrics.recordRequest("command", "executions", "ok");
    metrics.recordRequest("command", "executions", "ok");
    metrics.recordRequest("command", "executions", "invalid");
    metrics.recordRequest("action", "executions_next", "upstream_error");

    const samples = await scrape(metrics);
    const series = (type: string, name: string, outcome: string) =>
      sampleValue(samples, "executions_bot_requests_total", { type, name, outcome });
    expect(series("command", "executions", "ok")).toBe(2);
    expect(series("command", "executions", "invalid")).toBe(1);
    expect(series("action", "executions_next", "upstream_error")).toBe(1);
    expect(seriesOf(samples, "executions_bot_requests_total")).toHaveLength(3);
  });

  it("puts ack and answer latencies in millisecond-to-seconds buckets", async () => {
    const metrics = createMetrics();
    metrics.observeAck("command", "executions", 0.004);
    metrics.observeAck("command", "executions", 0.02);
    metrics.observeAnswer("command", "executions", 1.7);

    const samples = await scrape(metrics);
    const ack = (le: string) =>
      sampleValue(samples, "executions_bot_ack_seconds_bucket", { le, type: "command", name: "executions" });
    expect(ack("0.001")).toBe(0);
    expect(ack("0.005")).toBe(1);
    expect(ack("0.025")).toBe(2);
    expect(ack("10")).toBe(2);
    expect(ack("+Inf")).toBe(2);
    expect(
      sampleValue(samples, "executions_bot_ack_seconds_count", { type: "command", name: "executions" }),
    ).toBe(2);
    expect(
      sampleValue(samples, "executions_bot_ack_seconds_sum", { type: "command", name: "executions" }),
    ).toBeCloseTo(0.024);

    const answer = (le: string) =>
      sampleValue(samples, "executions_bot_answer_seconds_bucket", {
        le,
        type: "command",
        name: "executions",
      });
    expect(answer("1")).toBe(0);
    expect(answer("2.5")).toBe(1);
    expect(
      sampleValue(samples, "executions_bot_answer_seconds_sum", { type: "command", name: "executions" }),
    ).toBe(1.7);
  });

  it("records a negative or non-finite duration as zero instead of throwing", async () => {
    const metrics = createMetrics();
    metrics.observeAnswer("view", "subscribe", -0.5);
    metrics.observeAnswer("view", "subscribe", Number.NaN);

    const samples = await scrape(metrics);
    expect(
      sampleValue(samples, "executions_bot_answer_seconds_count", { type: "view", name: "subscribe" }),
    ).toBe(2);
    expect(
      sampleValue(samples, "executions_bot_answer_seconds_sum", { type: "view", name: "subscribe" }),
    ).toBe(0);
  });

  it("records Mixpeek calls, their durations and their retries", async () => {
    const metrics = createMetrics();
    metrics.recordMixpeekCall({
      operation: "listExecutions",
      outcome: "ok",
      status: 200,
      durationMs: 120,
      attempts: 1,
    });
    metrics.recordMixpeekCall({
      operation: "listExecutions",
      outcome: "ok",
      status: 200,
      durationMs: 900,
      attempts: 2,
    });
    metrics.recordMixpeekCall({
      operation: "getRetriever",
      outcome: "unavailable",
      durationMs: 8000,
      attempts: 4,
    });

    const samples = await scrape(metrics);
    const calls = (operation: string, outcome: string) =>
      sampleValue(samples, "executions_bot_mixpeek_calls_total", { operation, outcome });
    expect(calls("listExecutions", "ok")).toBe(2);
    expect(calls("getRetriever", "unavailable")).toBe(1);
    expect(
      sampleValue(samples, "executions_bot_mixpeek_call_seconds_sum", {
        operation: "listExecutions",
        outcome: "ok",
      }),
    ).toBeCloseTo(1.02);
    expect(
      sampleValue(samples, "executions_bot_mixpeek_call_seconds_bucket", {
        le: "10",
        operation: "getRetriever",
        outcome: "unavailable",
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, "executions_bot_mixpeek_retries_total", { operation: "listExecutions" }),
    ).toBe(1);
    expect(sampleValue(samples, "executions_bot_mixpeek_retries_total", { operation: "getRetriever" })).toBe(
      3,
    );
  });

  it("records watch rounds: duration, retrievers watched and when the last round ended", async () => {
    const metrics = createMetrics();
    metrics.recordWatchRound(0.8, 5, new Date("2025-01-15T11:59:00Z"));
    metrics.recordWatchRound(3.2, 7, new Date("2025-01-15T12:00:00Z"));

    const samples = await scrape(metrics);
    expect(sampleValue(samples, "executions_bot_watch_round_seconds_count")).toBe(2);
    expect(sampleValue(samples, "executions_bot_watch_round_seconds_bucket", { le: "1" })).toBe(1);
    expect(sampleValue(samples, "executions_bot_watch_round_seconds_bucket", { le: "5" })).toBe(2);
    expect(sampleValue(samples, "executions_bot_retrievers_watched")).toBe(7);
    expect(sampleValue(samples, "executions_bot_watch_last_round_timestamp_seconds")).toBe(
      Date.UTC(2025, 0, 15, 12, 0, 0) / 1000,
    );
  });

  it("exposes every alert result from zero and counts each alert", async () => {
    const metrics = createMetrics();
    metrics.recordAlert("posted");
    metrics.recordAlert("posted");
    metrics.recordAlert("plain_text_fallback");

    const samples = await scrape(metrics);
    const alerts = (result: string) => sampleValue(samples, "executions_bot_alerts_total", { result });
    expect(alerts("posted")).toBe(2);
    expect(alerts("plain_text_fallback")).toBe(1);
    for (const result of ["rolled_up", "threaded", "muted", "failed"]) expect(alerts(result)).toBe(0);
  });

  it("counts Slack Web API errors by method and code", async () => {
    const metrics = createMetrics();
    metrics.recordSlackApiError("chat.postMessage", "channel_not_found");
    metrics.recordSlackApiError("chat.postMessage", "channel_not_found");
    metrics.recordSlackApiError("views.open", "expired_trigger_id");

    const samples = await scrape(metrics);
    const errors = (method: string, code: string) =>
      sampleValue(samples, "executions_bot_slack_api_errors_total", { method, code });
    expect(errors("chat.postMessage", "channel_not_found")).toBe(2);
    expect(errors("views.open", "expired_trigger_id")).toBe(1);
  });

  it("folds listener names past the limit into one 'other' series", async () => {
    const metrics = createMetrics();
    for (let i = 0; i < 100; i++) metrics.recordRequest("command", `name_${i}`, "ok");
    metrics.recordRequest("command", "name_0", "ok");

    const series = seriesOf(await scrape(metrics), "executions_bot_requests_total");
    expect(series).toHaveLength(65);
    expect(series.find((s) => s.labels.name === "name_0")?.value).toBe(2);
    expect(series.find((s) => s.labels.name === OTHER_LABEL_VALUE)?.value).toBe(36);
  });

  it("includes the Node.js process metrics", async () => {
    const samples = await scrape(createMetrics());
    expect(sampleValue(samples, "process_cpu_user_seconds_total")).toBeGreaterThanOrEqual(0);
    expect(seriesOf(samples, "nodejs_heap_size_used_bytes")).toHaveLength(1);
  });

  it("leaves the process metrics out when asked", async () => {
    const samples = await scrape(createMetrics({ defaultMetrics: false }));
    expect(seriesOf(samples, "process_cpu_user_seconds_total")).toHaveLength(0);
    expect(sampleValue(samples, "executions_bot_alerts_total", { result: "posted" })).toBe(0);
  });

  it("keeps two instances apart", async () => {
    const first = createMetrics();
    const second = createMetrics();
    expect(first.registry).not.toBe(second.registry);
    first.recordRequest("command", "executions", "ok");
    first.recordAlert("muted");

    const a = await scrape(first);
    const b = await scrape(second);
    expect(
      sampleValue(a, "executions_bot_requests_total", { type: "command", name: "executions", outcome: "ok" }),
    ).toBe(1);
    expect(seriesOf(b, "executions_bot_requests_total")).toHaveLength(0);
    expect(sampleValue(a, "executions_bot_alerts_total", { result: "muted" })).toBe(1);
    expect(sampleValue(b, "executions_bot_alerts_total", { result: "muted" })).toBe(0);
    // Both collect process metrics: neither registered them in a shared registry.
    expect(seriesOf(b, "process_cpu_user_seconds_total")).toHaveLength(1);
  });

  it("renders in the Prometheus text format", async () => {
    const { contentType, body } = await createMetrics().render();
    expect(contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(body).toContain("# TYPE executions_bot_requests_total counter");
    expect(body).toContain("# TYPE executions_bot_ack_seconds histogram");
    expect(body).toContain("# TYPE executions_bot_cache_keys gauge");
  });
});

describe("boundedLabel", () => {
  it("passes the first values through and folds later new ones", () => {
    const label = boundedLabel(2);
    expect(label("a")).toBe("a");
    expect(label("b")).toBe("b");
    expect(label("c")).toBe(OTHER_LABEL_VALUE);
    expect(label("a")).toBe("a");
  });
});
