/**
 * The picker's namespace choice (issue 13): with MIXPEEK_NAMESPACES allowing more than one, the modal
 * offers them; choosing one redraws the modal for it, the retriever search looks there, and the list
 * shown is that namespace's. A namespace outside the list, sent by an altered client, changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PICKER_BLOCK_IDS,
  RETRIEVER_SEARCH_ACTION_ID,
} from "../../../src/views/executions/retriever-picker.js";
import { textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { MIXPEEK_NAMESPACES: "staging" } });
});
afterAll(async () => {
  await h?.close();
});

const choose = (namespace: string) => ({
  type: "static_select",
  action_id: "namespace_choice",
  selected_option: { text: { type: "plain_text" as const, text: namespace }, value: namespace },
});

async function openPicker() {
  const reply = await h.slack.slashCommand({ text: "" });
  const opened = h.slack.apiCalls("views.open").length;
  await h.slack.waitFor(() => h.slack.apiCalls("views.open").length >= opened && h.slack.views().at(-1));
  const modal = await h.slack.waitFor(() =>
    h.slack
      .views()
      .filter((v) => v.callback_id === "executions_picker" && !v.closed)
      .at(-1),
  );
  return { modal, responseUrlId: reply.responseUrlId };
}

describe("the picker's namespace choice", () => {
  it("lists the chosen namespace's retrievers and shows its runs", async () => {
    const { modal, responseUrlId } = await openPicker();
    expect(JSON.stringify(modal.blocks)).toContain('"action_id":"namespace_choice"');
    const updates = h.slack.apiCalls("views.update").length;
    await h.slack.blockAction({ viewId: modal.id, action: choose("staging") });
    await h.slack.waitFor(() => h.slack.apiCalls("views.update").length > updates, 8000);

    const search = await h.slack.blockSuggestion({
      viewId: modal.id,
      actionId: RETRIEVER_SEARCH_ACTION_ID,
      value: "catalog",
      blockId: `${PICKER_BLOCK_IDS.retriever}@staging`,
    });
    const [catalog] = (search.json as { options: Array<{ text: { text: string }; value: string }> }).options;
    expect(catalog!.text.text).toBe("catalog-enrichment");

    await h.slack.viewSubmission({
      viewId: modal.id,
      values: {
        [`${PICKER_BLOCK_IDS.retriever}@staging`]: {
          [RETRIEVER_SEARCH_ACTION_ID]: {
            type: "external_select",
            selected_option: {
              text: { type: "plain_text", text: catalog!.text.text },
              value: catalog!.value,
            },
          },
        },
      },
    });
    const shown = await h.slack.waitFor(() => h.slack.shownBy(responseUrlId), 8000);
    expect(textOf(shown.blocks)).toContain("catalog-enrichment");
    expect(textOf(shown.blocks)).toContain("staging");
  });

  it("refuses a namespace the list does not allow, and leaves the modal as it was", async () => {
    const { modal } = await openPicker();
    const updates = h.slack.apiCalls("views.update").length;
    const done = h.handled("action");
    await h.slack.blockAction({ viewId: modal.id, action: choose("secret-ns") });
    await h.slack.waitFor(() => h.handled("action") > done, 8000);
    expect(h.slack.apiCalls("views.update").length).toBe(updates);
    expect(
      h.logs.some((line) => line.includes('"outcome":"denied"') && line.includes("namespace_choice")),
    ).toBe(true);
  });
});
