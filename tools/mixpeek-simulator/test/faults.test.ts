import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, fixedClock, getExecution, listExecutions } from "./client.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: "sk_test", now: fixedClock });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.clearFaults();
  sim.setLatency(0);
  sim.resetCalls();
});

const statusOf = async (request: Promise<{ status: number }>) => (await request).status;

describe("faults", () => {
  it("answers 429 with Retry-After and the envelope, once by default", async () => {
    sim.injectFault({ kind: "status", status: 429, retryAfterSeconds: 3 });
    const limited = await listExecutions(sim, "product-search");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.json).toMatchObject({
      success: false,
      status: 429,
      error: { type: "TooManyRequestsError" },
    });
    expect(limited.headers.get("x-request-id")).toBeTruthy();
    expect(await statusOf(listExecutions(sim, "product-search"))).toBe(200);
  });

  it("repeats a fault `times` times, for every 5xx", async () => {
    for (const status of [500, 502, 503]) {
      sim.injectFault({ kind: "status", status, times: 2 });
      const first = await listExecutions(sim, "product-search");
      expect(first.json).toMatchObject({ status, error: { message: expect.any(String) } });
      expect(await statusOf(listExecutions(sim, "product-search"))).toBe(status);
      expect(await statusOf(listExecutions(sim, "product-search"))).toBe(200);
    }
  });

  it("applies a fault to one kind of call only when asked, in queue order", async () => {
    sim.injectFault({ kind: "status", status: 503, only: "getExecution" });
    sim.injectFault({ kind: "status", status: 500 });
    const [run] = sim.executions("demo", "product-search");
    expect(await statusOf(listExecutions(sim, "product-search"))).toBe(500);
    expect(await statusOf(listExecutions(sim, "product-search"))).toBe(200);
    expect(await statusOf(getExecution(sim, "product-search", run?.execution_id ?? ""))).toBe(503);
    expect(await statusOf(getExecution(sim, "product-search", run?.execution_id ?? ""))).toBe(200);
  });

  it("can send a custom body, e.g. a 422 in FastAPI's shape", async () => {
    const body = { detail: [{ loc: ["query", "cursor"], msg: "bad cursor", type: "value_error" }] };
    sim.injectFault({ kind: "status", status: 422, body });
    const result = await listExecutions(sim, "product-search");
    expect(result.status).toBe(422);
    expect(result.json).toEqual(body);
  });

  it("sends a body that is not JSON, labelled as JSON", async () => {
    sim.injectFault({ kind: "invalid_json" });
    const result = await call(sim, "/v1/retrievers/product-search");
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toBe("application/json");
    expect(result.json).toBeUndefined();
    expect(() => JSON.parse(result.text)).toThrow();
  });

  it("sends a 200 that breaks the schema", async () => {
    sim.injectFault({ kind: "schema_break", only: "listExecutions" });
    const result = await listExecutions(sim, "product-search");
    expect(result.status).toBe(200);
    const [first] = (result.json as { results: Array<Record<string, unknown>> }).results;
    expect(first).not.toHaveProperty("execution_id");
    expect(typeof first?.duration_ms).toBe("string");
  });

  it("drops the connection on a reset fault", async () => {
    sim.injectFault({ kind: "reset" });
    await expect(listExecutions(sim, "product-search")).rejects.toThrow();
    expect(await statusOf(listExecutions(sim, "product-search"))).toBe(200);
  });

  it("forgets queued faults on clearFaults", async () => {
    sim.injectFault({ kind: "status", status: 500, times: 5 });
    sim.clearFaults();
    expect(await statusOf(listExecutions(sim, "product-search"))).toBe(200);
  });
});

describe("latency and call counts", () => {
  it("delays every API call by the configured latency", async () => {
    sim.setLatency(150);
    const started = performance.now();
    expect(await statusOf(call(sim, "/v1/retrievers/list", { body: {} }))).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    sim.setLatency(0);
    const again = performance.now();
    await call(sim, "/v1/retrievers/list", { body: {} });
    expect(performance.now() - again).toBeLessThan(140);
    expect(() => sim.setLatency(-1)).toThrow(RangeError);
  });

  it("counts every call that reached a route, refused and faulted ones too", async () => {
    const [run] = sim.executions("demo", "support-faq");
    await listExecutions(sim, "support-faq");
    await call(sim, "/v1/retrievers/support-faq/executions/list", { body: {}, apiKey: "wrong" });
    sim.injectFault({ kind: "status", status: 503 });
    await getExecution(sim, "support-faq", run?.execution_id ?? "");
    await call(sim, "/v1/retrievers/support-faq", { namespace: "ns_staging" });
    await call(sim, "/not/an/api/path");
    await call(sim, "/_sim/state");

    expect(sim.callCount()).toBe(4);
    expect(sim.callCount("listExecutions")).toBe(2);
    expect(sim.callCount("getExecution")).toBe(1);
    expect(sim.callCount("getRetriever")).toBe(1);
    expect(sim.callCount("listRetrievers")).toBe(0);
    expect(
      sim.calls().map(({ kind, namespace, retriever, status }) => ({ kind, namespace, retriever, status })),
    ).toEqual([
      { kind: "listExecutions", namespace: "demo", retriever: "support-faq", status: 200 },
      { kind: "listExecutions", namespace: "demo", retriever: "support-faq", status: 401 },
      { kind: "getExecution", namespace: "demo", retriever: "support-faq", status: 503 },
      { kind: "getRetriever", namespace: "ns_staging", retriever: "support-faq", status: 404 },
    ]);
    expect(sim.calls()[0]?.at).toEqual(fixedClock());
    sim.resetCalls();
    expect(sim.callCount()).toBe(0);
    expect(sim.calls()).toEqual([]);
  });
});

describe("closing", () => {
  it("closes promptly while a request hangs, and the hanging request fails", async () => {
    const own = await startSimulator({ apiKey: "sk_test" });
    own.injectFault({ kind: "hang" });
    const hanging = listExecutions(own, "product-search").then(
      () => "answered",
      () => "failed",
    );
    await expect.poll(() => own.callCount()).toBe(1);
    own.setLatency(60_000);
    const delayed = listExecutions(own, "product-search").then(
      () => "answered",
      () => "failed",
    );
    await expect.poll(() => own.callCount()).toBe(2);

    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await hanging).toBe("failed");
    expect(await delayed).toBe("failed");
    await expect(fetch(`${own.url}/_sim/state`)).rejects.toThrow();
    await own.close();
  });
});
