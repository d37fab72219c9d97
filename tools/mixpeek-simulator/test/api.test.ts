import { type ExecutionSummaryWire, type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, fixedClock, getExecution, listExecutions, rawRequest } from "./client.js";

type Page = {
  results: ExecutionSummaryWire[];
  pagination: { total: number; has_next: boolean; limit: number };
};
type Envelope = { success: boolean; status: number; error: { message: string; type: string } };
type Validation = { detail: Array<{ loc: unknown[]; type: string }> };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: "sk_test", now: fixedClock });
});
afterAll(async () => {
  await sim.close();
});

const ids = (page: unknown) => (page as Page).results.map((run) => run.execution_id);

/** Walks every page with offset + has_next, as the bot does. */
async function walk(retriever: string, body: unknown, limit: number, namespace = "demo") {
  const seen: string[] = [];
  for (let offset = 0, pages = 0; ; offset += limit, pages++) {
    expect(pages).toBeLessThan(500);
    const result = await listExecutions(sim, retriever, body, { limit, offset }, namespace);
    expect(result.status).toBe(200);
    const page = result.json as Page;
    seen.push(...ids(page));
    if (!page.pagination.has_next) return seen;
  }
}

describe("authentication and namespaces", () => {
  const list = "/v1/retrievers/product-search/executions/list";

  it("refuses a wrong, missing or non-Bearer key with a 401 envelope", async () => {
    for (const apiKey of ["sk_wrong", null]) {
      const result = await call(sim, list, { body: {}, apiKey });
      expect(result.status).toBe(401);
      expect(result.json).toMatchObject({
        success: false,
        status: 401,
        error: { type: "UnauthorizedError" },
      });
      expect((result.json as Envelope).error).toHaveProperty("details", null);
    }
    const basic = await fetch(`${sim.url}${list}`, {
      method: "POST",
      headers: { authorization: "Basic sk_test", "x-namespace": "demo" },
    });
    expect(basic.status).toBe(401);
  });

  it("needs a known namespace, given by id or by name", async () => {
    expect((await call(sim, list, { body: {}, namespace: null })).status).toBe(400);
    const unknown = await call(sim, list, { body: {}, namespace: "ns_unknown" });
    expect(unknown.status).toBe(404);
    expect((unknown.json as Envelope).error.type).toBe("NotFoundError");
    const byName = await call(sim, list, { body: {}, namespace: "demo" });
    const byId = await call(sim, list, { body: {}, namespace: "ns_demo" });
    expect(byName.status).toBe(200);
    expect(ids(byId.json)).toEqual(ids(byName.json));
  });

  it("keeps namespaces apart: the same retriever name is a different retriever", async () => {
    const [demo] = sim.retrievers("demo").filter((r) => r.retriever_name === "product-search");
    const [staging] = sim.retrievers("staging").filter((r) => r.retriever_name === "product-search");
    expect(demo?.retriever_id).not.toBe(staging?.retriever_id);
    const result = await listExecutions(sim, demo?.retriever_id ?? "", {}, {}, "staging");
    expect(result.status).toBe(404);
  });

  it("puts an x-request-id on every answer, control and unknown paths included", async () => {
    const answers = await Promise.all([
      call(sim, list, { body: {} }),
      call(sim, list, { body: {}, apiKey: "nope" }),
      call(sim, "/nowhere"),
      call(sim, "/_sim/state"),
    ]);
    const requestIds = answers.map((answer) => answer.headers.get("x-request-id"));
    for (const id of requestIds) expect(id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(new Set(requestIds).size).toBe(requestIds.length);
  });
});

describe("retriever references", () => {
  it("accepts the id or the name, in the list and detail paths", async () => {
    const retriever = sim.retrievers("demo").find((r) => r.retriever_name === "video-moments");
    expect(retriever).toBeDefined();
    const byName = await listExecutions(sim, "video-moments");
    const byId = await listExecutions(sim, retriever?.retriever_id ?? "");
    expect(ids(byId.json)).toEqual(ids(byName.json));
    for (const ref of ["video-moments", retriever?.retriever_id ?? ""]) {
      const result = await call(sim, `/v1/retrievers/${ref}`);
      expect(result.json).toMatchObject({
        retriever_id: retriever?.retriever_id,
        retriever_name: "video-moments",
      });
    }
  });

  it("decodes the segment once and finds nothing for path tricks", async () => {
    expect((await call(sim, "/v1/retrievers/product%2Dsearch/executions/list", { body: {} })).status).toBe(
      200,
    );
    const tricks = [
      "/v1/retrievers/product%252Dsearch/executions/list",
      "/v1/retrievers/..%2Fproduct-search/executions/list",
      "/v1/retrievers/demo%2Fproduct-search/executions/list",
      "/v1/retrievers/product-search%2Fexecutions%2Flist",
      "/v1/retrievers/%E0%A4%A/executions/list",
    ];
    for (const path of tricks) {
      const result = await call(sim, path, { body: {} });
      expect(result.status, path).toBe(404);
      expect((result.json as Envelope).error.type, path).toBe("NotFoundError");
    }
    for (const path of ["/v1/retrievers/%2E%2E/executions/list", "/v1/retrievers/../executions/list"]) {
      expect((await rawRequest(sim, "POST", path)).status, path).toBe(404);
    }
    expect((await rawRequest(sim, "GET", "/v1/retrievers/..")).status).toBe(404);
  });

  it("answers 404 for unknown retrievers, executions and paths", async () => {
    expect((await listExecutions(sim, "no-such-retriever")).status).toBe(404);
    expect((await getExecution(sim, "product-search", "exec_missing")).status).toBe(404);
    expect((await call(sim, "/v1/retrievers/product-search", { method: "DELETE" })).status).toBe(404);
    expect((await call(sim, "/v1/collections/list", { body: {} })).status).toBe(404);
  });
});

describe("query validation", () => {
  it.each([
    ["limit", "0", "greater_than_equal"],
    ["limit", "1001", "less_than_equal"],
    ["limit", "abc", "int_parsing"],
    ["limit", "2.5", "int_parsing"],
    ["offset", "-1", "greater_than_equal"],
    ["offset", "10001", "less_than_equal"],
    ["include_total", "maybe", "bool_parsing"],
  ])("answers 422 for %s=%s", async (name, value, type) => {
    const result = await listExecutions(sim, "product-search", {}, { [name]: value });
    expect(result.status).toBe(422);
    expect((result.json as Validation).detail).toEqual([
      expect.objectContaining({ loc: ["query", name], type }),
    ]);
  });

  it("accepts the bounds themselves", async () => {
    const queries: Array<Record<string, number | string>> = [
      { limit: 1 },
      { limit: 1000 },
      { offset: 10_000 },
      { offset: 0, include_total: "1" },
    ];
    for (const query of queries) {
      expect((await listExecutions(sim, "product-search", {}, query)).status).toBe(200);
    }
  });

  it("validates list bounds on the retriever list too, and body types", async () => {
    expect((await call(sim, "/v1/retrievers/list", { body: {}, query: { limit: 0 } })).status).toBe(422);
    const badBody = await listExecutions(sim, "product-search", { sorts: "newest" });
    expect(badBody.status).toBe(422);
    expect((badBody.json as Validation).detail[0]?.loc).toEqual(["body", "sorts"]);
  });
});

describe("listing executions", () => {
  it("lists newest first by default and oldest first when asked", async () => {
    const truth = sim.executions("demo", "product-search");
    const newest = (await listExecutions(sim, "product-search", {}, { limit: 1000 })).json as Page;
    const times = newest.results.map((run) => Date.parse(run.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(ids(newest)).toEqual(truth.map((run) => run.execution_id));
    const asc = await listExecutions(
      sim,
      "product-search",
      { sorts: [{ field: "created_at", direction: "asc" }] },
      {
        limit: 1000,
      },
    );
    expect(ids(asc.json)).toEqual(ids(newest).reverse());
  });

  it("pages with offset and has_next, showing every execution exactly once", async () => {
    for (const retriever of ["product-search", "brand-safety", "image-dedupe"]) {
      const truth = sim.executions("demo", retriever).map((run) => run.execution_id);
      for (const limit of [1, 7, 20, 1000]) {
        expect(await walk(retriever, {}, limit)).toEqual(truth);
      }
    }
  });

  it("filters by status through `status` or a lenient `filters` condition", async () => {
    const truth = sim
      .executions("demo", "product-search")
      .filter((run) => run.status === "failed")
      .map((run) => run.execution_id);
    expect(truth.length).toBeGreaterThan(3);
    expect(await walk("product-search", { status: "failed" }, 3)).toEqual(truth);
    const asFilter = { filters: { AND: [{ field: "status", operator: "eq", value: "failed" }] } };
    expect(await walk("product-search", asFilter, 1000)).toEqual(truth);
    expect(await walk("product-search", { filters: { status: "failed" } }, 1000)).toEqual(truth);
    expect(await walk("product-search", { status: "no-such-status" }, 10)).toEqual([]);
    const pending = await walk("catalog-enrichment", { status: "pending" }, 10, "staging");
    expect(pending).toHaveLength(1);
  });

  it("gives the true total only with include_total", async () => {
    const truth = sim.executions("demo", "support-faq").length;
    for (const offset of [0, 20, truth - 3, truth, truth + 5]) {
      const counted = (await listExecutions(sim, "support-faq", {}, { offset, include_total: true }))
        .json as Page;
      expect(counted.pagination.total).toBe(truth);
      const estimated = (await listExecutions(sim, "support-faq", {}, { offset })).json as Page;
      expect(estimated.pagination.total).not.toBe(truth);
      expect(estimated.pagination.has_next).toBe(offset + 20 < truth);
    }
    const empty = (await listExecutions(sim, "image-dedupe")).json as Page;
    expect(empty.results).toEqual([]);
    expect(empty.pagination.total).not.toBe(0);
  });

  it("shows an added execution first", async () => {
    const added = sim.addExecution("demo", "support-faq", { status: "running", query_summary: "fresh" });
    const page = (await listExecutions(sim, "support-faq", {}, { limit: 1 })).json as Page;
    expect(page.results[0]).toEqual(added);
  });
});

describe("execution detail", () => {
  it("explains a failed execution with its error and failing stage", async () => {
    const failed = sim.failNow("demo", "video-moments", {
      error: "Decoder <crashed> & burned",
      stage: "moment_summary",
    });
    const detail = (await getExecution(sim, "video-moments", failed.execution_id)).json as Record<
      string,
      unknown
    >;
    expect(detail).toMatchObject({
      status: "failed",
      error: "Decoder <crashed> & burned",
      completed_at: expect.any(String),
    });
    const stages = (detail.stage_statistics as { stages: Record<string, { error: string | null }> }).stages;
    expect(stages.moment_summary?.error).toBe("Decoder <crashed> & burned");
    expect(Object.keys(stages)).toEqual(["scene_search", "transcript_match", "moment_summary"]);
  });

  it("shows progress for a running execution", async () => {
    const running = sim.executions("demo", "product-search").find((run) => run.status === "running");
    expect(running).toBeDefined();
    const detail = (await getExecution(sim, "product-search", running?.execution_id ?? "")).json as Record<
      string,
      unknown
    >;
    expect(detail).toMatchObject({ status: "running", completed_at: null, error: null, total_stages: 4 });
    expect(typeof detail.current_stage).toBe("string");
    expect(detail.stages_completed as number).toBeLessThan(4);
  });
});

describe("listing retrievers", () => {
  type List = { results: Array<{ retriever_name: string }>; total: number };
  const names = (result: { json: unknown }) => (result.json as List).results.map((r) => r.retriever_name);

  it("searches names by substring, case-insensitive unless asked", async () => {
    expect(names(await call(sim, "/v1/retrievers/list", { body: { search: "SEARCH" } }))).toEqual([
      "product-search",
    ]);
    expect(
      names(await call(sim, "/v1/retrievers/list", { body: { search: "SEARCH", case_sensitive: true } })),
    ).toEqual([]);
    expect(
      names(await call(sim, "/v1/retrievers/list", { body: { search: "e" }, namespace: "staging" })),
    ).toHaveLength(3);
  });

  it("pages with limit and offset and counts every match", async () => {
    const all = await call(sim, "/v1/retrievers/list", { body: {} });
    const page = await call(sim, "/v1/retrievers/list", { body: {}, query: { limit: 2, offset: 1 } });
    expect(names(page)).toEqual(names(all).slice(1, 3));
    expect((page.json as List).total).toBe(names(all).length);
  });
});
