import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MixpeekClient } from "../../../src/mixpeek/client.js";
import type { MixpeekError } from "../../../src/mixpeek/errors.js";
import {
  type ScriptedReply,
  type ScriptedServer,
  startScriptedServer,
} from "../../helpers/scripted-server.js";
import {
  API_KEY,
  executionDetail,
  executionSummary,
  listExecutionsBody,
  listExecutionsParams,
  mixpeekErrorOf,
  testClient,
} from "./support.js";

let server: ScriptedServer;
let client: MixpeekClient;
let time: ReturnType<typeof testClient>["time"];
let events: ReturnType<typeof testClient>["events"];

beforeAll(async () => {
  server = await startScriptedServer();
});
beforeEach(() => {
  server.reset();
  ({ client, time, events } = testClient(server.url));
});
afterEach(() => client.close());
afterAll(() => server.close());

const envelope = (status: number, message: string, type = "Error") => ({
  success: false,
  status,
  error: { message, type, details: null },
});

async function listFails(...replies: ScriptedReply[]): Promise<MixpeekError> {
  server.script(...replies);
  return mixpeekErrorOf(client.listExecutions(listExecutionsParams));
}

describe("error kinds", () => {
  it.each([
    [401, "auth"],
    [403, "auth"],
    [404, "not_found"],
    [400, "invalid_request"],
    [409, "invalid_request"],
    [422, "invalid_request"],
    [500, "unavailable"],
  ])("maps HTTP %i to %s without retrying", async (status, kind) => {
    const error = await listFails({
      status,
      headers: { "x-request-id": "req_42" },
      body: envelope(status, "Retriever 'product-search' not found", "NotFoundError"),
    });

    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.operation).toBe("listExecutions");
    expect(error.requestId).toBe("req_42");
    expect(error.upstreamMessage).toBe("Retriever 'product-search' not found");
    expect(error.message).toBe(`Mixpeek listExecutions failed with HTTP ${status}: ${phrase(kind)}`);
    expect(server.requests).toHaveLength(1);
    expect(time.delays).toEqual([]);
    expect(events).toEqual([
      { operation: "listExecutions", outcome: kind, status, durationMs: 0, attempts: 1 },
    ]);
  });

  it("reads a 422 in FastAPI's shape into one line per problem", async () => {
    const error = await listFails({
      status: 422,
      body: {
        detail: [
          {
            loc: ["query", "limit"],
            msg: "ensure this value is less than or equal to 1000",
            type: "value_error",
          },
          { loc: ["body", "sorts", 0, "field"], msg: "field required", type: "missing" },
        ],
      },
    });

    expect(error.kind).toBe("invalid_request");
    expect(error.upstreamMessage).toBe(
      "query.limit: ensure this value is less than or equal to 1000; body.sorts.0.field: field required",
    );
  });

  it("reads a 422 in Mixpeek's envelope", async () => {
    const error = await listFails({
      status: 422,
      body: envelope(422, "limit must be at most 1000", "ValidationError"),
    });

    expect(error.kind).toBe("invalid_request");
    expect(error.upstreamMessage).toBe("limit must be at most 1000");
  });

  it("keeps a plain-text or FastAPI string error body as the upstream message", async () => {
    expect((await listFails({ status: 404, body: { detail: "Not Found" } })).upstreamMessage).toBe(
      "Not Found",
    );
    expect((await listFails({ status: 500, body: "Internal Server Error" })).upstreamMessage).toBe(
      "Internal Server Error",
    );
    expect((await listFails({ status: 401, body: "" })).upstreamMessage).toBeUndefined();
  });
});

