/** The metrics' recordMixpeekCall plugged into a real Mixpeek client as its onCall hook. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMixpeekClient } from "../../../src/mixpeek/client.js";
import { createMetrics } from "../../../src/observability/metrics.js";
import { type ScriptedServer, startScriptedServer } from "../../helpers/scripted-server.js";
import { parseExposition, sampleValue } from "./exposition.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});

describe("recordMixpeekCall as the client's onCall", () => {
  it("counts the call once with its final outcome and its retries", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const client = createMixpeekClient({
      baseUrl: server.url,
      apiKey: "sk_test_metrics_0001",
      sleep: async () => {},
      random: () => 0.5,
      onCall: metrics.recordMixpeekCall,
    });
    try {
      server.script(
        { status: 503, body: { detail: "busy" } },
        { status: 503, body: { detail: "busy" } },
        { status: 404, body: { detail: "no such retriever" } },
      );
      await expect(client.getRetriever({ namespace: "ns", retriever: "orders" })).rejects.toMatchObject({
        kind: "not_found",
      });
    } finally {
      await client.close();
    }

    const samples = parseExposition((await metrics.render()).body);
    expect(
      sampleValue(samples, "executions_bot_mixpeek_calls_total", {
        operation: "getRetriever",
        outcome: "not_found",
      }),
    ).toBe(1);
    expect(sampleValue(samples, "executions_bot_mixpeek_retries_total", { operation: "getRetriever" })).toBe(
      2,
    );
    expect(
      sampleValue(samples, "executions_bot_mixpeek_call_seconds_count", {
        operation: "getRetriever",
        outcome: "not_found",
      }),
    ).toBe(1);
    // The retriever name went into the URL, never into a label.
    expect((await metrics.render()).body).not.toContain("orders");
  });
});
