import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import { decodeExecutionRef } from "../../../../src/executions/execution-ref.js";
import { studioLink } from "../../../../src/executions/studio-link.js";
import { MixpeekError } from "../../../../src/mixpeek/errors.js";
import { type ExecutionDetail, ExecutionDetailSchema } from "../../../../src/mixpeek/schemas.js";
import { DETAILS_ACTION_ID } from "../../../../src/views/executions/action-ids.js";
import { detailsButton } from "../../../../src/views/executions/details-button.js";
import {
  EXECUTION_DETAILS_CALLBACK_ID,
  type ModalView,
  renderExecutionDetails,
  renderExecutionDetailsError,
  renderExecutionDetailsLoading,
} from "../../../../src/views/executions/execution-details.js";

const now = new Date("2024-05-01T14:00:00Z");
const ref = { retriever: "my-retriever", namespace: "prod", executionId: "exec_abc123" };
const ctx = { retriever: "my-retriever", namespace: "prod", now };

function detail(overrides: Record<string, unknown> = {}): ExecutionDetail {
  return ExecutionDetailSchema.parse({
    execution_id: "exec_abc123",
    status: "completed",
    created_at: "2024-05-01T13:45:30Z",
    completed_at: "2024-05-01T13:45:42Z",
    stage_statistics: {
      total_time_ms: 12_400,
      credits_used: 0.5,
      stages: {
        feature_search: {
          input_count: 10_000,
          output_count: 200,
          duration_ms: 850,
          efficiency: 0.02,
          cache_hit: true,
        },
        rerank: {
          input_count: 200,
          output_count: 10,
          duration_ms: 11_500,
          efficiency: 0.05,
          cache_hit: false,
        },
        llm_filter: { input_count: 10, output_count: 10, duration_ms: 50, efficiency: 1 },
      },
    },
    budget: {
      credits_used: 0.5,
      credits_remaining: 99.5,
      time_used_ms: 12_400,
      max_credits: 100,
      max_time_ms: 60_000,
    },
    total_stages: 3,
    stages_completed: 3,
    ...overrides,
  });
}

/** Every text the modal shows, for content assertions. */
function textOf(view: ModalView): string {
  return JSON.stringify(view.blocks);
}

function expectValidModal(view: ModalView): void {
  expect(findBlockKitViolations(view, "modal")).toEqual([]);
  expect(view.type).toBe("modal");
  expect(view.callback_id).toBe(EXECUTION_DETAILS_CALLBACK_ID);
  expect(view.close?.text).toBe("Close");
}

function manyStages(count: number, nameLength: number, withErrors: boolean) {
  const stages: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const name = `${i}_${"<!channel>&".repeat(nameLength)}`.slice(0, nameLength);
    stages[name] = {
      input_count: 1_000_000 + i,
      output_count: 999_999,
      duration_ms: 3_600_000 + i,
      efficiency: 1,
      cache_hit: i % 3 === 0 ? null : i % 2 === 0,
      error: withErrors ? `boom <!channel> ${"x".repeat(200)}` : null,
    };
  }
  return stages;
}

describe("renderExecutionDetailsLoading", () => {
  it("says it is loading and carries the target for a later refresh", () => {
    const view = renderExecutionDetailsLoading(ref);
    expectValidModal(view);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(textOf(view)).toContain("Loading execution `exec_abc123`");
    expect(textOf(view)).toContain("`my-retriever`");
    expect(decodeExecutionRef(view.private_metadata)).toEqual(ref);
  });

  it("escapes what it was given, and leaves out metadata that could not be read back", () => {
    const view = renderExecutionDetailsLoading({ ...ref, executionId: "<!channel> x".repeat(50) });
    expectValidModal(view);
    expect(textOf(view)).not.toContain("<!channel>");
    expect(view.private_metadata).toBeUndefined();
  });
});