describe("responses that do not match the schema", () => {
  it.each<[string, unknown, string]>([
    ["not JSON", "<html>gateway says hi</html>", "<html>gateway says hi</html>"],
    [
      "an execution without its id",
      listExecutionsBody([{ ...executionSummary(), execution_id: undefined }]),
      "results.0.execution_id",
    ],
    [
      "a duration that is a string",
      listExecutionsBody([executionSummary({ duration_ms: "fast" })]),
      "results.0.duration_ms",
    ],
    ["no pagination", { results: [] }, "pagination"],
    [
      "a cache hit rate above 1",
      listExecutionsBody([executionSummary({ cache_hit_rate: 1.5 })]),
      "cache_hit_rate",
    ],
  ])("fails as bad_response on %s, without retrying", async (_, body, mentioned) => {
    const error = await listFails({ status: 200, body });

    expect(error.kind).toBe("bad_response");
    expect(error.status).toBe(200);
    expect(error.upstreamMessage).toContain(mentioned);
    expect(server.requests).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: "bad_response", attempts: 1 });
  });

  it("treats a redirect as bad_response, since it is not followed", async () => {
    const error = await listFails({ status: 302, headers: { location: "/elsewhere" } });

    expect(error.kind).toBe("bad_response");
    expect(error.status).toBe(302);
  });
});

describe("tolerated data", () => {
  it("keeps a status value it does not know, such as queued", async () => {
    server.script({ status: 200, body: listExecutionsBody([executionSummary({ status: "queued" })]) });

    const page = await client.listExecutions(listExecutionsParams);

    expect(page.results[0]?.status).toBe("queued");
  });

  it("accepts null and absent for the nullable fields", async () => {
    const nulls = executionSummary({
      completed_at: null,
      cache_hit_rate: null,
      inputs_hash: null,
      query_summary: null,
    });
    const { completed_at, cache_hit_rate, inputs_hash, query_summary, ...absent } = executionSummary();
    server.script({ status: 200, body: listExecutionsBody([nulls, absent]) });

    const page = await client.listExecutions(listExecutionsParams);

    expect(page.results[0]).toMatchObject({ completed_at: null, cache_hit_rate: null, query_summary: null });
    expect(page.results[1]?.completed_at).toBeUndefined();
  });

  it("accepts an execution detail with null error and stage", async () => {
    server.script({
      status: 200,
      body: executionDetail({ status: "running", error: null, current_stage: null }),
    });

    const detail = await client.getExecution({ namespace: "ns", retriever: "r", executionId: "e" });

    expect(detail).toMatchObject({ status: "running", error: null, current_stage: null });
  });
});

describe("the API key", () => {
  const echoes: [string, ScriptedReply][] = [
    ["an envelope", { status: 401, body: envelope(401, `Invalid header: Authorization: Bearer ${API_KEY}`) }],
    [
      "FastAPI's detail list",
      { status: 422, body: { detail: [{ loc: ["header"], msg: API_KEY, type: "x" }] } },
    ],
    ["a plain-text body", { status: 403, body: `Authorization: Bearer ${API_KEY}` }],
    ["a body that is not JSON", { status: 200, body: `{"oops": "Bearer ${API_KEY}"` }],
    ["the request id", { status: 404, headers: { "x-request-id": `id-${API_KEY}` }, body: {} }],
    // Split by the 500-character clip if it were applied before scrubbing.
    ["a long body", { status: 500, body: `${"x".repeat(485)}Bearer ${API_KEY} and more` }],
    ["a JSON-escaped key", { status: 400, body: `{"detail": "${API_KEY.replace("_", "\\u005f")}"}` }],
  ];

  it.each(echoes)("never appears in the error when the server echoes it in %s", async (_, reply) => {
    const error = await listFails(reply);

    expect(error.message).not.toContain(API_KEY);
    expect(error.upstreamMessage ?? "").not.toContain(API_KEY);
    expect(error.requestId ?? "").not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(String(error.stack)).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY.slice(0, 8));
  });
});

function phrase(kind: string): string {
  return {
    auth: "the API key was refused",
    not_found: "not found",
    invalid_request: "the request was refused",
    unavailable: "Mixpeek is unavailable",
  }[kind] as string;
}
