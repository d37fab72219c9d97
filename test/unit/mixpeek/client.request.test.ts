import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MixpeekClient } from "../../../src/mixpeek/client.js";
import { type ScriptedServer, startScriptedServer } from "../../helpers/scripted-server.js";
import {
  API_KEY,
  executionDetail,
  listExecutionsBody,
  listExecutionsParams,
  mixpeekErrorOf,
  retriever,
  testClient,
} from "./support.js";

let server: ScriptedServer;
const clients: MixpeekClient[] = [];

function clientAt(baseUrl: string, overrides = {}) {
  const made = testClient(baseUrl, overrides);
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

describe("request shape", () => {
  it("lists executions newest first with a status filter", async () => {
    const { client } = clientAt(server.url);
    server.script({ status: 200, body: listExecutionsBody() });

    const page = await client.listExecutions({ ...listExecutionsParams, status: "failed", offset: 20 });

    expect(page.results[0]?.execution_id).toBe("exec_01");
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(
      "/v1/retrievers/product-search/executions/list?limit=10&offset=20&include_total=false",
    );
    expect(JSON.parse(request?.body ?? "")).toEqual({
      status: "failed",
      sorts: [{ field: "created_at", direction: "desc" }],
    });
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      "x-namespace": "ns_main",
      accept: "application/json",
      "content-type": "application/json",
    });
    expect(request?.headers["user-agent"]).toContain("executions-bot");
  });

  it("leaves the status out for all executions and asks for the total when told to", async () => {
    const { client } = clientAt(server.url);
    server.script({ status: 200, body: listExecutionsBody() });

    await client.listExecutions({ ...listExecutionsParams, includeTotal: true });

    expect(server.requests[0]?.url).toContain("include_total=true");
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      sorts: [{ field: "created_at", direction: "desc" }],
    });
  });

  it("gets one execution with a GET and no body", async () => {
    const { client } = clientAt(server.url);
    server.script({ status: 200, body: executionDetail() });

    const detail = await client.getExecution({
      namespace: "ns_main",
      retriever: "ret_01",
      executionId: "exec_9",
    });

    expect(detail.error).toBe("stage 'rerank' timed out");
    const [request] = server.requests;
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe("/v1/retrievers/ret_01/executions/exec_9");
    expect(request?.body).toBe("");
    expect(request?.headers["content-type"]).toBeUndefined();
  });

  it("searches retrievers by name with paging in the query", async () => {
    const { client } = clientAt(server.url);
    server.script({ status: 200, body: { results: [retriever()], total: 1 } });

    const found = await client.listRetrievers({
      namespace: "ns_main",
      search: "product",
      limit: 5,
      offset: 10,
    });

    expect(found.results.map((r) => r.retriever_name)).toEqual(["product-search"]);
    expect(server.requests[0]?.method).toBe("POST");
    expect(server.requests[0]?.url).toBe("/v1/retrievers/list?limit=5&offset=10");
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ search: "product" });
  });

  it("lists retrievers without a search or paging", async () => {
    const { client } = clientAt(server.url);
    server.script({ status: 200, body: { results: [] } });

    const found = await client.listRetrievers({ namespace: "ns_main" });

    expect(found).toEqual({ results: [], total: 0 });
    expect(server.requests[0]?.url).toBe("/v1/retrievers/list");
    expect(server.requests[0]?.body).toBe("{}");
  });

  it("gets one retriever and keeps fields the schema does not name", async () => {
    const { client } = clientAt(server.url, { userAgent: "custom-agent/1.0" });
    server.script({ status: 200, body: retriever({ future_field: { x: 1 } }) });

    const found = await client.getRetriever({ namespace: "ns_main", retriever: "product-search" });

    expect(found.retriever_name).toBe("product-search");
    expect(found.future_field).toEqual({ x: 1 });
    expect(server.requests[0]?.method).toBe("GET");
    expect(server.requests[0]?.url).toBe("/v1/retrievers/product-search");
    expect(server.requests[0]?.headers["user-agent"]).toBe("custom-agent/1.0");
  });
});

describe("path segments", () => {
  it.each([
    ["../x", "..%2Fx"],
    ["a/b", "a%2Fb"],
    ["?x", "%3Fx"],
    ["#frag", "%23frag"],
    ["a b&c=d", "a%20b%26c%3Dd"],
    ["%2F", "%252F"],
    ["grüße", "gr%C3%BC%C3%9Fe"],
  ])("sends retriever %j as the single segment %s", async (name, encoded) => {
    const { client } = clientAt(server.url);
    server.script({ status: 200, body: executionDetail() });

    await client.getExecution({ namespace: "ns_main", retriever: name, executionId: name });

    expect(server.requests[0]?.url).toBe(`/v1/retrievers/${encoded}/executions/${encoded}`);
  });

  it.each(["..", ".", ""])("refuses %j as a retriever without sending anything", async (name) => {
    const { client, events } = clientAt(server.url);

    const error = await mixpeekErrorOf(client.getRetriever({ namespace: "ns_main", retriever: name }));

    expect(error.kind).toBe("invalid_request");
    expect(error.operation).toBe("getRetriever");
    expect(server.requests).toHaveLength(0);
    expect(events).toEqual([expect.objectContaining({ outcome: "invalid_request", attempts: 0 })]);
  });
});

describe("base URL", () => {
  it.each([
    ["", "/v1/retrievers/r1"],
    ["/", "/v1/retrievers/r1"],
    ["/proxy", "/proxy/v1/retrievers/r1"],
    ["/proxy/", "/proxy/v1/retrievers/r1"],
    ["/a/b", "/a/b/v1/retrievers/r1"],
  ])("with path %j sends %s", async (suffix, expected) => {
    const { client } = clientAt(`${server.url}${suffix}`);
    server.script({ status: 200, body: retriever() });

    await client.getRetriever({ namespace: "ns_main", retriever: "r1" });

    expect(server.requests[0]?.url).toBe(expected);
  });
});

describe("connections", () => {
  it("keeps reusing connections after good, failed and unusable replies, so no body is left unread", async () => {
    const { client } = clientAt(server.url);
    const round = [
      { status: 404, body: { success: false, status: 404, error: { message: "nope", type: "NotFound" } } },
      { status: 500, body: "x".repeat(100_000) },
      { status: 200, body: "not json" },
      { status: 200, body: retriever() },
    ];
    server.script(...round, ...round, ...round);

    for (let i = 0; i < 12; i++) {
      await client.getRetriever({ namespace: "ns_main", retriever: "r1" }).catch(() => undefined);
    }

    // A leaked body pins its connection, which would force a new one for nearly every call. undici may
    // open a second one while the first is still being released, hence "at most 2".
    const ports = new Set(server.requests.map((request) => request.remotePort));
    expect(server.requests).toHaveLength(12);
    expect(ports.size).toBeLessThanOrEqual(2);
  });
});
