/**
 * Every kind of answer the simulator gives, checked against Mixpeek's published schema (the facts
 * fixture, copied from mixpeek/docs api-reference/openapi.json) and against the bot's zod schemas.
 * If the simulator drifts from the real API, tests that trust it would pass for the wrong reason.
 */
import { readFileSync } from "node:fs";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ErrorResponseSchema,
  ExecutionDetailSchema,
  HttpValidationErrorSchema,
  ListExecutionsResponseSchema,
  ListRetrieversResponseSchema,
  RetrieverSchema,
} from "../../../src/mixpeek/schemas.js";
import { type CallResult, call, fixedClock, getExecution, listExecutions } from "./client.js";

const facts = JSON.parse(
  readFileSync(new URL("./retriever-executions.facts.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

// OpenAPI keywords ajv does not know (e.g. `openapi`, `paths`) are why strict mode is off.
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: under NodeNext its default import is the module, the plugin is `.default`.
formats.default(ajv);
ajv.addSchema({ ...facts, $id: "facts" });
const published = (name: string) => ajv.compile({ $ref: `facts#/components/schemas/${name}` });

const contracts = {
  ListExecutionsResponse: { ajv: published("ListExecutionsResponse"), zod: ListExecutionsResponseSchema },
  ExecutionDetail: { ajv: published("ExecutionDetail"), zod: ExecutionDetailSchema },
  ListRetrieversResponse: { ajv: published("ListRetrieversResponse"), zod: ListRetrieversResponseSchema },
  "RetrieverModel-Output": { ajv: published("RetrieverModel-Output"), zod: RetrieverSchema },
  ErrorResponse: { ajv: published("ErrorResponse"), zod: ErrorResponseSchema },
  HTTPValidationError: { ajv: published("HTTPValidationError"), zod: HttpValidationErrorSchema },
} satisfies Record<string, { ajv: ReturnType<typeof published>; zod: z.ZodType }>;
type Contract = keyof typeof contracts;

function expectConforms(result: CallResult, contract: Contract, status = 200): void {
  expect(result.status, result.text).toBe(status);
  expect(result.headers.get("content-type")).toMatch(/^application\/json/);
  expect(result.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]+$/);
  const { ajv: validate, zod } = contracts[contract];
  const valid = validate(result.json);
  expect(valid, `${contract}: ${ajv.errorsText(validate.errors)}\n${result.text.slice(0, 500)}`).toBe(true);
  const parsed = zod.safeParse(result.json);
  expect(parsed.success, `${contract} (zod): ${parsed.error?.message}`).toBe(true);
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: "sk_conformance", now: fixedClock });
});
afterAll(async () => {
  await sim.close();
});

