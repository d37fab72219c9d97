import { describe, expect, it } from "vitest";
import { listExecutionsPage, statusTests, untrustedTotal } from "../src/executions-query.js";
import type { StoredExecution } from "../src/types.js";

function run(id: string, status: string, createdAtMs: number, duration = 10): StoredExecution {
  return {
    summary: {
      execution_id: id,
      status,
      created_at: new Date(createdAtMs).toISOString(),
      completed_at: null,
      duration_ms: duration,
      credits_used: 0,
      total_processed: 0,
      total_returned: 0,
      cache_hit_rate: null,
      inputs_hash: null,
      query_summary: null,
    },
    createdAtMs,
    error: null,
    stages: {},
    currentStage: null,
    stagesCompleted: 0,
    totalStages: 0,
    documents: [],
    budget: {},
  };
}

const runs = [
  run("exec_a", "completed", 1_000, 30),
  run("exec_b", "failed", 3_000, 10),
  run("exec_c", "running", 2_000, 20),
  run("exec_d", "failed", 3_000, 5),
];
const all = { offset: 0, limit: 100, includeTotal: true };
const ids = (request: Parameters<typeof listExecutionsPage>[1], page = all) =>
  listExecutionsPage(runs, request, page).results.map((r) => r.execution_id);

describe("listExecutionsPage", () => {
  it("sorts newest first, breaking ties by id, and reverses exactly for asc", () => {
    expect(ids({})).toEqual(["exec_d", "exec_b", "exec_c", "exec_a"]);
    expect(ids({ sorts: [{ field: "created_at", direction: "asc" }] })).toEqual([
      "exec_a",
      "exec_c",
      "exec_b",
      "exec_d",
    ]);
    expect(ids({ sorts: [{ field: "duration_ms", direction: "asc" }] })).toEqual([
      "exec_d",
      "exec_b",
      "exec_c",
      "exec_a",
    ]);
    expect(ids({ sorts: [{ field: "not_a_field" }] })).toEqual(ids({}));
  });

  it("reads status filters leniently", () => {
    const failed = ["exec_d", "exec_b"];
    expect(ids({ status: "failed" })).toEqual(failed);
    expect(ids({ filters: { status: "failed" } })).toEqual(failed);
    expect(ids({ filters: { field: "status", value: "failed" } })).toEqual(failed);
    expect(ids({ filters: { AND: [{ field: "status", operator: "eq", value: "failed" }] } })).toEqual(failed);
    expect(
      ids({ filters: { AND: [{ field: "status", operator: "in", value: ["failed", "running"] }] } }),
    ).toEqual(["exec_d", "exec_b", "exec_c"]);
    expect(
      ids({
        filters: {
          OR: [
            { field: "status", value: "running" },
            { field: "status", value: "completed" },
          ],
        },
      }),
    ).toEqual(["exec_c", "exec_a"]);
    expect(ids({ filters: { AND: [{ field: "status", operator: "ne", value: "failed" }] } })).toEqual([
      "exec_c",
      "exec_a",
    ]);
    expect(ids({ status: "failed", filters: { AND: [{ field: "status", value: "running" }] } })).toEqual([]);
    expect(ids({ filters: { AND: [{ field: "duration_ms", operator: "gt", value: 1 }] } })).toHaveLength(4);
    expect(statusTests({ status: "" })).toEqual([]);
  });

  it("pages with offset and limit and says whether more follow", () => {
    const first = listExecutionsPage(runs, {}, { offset: 0, limit: 3, includeTotal: true });
    expect(first.pagination).toEqual({ total: 4, limit: 3, offset: 0, has_next: true });
    const last = listExecutionsPage(runs, {}, { offset: 3, limit: 3, includeTotal: true });
    expect(last.results.map((r) => r.execution_id)).toEqual(["exec_a"]);
    expect(last.pagination.has_next).toBe(false);
    const past = listExecutionsPage(runs, {}, { offset: 50, limit: 3, includeTotal: false });
    expect(past.results).toEqual([]);
    expect(past.pagination.has_next).toBe(false);
  });
});

describe("untrustedTotal", () => {
  it("is never the true total, wherever the page is", () => {
    for (let total = 0; total <= 30; total++) {
      for (const limit of [1, 2, 7, 20]) {
        for (let offset = 0; offset <= total + limit; offset++) {
          const pageLength = Math.max(0, Math.min(limit, total - offset));
          expect(untrustedTotal(total, offset, pageLength, limit)).not.toBe(total);
        }
      }
    }
  });
});
