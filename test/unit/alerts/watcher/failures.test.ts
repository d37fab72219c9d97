import { describe, expect, it } from "vitest";
import { failureCause, withDetailFacts } from "../../../../src/alerts/watcher/failures.js";
import { type ExecutionDetail, ExecutionDetailSchema } from "../../../../src/mixpeek/schemas.js";

function detail(fields: Record<string, unknown>): ExecutionDetail {
  return ExecutionDetailSchema.parse({ execution_id: "exec_1", status: "failed", ...fields });
}

const stage = (error: string | null) => ({
  input_count: 10,
  output_count: 0,
  duration_ms: 5,
  efficiency: 0,
  error,
});

describe("failureCause", () => {
  it("names the stage that reported an error, and the run's own error first", () => {
    const cause = failureCause(
      detail({
        error: "Budget exceeded",
        current_stage: "top_k",
        stage_statistics: { stages: { search: stage(null), rerank: stage("model timed out") } },
      }),
    );
    expect(cause).toEqual({ error: "Budget exceeded", stage: "rerank" });
  });

  it("falls back to the stage's error, then to the stage the run was in", () => {
    expect(
      failureCause(
        detail({ error: "  ", stage_statistics: { stages: { rerank: stage("model timed out") } } }),
      ),
    ).toEqual({ error: "model timed out", stage: "rerank" });
    expect(failureCause(detail({ error: null, current_stage: "top_k" }))).toEqual({
      error: null,
      stage: "top_k",
    });
    expect(failureCause(detail({}))).toEqual({ error: null, stage: null });
  });
});

describe("withDetailFacts", () => {
  const execution = { executionId: "exec_1", createdAt: new Date(0) };

  it("fills duration and credits the list did not give from the detail", () => {
    const filled = withDetailFacts(
      execution,
      detail({ stage_statistics: { stages: {}, total_time_ms: 1200, credits_used: 0.5 } }),
    );
    expect(filled).toEqual({ ...execution, durationMs: 1200, creditsUsed: 0.5 });
  });

  it("keeps what the list said, and everything when there is no detail", () => {
    const listed = { ...execution, durationMs: 10, creditsUsed: 1 };
    expect(
      withDetailFacts(listed, detail({ stage_statistics: { total_time_ms: 99, credits_used: 9 } })),
    ).toEqual(listed);
    expect(withDetailFacts(execution, undefined)).toBe(execution);
  });
});