describe("renderExecutionDetails", () => {
  it("shows status, id, times, duration, credits and budget of a completed run", () => {
    const view = renderExecutionDetails(detail(), ctx);
    expectValidModal(view);
    const text = textOf(view);
    expect(text).toContain(":white_check_mark: *completed*");
    expect(text).toContain("`exec_abc123`");
    expect(text).toContain("<!date^1714571130^{date_short_pretty} {time}|2024-05-01 13:45 UTC>");
    expect(text).toContain("<!date^1714571142^");
    expect(text).toContain("*Duration*\\n12.4 s\\nLimit 1 min 00 s");
    expect(text).toContain("*Credits*\\n0.5 credits\\nBudget 100 credits  ·  99.5 credits left");
    expect(text).toContain("*Stages done*\\n3 of 3");
    expect(text).not.toContain("Now at");
    expect(text).not.toContain("Error");
    expect(decodeExecutionRef(view.private_metadata)).toEqual(ref);
  });

  it("draws one line per stage with counts, duration and cache mark", () => {
    const text = textOf(renderExecutionDetails(detail(), ctx));
    expect(text).toContain("*Stages* (3)");
    expect(text).toContain("1. `feature_search`  10,000 → 200  ·  850 ms  ·  cache ✓");
    expect(text).toContain("2. `rerank`  200 → 10  ·  11.5 s  ·  cache ✗");
    expect(text).toContain("3. `llm_filter`  10 → 10  ·  50 ms  ·  cache —");
  });

  it("falls back to completed − created when the total time is missing", () => {
    const view = renderExecutionDetails(detail({ stage_statistics: undefined, budget: undefined }), ctx);
    expectValidModal(view);
    const text = textOf(view);
    expect(text).toContain("*Duration*\\n12.0 s");
    expect(text).toContain("*Credits*\\n—");
    expect(text).toContain("Mixpeek sent no stage statistics.");
  });

  it("reads a budget of unknown shape without tripping over it", () => {
    const odd = renderExecutionDetails(
      detail({
        budget: { credits_used: "lots", max_credits: -3, budget_limits: { max_credits: 20 }, extra: [1] },
      }),
      ctx,
    );
    expectValidModal(odd);
    // credits_used fell back to the stage statistics; the nested limit was found, the negative one ignored.
    expect(textOf(odd)).toContain("*Credits*\\n0.5 credits\\nBudget 20 credits");
  });

  it("shows the error of a failed run escaped in a code block, and stage errors", () => {
    const failed = detail({
      status: "failed",
      error: "Collection <!channel> not found & `rm -rf` ```x``` Bearer sk_live_abcdefgh",
      stage_statistics: {
        stages: {
          "<!here>": { input_count: 5, output_count: 0, duration_ms: 10, efficiency: 0, error: "<@U1> bad" },
        },
      },
    });
    const view = renderExecutionDetails(failed, ctx);
    expectValidModal(view);
    const text = textOf(view);
    expect(text).toContain(":x: *failed*");
    expect(text).toContain(
      ":x: *Error*\\n```Collection &lt;!channel&gt; not found &amp; ˋrm -rfˋ ˋˋˋxˋˋˋ Bearer [redacted]```",
    );
    expect(text).toContain("`&lt;!here&gt;`");
    expect(text).toContain(":warning: &lt;@U1&gt; bad");
    expect(text).not.toMatch(/<!channel>|<!here>|<@U1>/);
    expect(text).not.toContain("sk_live");
  });

  it("says so when a failed run has no error", () => {
    const text = textOf(renderExecutionDetails(detail({ status: "failed", error: null }), ctx));
    expect(text).toContain("Mixpeek gave no reason for this failure");
  });

  it("cuts a huge error to fit a section", () => {
    const view = renderExecutionDetails(detail({ status: "failed", error: "<&>\n".repeat(5000) }), ctx);
    expectValidModal(view);
    expect(textOf(view)).toContain("…```");
  });

  it("shows the current stage and progress of a running execution", () => {
    const running = detail({
      status: "running",
      completed_at: null,
      current_stage: "rerank",
      stages_completed: 1,
      total_stages: 3,
      stage_statistics: { stages: {}, total_time_ms: 500 },
    });
    const view = renderExecutionDetails(running, ctx);
    expectValidModal(view);
    const text = textOf(view);
    expect(text).toContain(":hourglass_flowing_sand: Now at `rerank` — stage 2 of 3.");
    expect(text).toContain("*Completed*\\nNot yet");
    expect(text).toContain("*Duration*\\n14 min 30 s so far");
    expect(text).toContain("No stage has reported yet.");
  });

  it.each(["pending", "processing"])("shows progress for %s executions too", (status) => {
    const text = textOf(
      renderExecutionDetails(detail({ status, current_stage: null, stages_completed: 0 }), ctx),
    );
    expect(text).toContain("Now at stage 1 of 3.");
  });

  it("links to Mixpeek Studio only when a URL is given, URL-encoded", () => {
    expect(textOf(renderExecutionDetails(detail(), ctx))).not.toContain("Mixpeek Studio");
    const url = studioLink(
      "https://studio.mixpeek.com/{namespace}/r/{retriever}/e/{execution}?tab=stages&x=1",
      {
        namespace: "prod ns",
        retriever: "a|b>",
        execution: "exec_1",
      },
    );
    const view = renderExecutionDetails(detail(), { ...ctx, studioUrl: url });
    expectValidModal(view);
    expect(textOf(view)).toContain(
      ":arrow_upper_right: <https://studio.mixpeek.com/prod%20ns/r/a%7Cb%3E/e/exec_1?tab=stages&amp;x=1|Open in Mixpeek Studio>",
    );
    // A URL that is not http(s) would be a broken link: nothing is offered.
    const unsafe = renderExecutionDetails(detail(), { ...ctx, studioUrl: "javascript:alert(1)" });
    expect(textOf(unsafe)).not.toContain("Mixpeek Studio");
    // Nor is one too long for a section.
    const tooLong = renderExecutionDetails(detail(), {
      ...ctx,
      studioUrl: `https://a.example/${"a".repeat(2980)}`,
    });
    expect(textOf(tooLong)).not.toContain("Mixpeek Studio");
  });

  it("shows an unknown status as sent, escaped", () => {
    const text = textOf(renderExecutionDetails(detail({ status: "<!everyone> exploded" }), ctx));
    expect(text).toContain(":grey_question: *&lt;!everyone&gt; exploded*");
  });

  it("keeps the worst case (500 stages, 200-char names and errors) inside every limit, and says what it cut", () => {
    const worst = detail({
      execution_id: "<&>".repeat(100),
      status: "x".repeat(500),
      error: "<!channel>".repeat(2000),
      current_stage: "s".repeat(5000),
      stage_statistics: { stages: manyStages(500, 200, true), total_time_ms: 1e12 },
    });
    const longUrl = `https://studio.mixpeek.com/${"a".repeat(2900)}`;
    for (const studioUrl of [undefined, longUrl]) {
      const view = renderExecutionDetails(worst, {
        ...ctx,
        retriever: "r".repeat(200),
        namespace: "&".repeat(200),
        studioUrl,
      });
      expect(findBlockKitViolations(view, "modal")).toEqual([]);
      const text = textOf(view);
      expect(text).toContain("*Stages* (500)");
      expect(text).toMatch(/…and \d+ more stages/);
      expect(text).not.toContain("<!channel>");
      if (studioUrl !== undefined) expect(text).toMatch(/more stages in Mixpeek Studio\./);
    }
  });

  it("shows many short stages before cutting, and the count adds up", () => {
    const view = renderExecutionDetails(
      detail({ stage_statistics: { stages: manyStages(500, 8, false) } }),
      ctx,
    );
    expect(findBlockKitViolations(view, "modal")).toEqual([]);
    const text = textOf(view);
    const shown = (text.match(/\d+\. `/g) ?? []).length;
    expect(shown).toBeGreaterThan(50);
    expect(text).toContain(`…and ${500 - shown} more stages.`);
  });

  it("shows every stage when they fit, with no cut line", () => {
    const view = renderExecutionDetails(
      detail({ stage_statistics: { stages: manyStages(20, 12, false) } }),
      ctx,
    );
    expect(findBlockKitViolations(view, "modal")).toEqual([]);
    expect(textOf(view)).toContain("20. `");
    expect(textOf(view)).not.toContain("more stage");
  });
});

describe("renderExecutionDetailsError", () => {
  it("reuses the Mixpeek error messages and names the execution", () => {
    const view = renderExecutionDetailsError(
      new MixpeekError("rate_limited", "429", { retryAfterMs: 30_000 }),
      ref,
    );
    expectValidModal(view);
    expect(textOf(view)).toContain("Mixpeek is rate-limiting the bot right now. Try again in 30 s.");
    expect(textOf(view)).toContain("Execution `exec_abc123`");
    expect(decodeExecutionRef(view.private_metadata)).toEqual(ref);
  });

  it("says the execution may be gone when Mixpeek has no such execution", () => {
    const view = renderExecutionDetailsError(
      new MixpeekError("not_found", "404", { requestId: "req_1" }),
      ref,
    );
    expectValidModal(view);
    expect(textOf(view)).toContain("Mixpeek has no execution `exec_abc123` of retriever `my-retriever`");
    expect(textOf(view)).toContain("`req_1`");
  });

  it("treats anything but a MixpeekError as the bot's own failure", () => {
    const view = renderExecutionDetailsError(new Error("boom"), ref);
    expectValidModal(view);
    expect(textOf(view)).toContain("Something went wrong on the bot's side.");
    expect(textOf(view)).not.toContain("boom");
  });

  it("escapes Mixpeek's words and stays within limits for long names", () => {
    const error = new MixpeekError("invalid_request", "400", { upstreamMessage: "<!channel> ".repeat(500) });
    const view = renderExecutionDetailsError(error, {
      retriever: "<!here>".repeat(28),
      namespace: "n",
      executionId: "e",
    });
    expectValidModal(view);
    expect(textOf(view)).not.toMatch(/<!channel>|<!here>/);
  });
});

describe("detailsButton", () => {
  it("carries the execution in its value", () => {
    const button = detailsButton(ref);
    expect(button?.action_id).toBe(DETAILS_ACTION_ID);
    expect(button?.text.text).toBe("Details");
    expect(decodeExecutionRef(button?.value)).toEqual(ref);
    expect(findBlockKitViolations({ blocks: [{ type: "actions", elements: [button] }] }, "message")).toEqual(
      [],
    );
  });

  it("is left out when the execution could not be read back on a click", () => {
    expect(detailsButton({ ...ref, executionId: "exec 1" })).toBeUndefined();
    expect(detailsButton({ ...ref, retriever: "r".repeat(201) })).toBeUndefined();
  });
});
