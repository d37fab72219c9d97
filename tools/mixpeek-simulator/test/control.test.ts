import {
  type ExecutionSummaryWire,
  type Simulator,
  type SimulatorState,
  startSimulator,
  type TrickledExecution,
} from "@executions-bot/mixpeek-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, getExecution, listExecutions } from "./client.js";

/** A clock that moves a second per reading, so each added run is newer than the last. */
function tickingClock(start = Date.parse("2025-06-02T12:00:00Z")) {
  let ms = start;
  return () => {
    ms += 1_000;
    return new Date(ms);
  };
}

const control = (sim: Simulator, method: "GET" | "POST" | "DELETE", path: string, body?: unknown) =>
  call(sim, `/_sim${path}`, { method, body, apiKey: null, namespace: null });

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: "sk_test", now: tickingClock() });
});
afterAll(async () => {
  await sim.close();
});

describe("control API over HTTP", () => {
  it("adds an execution that the API then lists first", async () => {
    const added = await control(sim, "POST", "/executions", {
      namespace: "demo",
      retriever: "support-faq",
      status: "completed",
      query_summary: "added over HTTP",
      duration_ms: 1234.5,
    });
    expect(added.status).toBe(201);
    const run = added.json as ExecutionSummaryWire;
    expect(run).toMatchObject({ status: "completed", query_summary: "added over HTTP", duration_ms: 1234.5 });
    const page = (await listExecutions(sim, "support-faq", {}, { limit: 1 })).json as {
      results: ExecutionSummaryWire[];
    };
    expect(page.results[0]).toEqual(run);
  });

  it("adds a failed execution with /fail", async () => {
    const failed = await control(sim, "POST", "/fail", { namespace: "ns_demo", retriever: "brand-safety" });
    expect(failed.status).toBe(201);
    const run = failed.json as ExecutionSummaryWire;
    expect(run.status).toBe("failed");
    const detail = (await getExecution(sim, "brand-safety", run.execution_id)).json as {
      error: string | null;
    };
    expect(detail.error).toEqual(expect.any(String));
  });

  it("raises a retriever's failure rate or latency at once with /burst (the playground's incident buttons)", async () => {
    const model = sim.addRetriever("demo", "burst-target");
    const burst = await control(sim, "POST", "/burst", {
      namespace: "demo",
      retriever: "burst-target",
      runs: 20,
      failure_rate: 0.4,
      duration_ms: 2500,
    });
    expect(burst.status).toBe(201);
    expect(burst.json).toEqual({ added: 20, failed: 8 });
    const runs = sim.executions("demo", model.retriever_id);
    expect(runs).toHaveLength(20);
    expect(runs.filter((run) => run.status === "failed")).toHaveLength(8);
    expect(runs.every((run) => run.duration_ms === 2500)).toBe(true);
    // Spread over the 5 minutes before now, each one older than the clock.
    const times = runs.map((run) => Date.parse(run.created_at));
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(5 * 60_000);
    const refused = await control(sim, "POST", "/burst", {
      namespace: "demo",
      retriever: "burst-target",
      runs: 0,
    });
    expect(refused.status).toBe(400);
  });

  it("adds a retriever, empty or with history", async () => {
    const empty = await control(sim, "POST", "/retrievers", { namespace: "staging", name: "new-one" });
    expect(empty.status).toBe(201);
    expect(empty.json).toMatchObject({
      retriever_name: "new-one",
      retriever_id: expect.stringMatching(/^ret_/),
    });
    const found = await call(sim, "/v1/retrievers/new-one", { namespace: "staging" });
    expect(found.json).toEqual(empty.json);
    await control(sim, "POST", "/retrievers", { namespace: "staging", name: "with-history", executions: 12 });
    expect(sim.executions("staging", "with-history")).toHaveLength(12);
    expect(
      (await control(sim, "POST", "/retrievers", { namespace: "staging", name: "new-one" })).status,
    ).toBe(409);
  });

  it("sets latency and queues and clears faults", async () => {
    expect((await control(sim, "POST", "/latency", { ms: 5 })).json).toEqual({ latencyMs: 5 });
    expect(sim.latency()).toBe(5);
    await control(sim, "POST", "/latency", { ms: 0 });

    const queued = await control(sim, "POST", "/faults", { kind: "status", status: 503, times: 2 });
    expect(queued.status).toBe(201);
    expect((await listExecutions(sim, "product-search")).status).toBe(503);
    expect((await control(sim, "GET", "/state")).json).toMatchObject({
      faults: [{ kind: "status", status: 503, times: 1 }],
    });
    await control(sim, "DELETE", "/faults");
    expect((await listExecutions(sim, "product-search")).status).toBe(200);
  });

  it("reports and resets call counts; control calls are not counted", async () => {
    await control(sim, "POST", "/calls/reset");
    await listExecutions(sim, "product-search");
    await call(sim, "/v1/retrievers/list", { body: {} });
    const calls = await control(sim, "GET", "/calls");
    expect(calls.json).toMatchObject({
      total: 2,
      byKind: { listExecutions: 1, listRetrievers: 1, getExecution: 0, getRetriever: 0 },
      calls: [
        { kind: "listExecutions", status: 200 },
        { kind: "listRetrievers", status: 200 },
      ],
    });
    await control(sim, "POST", "/calls/reset");
    expect(sim.callCount()).toBe(0);
  });

  it("summarises namespaces and retrievers in /state", async () => {
    const state = (await control(sim, "GET", "/state")).json as SimulatorState;
    expect(state.namespaces.map((ns) => [ns.id, ns.name])).toEqual([
      ["ns_demo", "demo"],
      ["ns_staging", "staging"],
    ]);
    const demo = state.namespaces[0]?.retrievers ?? [];
    expect(demo.find((r) => r.retriever_name === "image-dedupe")).toMatchObject({
      executions: 0,
      latest_created_at: null,
    });
    const product = demo.find((r) => r.retriever_name === "product-search");
    expect(product?.executions).toBe(sim.executions("demo", "product-search").length);
    expect(product?.statuses.failed).toBeGreaterThan(0);
  });

  it.each([
    ["/executions", { namespace: "demo" }, 400],
    ["/executions", { namespace: "demo", retriever: "support-faq", colour: "red" }, 400],
    ["/executions", { namespace: "demo", retriever: "support-faq", created_at: "yesterday" }, 400],
    ["/executions", { namespace: "nowhere", retriever: "support-faq" }, 404],
    ["/fail", { namespace: "demo", retriever: "no-such-retriever" }, 404],
    ["/retrievers", { namespace: "demo", name: "a/b" }, 400],
    ["/latency", { ms: -5 }, 400],
    ["/faults", { kind: "explode" }, 400],
    ["/faults", { kind: "status", status: 200 }, 400],
  ])("refuses POST %s %j with %i", async (path, body, status) => {
    const result = await control(sim, "POST", path, body);
    expect(result.status).toBe(status);
    expect(result.json).toMatchObject({ success: false, status, error: { message: expect.any(String) } });
  });

  it("refuses a body that is not JSON and unknown control routes", async () => {
    const response = await fetch(`${sim.url}/_sim/fail`, { method: "POST", body: "{nope" });
    expect(response.status).toBe(400);
    expect((await control(sim, "GET", "/nothing-here")).status).toBe(404);
  });
});

