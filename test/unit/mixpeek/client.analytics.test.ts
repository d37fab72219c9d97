/** The analytics calls: their paths and query strings, the created_at filter, and what a drifted schema does. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MixpeekClient } from "../../../src/mixpeek/client.js";
import { type ScriptedServer, startScriptedServer } from "../../helpers/scripted-server.js";
import { listExecutionsBody, listExecutionsParams, mixpeekErrorOf, testClient } from "./support.js";

let server: ScriptedServer;
const clients: MixpeekClient[] = [];
const ref = { namespace: "ns_main", retriever: "product search" };

function clientAt(baseUrl: string) {
  const made = testClient(baseUrl);
  clients.push(made.client);
  return made;
}

beforeAll(async () => {
  server = await startScriptedServer();
});
beforeEach(() => server.reset());
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(() => server.close());

describe("analytics requests", () => {
  it("asks for performance between two instants, grouped", async () => {
    const { client, events } = clientAt(server.url);
    server.script({ status: 200, body: { retriever_id: "ret_1", metrics: [{ time_bucket: "x" }] } });
    const answer = await client.getRetrieverPerformance({
      ...ref,
      start: new Date("2025-03-01T00:00:00Z"),
      end: new Date("2025-03-02T00:00:00Z"),
      groupBy: "hour",
    });
    expect(answer.metrics).toEqual([{ time_bucket: "x" }]);
    const [request] = server.requests;
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe(
      "/v1/analytics/retrievers/product%20search/performance?start_date=2025-03-01T00%3A00%3A00.000Z" +
        "&end_date=2025-03-02T00%3A00%3A00.000Z&group_by=hour",
    );
    expect(request?.headers["x-namespace"]).toBe("ns_main");
    expect(events.map((event) => event.operation)).toEqual(["getRetrieverPerformance"]);
  });

  it("looks back a number of hours for stages, cache and slow queries", async () => {
    const { client } = clientAt(server.url);
    server.script(
      { status: 200, body: { stages: [], total_latency_ms: 0 } },
      { status: 200, body: { cache_hit_rate: 0.5 } },
      { status: 200, body: [] },
    );
    await client.getStageBreakdown({ ...ref, hours: 24 });
    const cache = await client.getCachePerformance({ ...ref, hours: 168 });
    await client.getSlowQueries({ ...ref, hours: 720, limit: 3 });
    expect(server.requests.map((request) => request.url)).toEqual([
      "/v1/analytics/retrievers/product%20search/stages?hours=24",
      "/v1/analytics/retrievers/product%20search/cache-performance?hours=168",
      "/v1/analytics/retrievers/product%20search/slow-queries?hours=720&limit=3",
    ]);
    expect(cache.hourly_breakdown).toEqual([]);
  });

  it("refuses a time series that is not a list as a bad response", async () => {
    const { client } = clientAt(server.url);
    server.script({ status: 200, body: { retriever_id: "ret_1", metrics: "unavailable" } });
    const error = await mixpeekErrorOf(
      client.getRetrieverPerformance({ ...ref, start: new Date(0), end: new Date(1), groupBy: "day" }),
    );
    expect(error.kind).toBe("bad_response");
    expect(error.operation).toBe("getRetrieverPerformance");
  });

  it("sends a created_at range as a filter on the executions list", async () => {
    const { client } = clientAt(server.url);
    server.script({ status: 200, body: listExecutionsBody() });
    await client.listExecutions({
      ...listExecutionsParams,
      status: "failed",
      createdFrom: new Date("2025-03-01T00:00:00Z"),
      createdBefore: new Date("2025-03-02T00:00:00Z"),
    });
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      status: "failed",
      filters: {
        AND: [
          { field: "created_at", operator: "gte", value: "2025-03-01T00:00:00.000Z" },
          { field: "created_at", operator: "lt", value: "2025-03-02T00:00:00.000Z" },
        ],
      },
      sorts: [{ field: "created_at", direction: "desc" }],
    });
  });
});