describe("the simulator conforms to Mixpeek's published schema", () => {
  it("lists executions of every retriever, on several pages, filtered and sorted", async () => {
    for (const namespace of sim.namespaces()) {
      for (const retriever of sim.retrievers(namespace.id)) {
        const name = retriever.retriever_name;
        const pages: Array<{ query: Record<string, number | boolean>; body: unknown }> = [
          { query: {}, body: {} },
          { query: { limit: 7, offset: 7 }, body: {} },
          { query: { limit: 1000, include_total: true }, body: { status: "failed" } },
          { query: { limit: 5 }, body: { sorts: [{ field: "created_at", direction: "asc" }] } },
          {
            query: { offset: 10_000 },
            body: { filters: { AND: [{ field: "status", operator: "eq", value: "running" }] } },
          },
        ];
        for (const { query, body } of pages) {
          expectConforms(
            await listExecutions(sim, name, body, query, namespace.name),
            "ListExecutionsResponse",
          );
        }
      }
    }
  });

  it("describes every execution, whatever its status", async () => {
    const statusesSeen = new Set<string>();
    for (const namespace of sim.namespaces()) {
      for (const retriever of sim.retrievers(namespace.id)) {
        for (const run of sim.executions(namespace.id, retriever.retriever_id)) {
          const result = await getExecution(sim, retriever.retriever_id, run.execution_id, namespace.id);
          expectConforms(result, "ExecutionDetail");
          statusesSeen.add(run.status);
        }
      }
    }
    expect([...statusesSeen].sort()).toEqual(["completed", "failed", "pending", "processing", "running"]);
  });

  it("lists and gets retrievers, by id and by name", async () => {
    expectConforms(await call(sim, "/v1/retrievers/list", { body: {} }), "ListRetrieversResponse");
    expectConforms(
      await call(sim, "/v1/retrievers/list", { body: { search: "SEARCH" } }),
      "ListRetrieversResponse",
    );
    expectConforms(
      await call(sim, "/v1/retrievers/list", { body: { search: "zzz" } }),
      "ListRetrieversResponse",
    );
    for (const namespace of sim.namespaces()) {
      for (const retriever of sim.retrievers(namespace.id)) {
        for (const ref of [retriever.retriever_id, retriever.retriever_name]) {
          const result = await call(sim, `/v1/retrievers/${encodeURIComponent(ref)}`, {
            namespace: namespace.name,
          });
          expectConforms(result, "RetrieverModel-Output");
        }
      }
    }
  });

  it("answers errors with the envelope, and bad parameters with FastAPI's 422 body", async () => {
    const list = "/v1/retrievers/product-search/executions/list";
    expectConforms(await call(sim, list, { body: {}, apiKey: "sk_wrong" }), "ErrorResponse", 401);
    expectConforms(await call(sim, list, { body: {}, apiKey: null }), "ErrorResponse", 401);
    expectConforms(await call(sim, list, { body: {}, namespace: null }), "ErrorResponse", 400);
    expectConforms(await call(sim, list, { body: {}, namespace: "ns_nope" }), "ErrorResponse", 404);
    expectConforms(
      await call(sim, "/v1/retrievers/nope/executions/list", { body: {} }),
      "ErrorResponse",
      404,
    );
    expectConforms(await getExecution(sim, "product-search", "exec_nope"), "ErrorResponse", 404);
    expectConforms(await call(sim, "/v1/retrievers/nope"), "ErrorResponse", 404);
    expectConforms(await call(sim, "/v2/elsewhere"), "ErrorResponse", 404);
    expectConforms(await call(sim, list, { body: {}, query: { limit: 0 } }), "HTTPValidationError", 422);
    expectConforms(await call(sim, list, { body: { status: 3 } }), "HTTPValidationError", 422);

    sim.injectFault({ kind: "status", status: 429, retryAfterSeconds: 2 });
    expectConforms(await call(sim, list, { body: {} }), "ErrorResponse", 429);
    sim.injectFault({ kind: "status", status: 503 });
    expectConforms(await call(sim, list, { body: {} }), "ErrorResponse", 503);
  });

  it("has a schema-breaking fault the published schema really rejects", async () => {
    const checks: Array<[string, Contract, () => Promise<CallResult>]> = [
      ["listExecutions", "ListExecutionsResponse", () => listExecutions(sim, "product-search")],
      ["getRetriever", "RetrieverModel-Output", () => call(sim, "/v1/retrievers/product-search")],
      ["listRetrievers", "ListRetrieversResponse", () => call(sim, "/v1/retrievers/list", { body: {} })],
    ];
    const [run] = sim.executions("demo", "product-search");
    checks.push([
      "getExecution",
      "ExecutionDetail",
      () => getExecution(sim, "product-search", run?.execution_id ?? "missing"),
    ]);
    for (const [kind, contract, send] of checks) {
      sim.injectFault({ kind: "schema_break" });
      const result = await send();
      expect(result.status, kind).toBe(200);
      expect(contracts[contract].ajv(result.json), kind).toBe(false);
      expect(contracts[contract].zod.safeParse(result.json).success, kind).toBe(false);
    }
  });
});
