/**
 * The analytics endpoints: what they answer conforms to Mixpeek's published schema (the facts fixture,
 * retriever-analytics.facts.json, made from mixpeek/docs api-reference/openapi.json with descriptions and
 * examples removed) and to the bot's zod schemas, and every figure agrees with the runs the executions
 * list shows, so a test of the bot's stats can check its numbers against the simulator's ground truth.
 */
import { readFileSync } from "node:fs";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  CachePerformanceSchema,
  RetrieverPerformanceSchema,
  SlowQueriesSchema,
  StageBreakdownSchema,
} from "../../../src/mixpeek/analytics-schemas.js";
import { ListExecutionsResponseSchema } from "../../../src/mixpeek/schemas.js";
import { type CallResult, call, FIXED_NOW, fixedClock, listExecutions } from "./client.js";

const facts = JSON.parse(
  readFileSync(new URL("./retriever-analytics.facts.json", import.meta.url), "utf8"),
) as Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
formats.default(ajv);
ajv.addSchema({ ...facts, $id: "analytics" });
const published = (name: string) => ajv.compile({ $ref: `analytics#/components/schemas/${name}` });
type Paths = Record<
  string,
  { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }
>;
const slowQueriesPath = (facts as { paths: Paths }).paths[
  "/v1/analytics/retrievers/{retriever_id}/slow-queries"
];
const slowQueriesContract = ajv.compile(
  slowQueriesPath?.get.responses["200"]?.content["application/json"]?.schema ?? { not: {} },
);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ apiKey: "sk_analytics", now: fixedClock });
});
afterAll(async () => {
  await sim.close();
});

const analytics = (retriever: string, what: string, query: Record<string, string | number> = {}) =>
  call(sim, `/v1/analytics/retrievers/${encodeURIComponent(retriever)}/${what}`, { query });

function conforms(result: CallResult, validate: ReturnType<typeof published>, zod: z.ZodType): void {
  expect(result.status, result.text).toBe(200);
  expect(validate(result.json), ajv.errorsText(validate.errors)).toBe(true);
  expect(zod.safeParse(result.json).success).toBe(true);
}

describe("analytics conform to the published schema", () => {
  it("answers every endpoint for every retriever, empty ones included", async () => {
    const performance = published("RetrieverPerformanceResponse");
    const stages = published("StageBreakdownResponse");
    const cache = published("CachePerformanceResponse");
    for (const retriever of sim.retrievers("demo")) {
      const name = retriever.retriever_name;
      for (const group_by of ["hour", "day", "week"]) {
        const start_date = new Date(FIXED_NOW.getTime() - 7 * DAY).toISOString();
        conforms(
          await analytics(name, "performance", { start_date, end_date: FIXED_NOW.toISOString(), group_by }),
          performance,
          RetrieverPerformanceSchema,
        );
      }
      conforms(await analytics(name, "stages", { hours: 168 }), stages, StageBreakdownSchema);
      conforms(await analytics(name, "cache-performance", { hours: 24 }), cache, CachePerformanceSchema);
      const slow = await analytics(name, "slow-queries", { hours: 720, limit: 5 });
      expect(slow.status).toBe(200);
      expect(slowQueriesContract(slow.json), ajv.errorsText(slowQueriesContract.errors)).toBe(true);
      expect(SlowQueriesSchema.safeParse(slow.json).success).toBe(true);
    }
  });

  it("refuses what Mixpeek refuses", async () => {
    expect((await analytics("product-search", "stages", { hours: 0 })).status).toBe(422);
    expect((await analytics("product-search", "cache-performance", { hours: 721 })).status).toBe(422);
    expect((await analytics("product-search", "slow-queries", { limit: 1001 })).status).toBe(422);
    expect((await analytics("product-search", "performance", { group_by: "minute" })).status).toBe(422);
    expect((await analytics("product-search", "performance", { start_date: "yesterday" })).status).toBe(422);
    expect((await analytics("no-such-retriever", "performance")).status).toBe(404);
    expect((await analytics("product-search", "signals")).status).toBe(404);
    const denied = await call(sim, "/v1/analytics/retrievers/product-search/stages", { apiKey: "sk_wrong" });
    expect(denied.status).toBe(401);
  });
});

describe("analytics agree with the executions", () => {
  const runsIn = (startMs: number, endMs: number) =>
    sim
      .executions("demo", "product-search")
      .filter((run) => Date.parse(run.created_at) >= startMs && Date.parse(run.created_at) < endMs);

  it("counts each run once, in the bucket of its start, with its latency", async () => {
    const startMs = FIXED_NOW.getTime() - 3 * DAY;
    const result = await analytics("product-search", "performance", {
      start_date: new Date(startMs).toISOString(),
      end_date: FIXED_NOW.toISOString(),
      group_by: "hour",
    });
    const body = RetrieverPerformanceSchema.parse(result.json);
    const runs = runsIn(startMs, FIXED_NOW.getTime());
    expect(runs.length).toBeGreaterThan(10);
    const counted = body.metrics.reduce((sum, row) => sum + Number(row.query_count), 0);
    expect(counted).toBe(runs.length);
    expect(body.summary?.total_queries).toBe(runs.length);
    for (const row of body.metrics) {
      const bucket = Date.parse(String(row.time_bucket));
      expect(bucket % HOUR).toBe(0);
      expect(row.query_count).toBe(runsIn(bucket, bucket + HOUR).length);
    }
    const settled = runs
      .filter((run) => run.completed_at !== null)
      .map((run) => run.duration_ms)
      .sort((a, b) => a - b);
    const p95 = settled[Math.ceil(0.95 * settled.length) - 1] as number;
    expect(body.summary?.p95_latency_ms).toBeCloseTo(p95, 1);
    const credits = runs.reduce((sum, run) => sum + run.credits_used, 0);
    expect(body.summary?.total_credits).toBeCloseTo(credits, 3);
  });

  it("has no summary and no buckets for a window without runs", async () => {
    const result = await analytics("image-dedupe", "performance");
    expect(result.json).toMatchObject({ metrics: [], summary: null });
  });

  it("lists the slowest settled runs first, with their query", async () => {
    const result = await analytics("product-search", "slow-queries", { hours: 72, limit: 3 });
    const rows = SlowQueriesSchema.parse(result.json);
    const slowest = runsIn(FIXED_NOW.getTime() - 72 * HOUR, FIXED_NOW.getTime() + 1)
      .filter((run) => run.completed_at !== null)
      .sort((a, b) => b.duration_ms - a.duration_ms)
      .slice(0, 3);
    expect(rows.map((row) => row.execution_id)).toEqual(slowest.map((run) => run.execution_id));
    expect(rows.map((row) => row.query)).toEqual(slowest.map((run) => run.query_summary));
  });

  it("filters the executions list by created_at, so failures in a window can be counted", async () => {
    const startMs = FIXED_NOW.getTime() - DAY;
    const filters = {
      AND: [
        { field: "created_at", operator: "gte", value: new Date(startMs).toISOString() },
        { field: "created_at", operator: "lt", value: FIXED_NOW.toISOString() },
      ],
    };
    const result = await listExecutions(
      sim,
      "product-search",
      { status: "failed", filters },
      {
        include_total: true,
        limit: 1000,
      },
    );
    const page = ListExecutionsResponseSchema.parse(result.json);
    const expected = runsIn(startMs, FIXED_NOW.getTime()).filter((run) => run.status === "failed");
    expect(page.pagination.total).toBe(expected.length);
    expect(page.results.map((run) => run.execution_id).sort()).toEqual(
      expected.map((run) => run.execution_id).sort(),
    );
  });
});
