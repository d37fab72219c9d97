import { describe, expect, it } from "vitest";
import { NAMESPACE_SPECS } from "../src/catalog.js";
import { createRandom } from "../src/random.js";
import { seedWorld } from "../src/seed.js";
import type { StoredExecution } from "../src/types.js";

const NOW = Date.parse("2025-06-02T12:00:00Z");
const world = seedWorld(createRandom(7), NOW);
const allRuns = world.flatMap((ns) => ns.retrievers.flatMap((r) => r.executions));
const IN_FLIGHT = ["running", "processing", "pending"];

describe("seedWorld", () => {
  it("is the same for the same seed and clock, and different for another seed", () => {
    expect(seedWorld(createRandom(7), NOW)).toEqual(world);
    expect(seedWorld(createRandom(8), NOW)).not.toEqual(world);
  });

  it("builds the catalog's namespaces and retrievers with Mixpeek-like ids", () => {
    expect(world.map((ns) => ns.id)).toEqual(["ns_demo", "ns_staging"]);
    expect(world.map((ns) => ns.retrievers.map((r) => r.model.retriever_name))).toEqual(
      NAMESPACE_SPECS.map((ns) => ns.retrievers.map((r) => r.name)),
    );
    for (const r of world.flatMap((ns) => ns.retrievers)) {
      expect(r.model.retriever_id).toMatch(/^ret_[a-z0-9]{14}$/);
      expect(r.model.stages.length).toBeGreaterThan(0);
    }
    const ids = allRuns.map((run) => run.summary.execution_id);
    for (const id of ids) expect(id).toMatch(/^exec_[a-z0-9]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("gives each retriever 30-120 runs over the past week, except the empty one", () => {
    for (const r of world.flatMap((ns) => ns.retrievers)) {
      const count = r.executions.length;
      if (r.model.retriever_name === "image-dedupe") expect(count).toBe(0);
      else expect(count).toBeGreaterThanOrEqual(30);
      expect(count).toBeLessThanOrEqual(120);
      for (const run of r.executions) {
        expect(run.createdAtMs).toBeLessThanOrEqual(NOW);
        expect(run.createdAtMs).toBeGreaterThanOrEqual(NOW - 7 * 24 * 3600_000);
      }
    }
  });

  it("mixes statuses: mostly completed, some failed, a few in flight", () => {
    const counts = new Map<string, number>();
    for (const run of allRuns) counts.set(run.summary.status, (counts.get(run.summary.status) ?? 0) + 1);
    expect(counts.get("completed")).toBeGreaterThan(allRuns.length / 2);
    expect(counts.get("failed")).toBeGreaterThan(10);
    for (const status of IN_FLIGHT) expect(counts.get(status)).toBeGreaterThanOrEqual(1);
    for (const r of world.flatMap((ns) => ns.retrievers).filter((r) => r.executions.length > 0)) {
      expect(r.executions.some((run) => run.summary.status === "failed")).toBe(true);
    }
  });

  it("keeps every run internally consistent", () => {
    for (const run of allRuns) {
      const s = run.summary;
      expect(s.total_processed).toBeGreaterThanOrEqual(s.total_returned);
      expect(s.duration_ms).toBeGreaterThanOrEqual(0);
      expect(s.credits_used).toBeGreaterThanOrEqual(0);
      if (s.cache_hit_rate !== null) expect(s.cache_hit_rate).toBeGreaterThanOrEqual(0);
      if (s.cache_hit_rate !== null) expect(s.cache_hit_rate).toBeLessThanOrEqual(1);
      expect(Date.parse(s.created_at)).toBe(run.createdAtMs);
      const stages = Object.values(run.stages);
      expect(s.total_processed).toBe(stages.reduce((sum, stage) => sum + stage.input_count, 0));
      for (const stage of stages) expect(stage.output_count).toBeLessThanOrEqual(stage.input_count);
      checkStatus(run);
    }
  });

  it("has query summaries that exercise a renderer: null, long, and mrkdwn-special characters", () => {
    const summaries = allRuns.map((run) => run.summary.query_summary);
    expect(summaries).toContain(null);
    expect(summaries.some((q) => q !== null && q.length > 300)).toBe(true);
    for (const char of ["<", "&", "*", "_", "~", "`"]) {
      expect(
        summaries.some((q) => q?.includes(char)),
        char,
      ).toBe(true);
    }
  });
});

function checkStatus(run: StoredExecution): void {
  const { summary } = run;
  const stages = Object.entries(run.stages);
  if (summary.status === "failed") {
    expect(run.error).toEqual(expect.any(String));
    const failing = stages.filter(([, stage]) => stage.error !== null);
    expect(failing).toHaveLength(1);
    expect(stages.at(-1)?.[1].error).toBe(run.error);
    expect(summary.total_returned).toBe(0);
    expect(run.stagesCompleted).toBe(stages.length - 1);
  } else {
    expect(run.error).toBeNull();
  }
  if (IN_FLIGHT.includes(summary.status)) {
    expect(summary.completed_at).toBeNull();
    expect(run.stagesCompleted).toBeLessThan(run.totalStages);
    if (summary.status === "pending") expect(run.currentStage).toBeNull();
    else expect(run.currentStage).toEqual(expect.any(String));
  } else {
    expect(Date.parse(summary.completed_at ?? "")).toBeGreaterThanOrEqual(run.createdAtMs);
    expect(run.currentStage).toBeNull();
  }
  if (summary.status === "completed") expect(run.stagesCompleted).toBe(run.totalStages);
}