/** A simulator adding a failed run every 10 ms, and the runs it added so far. */
async function trickling(): Promise<{ sim: Simulator; added: TrickledExecution[] }> {
  const added: TrickledExecution[] = [];
  const sim = await startSimulator({
    apiKey: "sk_test",
    now: tickingClock(),
    trickle: { intervalMs: 10, failureRate: 1 },
    onTrickle: (execution) => added.push(execution),
  });
  return { sim, added };
}

describe("trickle", () => {
  it("adds executions on its own, failing at the configured rate, and stops on close", async () => {
    const { sim: own, added } = await trickling();
    const before = own.state();
    await expect.poll(() => added.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(3);
    await own.close();
    const stoppedAt = added.length;

    for (const { namespace, retriever, execution } of added) {
      expect(execution.status).toBe("failed");
      expect(own.executions(namespace, retriever).map((run) => run.execution_id)).toContain(
        execution.execution_id,
      );
    }
    const emptyBefore = before.namespaces[0]?.retrievers.find((r) => r.retriever_name === "image-dedupe");
    expect(emptyBefore?.executions).toBe(0);
    expect(own.executions("demo", "image-dedupe")).toEqual([]);

    // A trickle with the same interval started after close() ticks twice; a tick the closed one had left
    // would have come first.
    const later = await trickling();
    await expect.poll(() => later.added.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(2);
    await later.sim.close();
    expect(added.length).toBe(stoppedAt);
  });
});
