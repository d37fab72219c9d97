/** Details modals, sharing a page, and the retriever picker, through the real bot. */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARE_ACTION_ID } from "../../../src/views/executions/action-ids.js";
import {
  PICKER_BLOCK_IDS,
  RETRIEVER_SEARCH_ACTION_ID,
} from "../../../src/views/executions/retriever-picker.js";
import { button, detailsOf, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { MIXPEEK_STUDIO_URL: "https://studio.example/{namespace}/r/{retriever}/e/{execution}" },
  });
});
afterAll(async () => {
  await h?.close();
});

async function list(text: string) {
  const reply = await h.slack.slashCommand({ text });
  const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
  return { id: reply.responseUrlId, shown };
}

/** Clicks Details and waits for the modal to be filled in; returns its final state. */
async function openDetails(id: string, action: NonNullable<ReturnType<typeof button>>) {
  const before = h.slack.apiCalls("views.update").length;
  await h.slack.blockAction({ responseUrlId: id, action });
  await h.slack.waitFor(() => h.slack.apiCalls("views.update").length > before, 8000);
  const opened = h.slack.apiCalls("views.open").at(-1)!;
  expect(textOf((opened.args.view as { blocks: unknown[] }).blocks)).toMatch(/Loading/i);
  const update = h.slack.apiCalls("views.update").at(-1)!;
  expect(update.outcome).toBe("ok");
  const view = update.args.view as { blocks: unknown[] };
  return { view, text: textOf(view.blocks) };
}

describe("Details", () => {
  it("opens a modal at once, then fills it with the execution and its stages", async () => {
    const { id, shown } = await list("product-search completed limit:3");
    const { text } = await openDetails(id, detailsOf(shown.blocks)!);
    expect(text).toMatch(/completed/);
    expect(text).toMatch(/semantic_search/);
    expect(text).toMatch(/→/);
    // Links to Studio, with every part URL-encoded.
    expect(text).toMatch(/https:\/\/studio\.example\/demo\/r\/product-search\/e\/exec_/);
  });

  it("shows why a failed run failed", async () => {
    const failed = h.sim.failNow("demo", "support-faq", {
      error: "LLM quota exhausted <!here>",
      stage: "answer_draft",
    });
    const { id, shown } = await list("support-faq failed limit:1");
    expect(textOf(shown.blocks)).toContain(failed.execution_id);
    const { text } = await openDetails(id, detailsOf(shown.blocks)!);
    expect(text).toContain("LLM quota exhausted &lt;!here&gt;");
    expect(text).toContain("answer_draft");
  });

  it("shows the current stage of a running execution", async () => {
    const { id, shown } = await list("product-search running limit:1");
    const { text } = await openDetails(id, detailsOf(shown.blocks)!);
    expect(text).toMatch(/stage \d+ of \d+/i);
  });

  it("shows a failing Mixpeek inside the modal", async () => {
    const { id, shown } = await list("video-moments limit:2");
    h.sim.injectFault({ kind: "status", status: 401, only: "getExecution" });
    const { text } = await openDetails(id, detailsOf(shown.blocks)!);
    expect(text).toMatch(/API key/i);
    h.sim.clearFaults();
  });

  it("cuts a very long stage list with a clear 'and N more'", async () => {
    const stages = Array.from({ length: 300 }, (_, i) => ({
      name: `stage_${i}_${"x".repeat(60)}`,
      type: "filter" as const,
      baseMs: 5,
      keep: 0.99,
      llm: false,
    }));
    h.sim.addRetriever("demo", "many-stages", { executions: 3, stages });
    const { id, shown } = await list("many-stages limit:1");
    const { view, text } = await openDetails(id, detailsOf(shown.blocks)!);
    expect(text).toMatch(/and \d+ more stages/);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it("links to Studio only when MIXPEEK_STUDIO_URL is set", async () => {
    const plain = await startHarness();
    try {
      const reply = await plain.slack.slashCommand({ text: "product-search limit:2" });
      const shown = await plain.slack.waitFor(() => plain.slack.shownBy(reply.responseUrlId));
      expect(JSON.stringify(shown.blocks)).not.toContain("studio");
    } finally {
      await plain.close();
    }
    const { shown } = await list("product-search limit:2");
    expect(JSON.stringify(shown.blocks)).toContain("https://studio.example/demo/r/product-search/e/exec_");
  });
});

describe("Share in channel", () => {
  it("posts the page to the channel once, saying who shared it", async () => {
    const { id, shown } = await list("brand-safety limit:4");
    const before = h.slack.responses().length;
    const shares = h.handled("action", SHARE_ACTION_ID);
    await h.slack.blockAction({ responseUrlId: id, action: button(shown.blocks, SHARE_ACTION_ID)! });
    // The click is handled once its answers are out, so a second post would already be here.
    await h.slack.waitFor(() => h.handled("action", SHARE_ACTION_ID) > shares);
    const posts = h.slack.responses().slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.response_type).toBe("in_channel");
    const text = textOf(posts[0]!.body.blocks as unknown[]);
    expect(text).toContain("Shared by <@U0DEVUSER>");
    expect(JSON.stringify(posts[0]!.body.blocks)).not.toContain("executions_page_next");
    // The private list stays as it was.
    expect(h.slack.shownBy(id)!.blocks).toEqual(shown.blocks);
  });
});

describe("the retriever picker", () => {
  it("opens on a bare /executions, searches as you type, and shows the list on submit", async () => {
    const reply = await h.slack.slashCommand({ text: "" });
    expect(reply.status).toBe(200);
    const modal = await h.slack.waitFor(() =>
      h.slack.views().find((v) => v.callback_id === "executions_picker"),
    );

    const search = await h.slack.blockSuggestion({
      viewId: modal.id,
      actionId: RETRIEVER_SEARCH_ACTION_ID,
      value: "vid",
      blockId: PICKER_BLOCK_IDS.retriever,
    });
    const options = (search.json as { options: Array<{ text: { text: string }; value: string }> }).options;
    expect(options.map((o) => o.text.text)).toEqual(["video-moments"]);

    const everything = await h.slack.blockSuggestion({
      viewId: modal.id,
      actionId: RETRIEVER_SEARCH_ACTION_ID,
      value: "",
      blockId: PICKER_BLOCK_IDS.retriever,
    });
    expect((everything.json as { options: unknown[] }).options.length).toBeGreaterThanOrEqual(5);

    const picked = options[0]!;
    const submitted = await h.slack.viewSubmission({
      viewId: modal.id,
      values: {
        [PICKER_BLOCK_IDS.retriever]: {
          [RETRIEVER_SEARCH_ACTION_ID]: {
            type: "external_select",
            selected_option: { text: { type: "plain_text", text: picked.text.text }, value: picked.value },
          },
        },
        [PICKER_BLOCK_IDS.status]: {
          picker_status: {
            type: "static_select",
            selected_option: { text: { type: "plain_text", text: "Failed" }, value: "failed" },
          },
        },
        [PICKER_BLOCK_IDS.pageSize]: {
          picker_page_size: {
            type: "static_select",
            selected_option: { text: { type: "plain_text", text: "5" }, value: "5" },
          },
        },
      },
    });
    expect(submitted.status).toBe(200);
    const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
    const text = textOf(shown.blocks);
    expect(text).toMatch(/Only \*failed\*/);
    expect(text).toMatch(/1–5/);
  });

  it("keeps the modal open with an error when no retriever was picked", async () => {
    await h.slack.slashCommand({ text: "" });
    const modal = h.slack
      .views()
      .filter((v) => v.callback_id === "executions_picker")
      .at(-1)!;
    const submitted = await h.slack.viewSubmission({ viewId: modal.id, values: {} });
    expect((submitted.json as { response_action: string }).response_action).toBe("errors");
  });

  it("offers nothing, without failing, while Mixpeek is down", async () => {
    await h.slack.slashCommand({ text: "" });
    const modal = h.slack
      .views()
      .filter((v) => v.callback_id === "executions_picker")
      .at(-1)!;
    h.sim.injectFault({ kind: "status", status: 503, times: 10, only: "listRetrievers" });
    const search = await h.slack.blockSuggestion({
      viewId: modal.id,
      actionId: RETRIEVER_SEARCH_ACTION_ID,
      value: "zzz-uncached",
      blockId: PICKER_BLOCK_IDS.retriever,
    });
    expect(search.status).toBe(200);
    expect((search.json as { options: unknown[] }).options).toEqual([]);
    h.sim.clearFaults();
  });
});
