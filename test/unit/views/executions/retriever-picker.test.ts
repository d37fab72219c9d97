import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import { type Retriever, RetrieverSchema } from "../../../../src/mixpeek/schemas.js";
import {
  decodePickerMetadata,
  decodePickerNamespace,
  PICKER_BLOCK_IDS,
  PICKER_CALLBACK_ID,
  RETRIEVER_SEARCH_ACTION_ID,
  readPickerSubmission,
  renderRetrieverOptions,
  renderRetrieverPicker,
} from "../../../../src/views/executions/retriever-picker.js";

function retriever(name: string, id?: string): Retriever {
  return RetrieverSchema.parse({
    retriever_name: name,
    stages: [],
    ...(id === undefined ? {} : { retriever_id: id }),
  });
}

/** `view.state.values` as Slack sends it on submission. */
function state(picked: { retriever?: string | null; status?: string | null; pageSize?: string | null }) {
  const select = (value: string | null | undefined, type: string) => ({
    type,
    selected_option:
      value === null || value === undefined ? null : { text: { type: "plain_text", text: value }, value },
  });
  return {
    [PICKER_BLOCK_IDS.retriever]: {
      [RETRIEVER_SEARCH_ACTION_ID]: select(picked.retriever, "external_select"),
    },
    [PICKER_BLOCK_IDS.status]: { picker_status: select(picked.status, "static_select") },
    [PICKER_BLOCK_IDS.pageSize]: { picker_page_size: select(picked.pageSize, "static_select") },
  };
}

const defaults = { namespace: "prod", pageSize: 10 };

/** The parts of an input block these tests read. */
interface InputShape {
  element: {
    options?: Array<{ text: { text: string }; value: string }>;
    initial_option?: { value: string };
    [key: string]: unknown;
  };
}

function inputAt(view: ReturnType<typeof renderRetrieverPicker>, index: number): InputShape {
  return view.blocks[index] as unknown as InputShape;
}

describe("renderRetrieverPicker", () => {
  it("asks for a retriever through an external select, a status and a page size", () => {
    const view = renderRetrieverPicker(defaults);
    expect(findBlockKitViolations(view, "modal")).toEqual([]);
    expect(view.callback_id).toBe(PICKER_CALLBACK_ID);
    expect(view.submit?.text).toBe("Show");
    expect(inputAt(view, 0).element).toMatchObject({
      type: "external_select",
      action_id: RETRIEVER_SEARCH_ACTION_ID,
      min_query_length: 0,
      placeholder: { type: "plain_text" },
    });
    const status = inputAt(view, 1).element;
    expect(status.options?.map((o) => o.text.text)).toEqual([
      "All statuses",
      "Completed",
      "Failed",
      "Running",
    ]);
    expect(status.initial_option?.value).toBe("all");
    const size = inputAt(view, 2).element;
    expect(size.options?.map((o) => o.value)).toEqual(["5", "10", "20"]);
    expect(size.initial_option?.value).toBe("10");
    expect(decodePickerNamespace(view.private_metadata)).toBe("prod");
  });

  it("offers a configured page size outside 5/10/20 and picks it, within 1..20", () => {
    const sizes = (pageSize: number) => {
      const view = renderRetrieverPicker({ namespace: "prod", pageSize });
      expect(findBlockKitViolations(view, "modal")).toEqual([]);
      const element = inputAt(view, 2).element;
      return [element.options?.map((o) => o.value), element.initial_option?.value];
    };
    expect(sizes(15)).toEqual([["5", "10", "15", "20"], "15"]);
    expect(sizes(50)).toEqual([["5", "10", "20"], "20"]);
    expect(sizes(0)).toEqual([["1", "5", "10", "20"], "1"]);
  });

  it("escapes the namespace it shows and carries only acceptable ones", () => {
    const view = renderRetrieverPicker({ namespace: "<!channel> x", pageSize: 10 });
    expect(findBlockKitViolations(view, "modal")).toEqual([]);
    expect(JSON.stringify(view.blocks)).not.toContain("<!channel>");
    expect(view.private_metadata).toBeUndefined();
  });
});

describe("the picker's namespace choice (issue 13)", () => {
  type Choice = {
    accessory?: { action_id: string; options: Array<{ value: string }>; initial_option: { value: string } };
  };
  const choiceOf = (view: ReturnType<typeof renderRetrieverPicker>) =>
    (view.blocks as Choice[]).map((b) => b.accessory).find((a) => a?.action_id === "namespace_choice");

  it("offers the allowed namespaces when there is more than one, the current one chosen", () => {
    const view = renderRetrieverPicker({ ...defaults, namespaces: ["prod", "staging", "<bad ns>"] });
    expect(findBlockKitViolations(view, "modal")).toEqual([]);
    const choice = choiceOf(view)!;
    expect(choice.options.map((o) => o.value)).toEqual(["prod", "staging"]);
    expect(choice.initial_option.value).toBe("prod");
  });

  it("shows the one namespace as a line when there is nothing to choose, or when any is allowed", () => {
    for (const namespaces of [["prod"], "any"] as const) {
      const view = renderRetrieverPicker({ ...defaults, namespaces });
      expect(choiceOf(view)).toBeUndefined();
      expect(JSON.stringify(view.blocks)).toContain("Namespace `prod`");
    }
  });

  it("gives a namespace chosen in the modal a retriever select of its own, read back from it", () => {
    const view = renderRetrieverPicker({
      namespace: "staging",
      pageSize: 10,
      chosen: true,
      namespaces: ["prod", "staging"],
    });
    const blockId = (view.blocks[0] as { block_id: string }).block_id;
    expect(blockId).toBe(`${PICKER_BLOCK_IDS.retriever}@staging`);
    expect(decodePickerMetadata(view.private_metadata)).toEqual({ namespace: "staging", chosen: true });
    const picked = { [blockId]: state({ retriever: "ret_1" })[PICKER_BLOCK_IDS.retriever]! };
    expect(readPickerSubmission(picked, { namespace: "staging", pageSize: 10, chosen: true })).toMatchObject({
      namespace: "staging",
      retriever: "ret_1",
    });
    // A retriever picked before the namespace changed is not taken for one of the new namespace.
    expect(
      readPickerSubmission(state({ retriever: "ret_1" }), {
        namespace: "staging",
        pageSize: 10,
        chosen: true,
      }),
    ).toHaveProperty("errors");
  });
});

describe("decodePickerNamespace", () => {
  it.each([
    ["missing", undefined],
    ["not JSON", "prod"],
    ["wrong version", '{"v":2,"n":"prod"}'],
    ["extra key", '{"v":1,"n":"prod","x":1}'],
    ["a space in the name", '{"v":1,"n":"a b"}'],
    ["too long", `{"v":1,"n":"${"n".repeat(3000)}"}`],
  ])("refuses %s", (_label, value) => {
    expect(decodePickerNamespace(value)).toBeNull();
  });
});

describe("renderRetrieverOptions", () => {
  it("uses the id as value and the name as text, the name when there is no id", () => {
    expect(renderRetrieverOptions([retriever("Product search", "ret_1"), retriever("faq-bot")])).toEqual({
      options: [
        { text: { type: "plain_text", text: "Product search", emoji: true }, value: "ret_1" },
        { text: { type: "plain_text", text: "faq-bot", emoji: true }, value: "faq-bot" },
      ],
    });
  });

  it("answers an empty list for no retrievers", () => {
    expect(renderRetrieverOptions([])).toEqual({ options: [] });
  });

  it("skips retrievers whose value would not fit or not be accepted, and duplicates", () => {
    const { options } = renderRetrieverOptions([
      retriever("n".repeat(76)),
      retriever("has a space"),
      retriever("ok", "ret_1"),
      retriever("same id again", "ret_1"),
      retriever("short name", "i".repeat(75)),
    ]);
    expect(options.map((o) => o.value)).toEqual(["ret_1", "i".repeat(75)]);
  });

  it("keeps 100 retrievers with long names within every limit", () => {
    const many = Array.from({ length: 150 }, (_, i) =>
      retriever(`${i} <!channel> ${"long name ".repeat(30)}`, `ret_${i}`),
    );
    const { options } = renderRetrieverOptions(many);
    expect(options).toHaveLength(100);
    for (const option of options) {
      expect(option.text.text.length).toBeLessThanOrEqual(75);
      expect(option.value?.length).toBeLessThanOrEqual(75);
    }
    // The same options in a static select go through the limits checker.
    const view = {
      type: "modal",
      title: { type: "plain_text", text: "Options" },
      blocks: [{ type: "actions", elements: [{ type: "static_select", action_id: "a", options }] }],
    };
    expect(findBlockKitViolations(view, "modal")).toEqual([]);
  });
});

describe("readPickerSubmission", () => {
  it("gives the first page of what was picked, in the picker's namespace", () => {
    expect(
      readPickerSubmission(state({ retriever: "ret_1", status: "failed", pageSize: "5" }), defaults),
    ).toEqual({
      namespace: "prod",
      retriever: "ret_1",
      status: "failed",
      offset: 0,
      limit: 5,
    });
  });

  it("falls back to All and the default page size when those are empty", () => {
    expect(readPickerSubmission(state({ retriever: "ret_1" }), defaults)).toEqual({
      namespace: "prod",
      retriever: "ret_1",
      status: "all",
      offset: 0,
      limit: 10,
    });
  });

  it("puts an error on the retriever block when none was picked", () => {
    expect(readPickerSubmission(state({ retriever: null }), defaults)).toEqual({
      errors: { [PICKER_BLOCK_IDS.retriever]: "Pick a retriever from the list." },
    });
    expect(readPickerSubmission({}, defaults)).toEqual({
      errors: { [PICKER_BLOCK_IDS.retriever]: "Pick a retriever from the list." },
    });
    expect(readPickerSubmission(null, defaults)).toHaveProperty(["errors", PICKER_BLOCK_IDS.retriever]);
  });

  it("refuses values the modal never offered", () => {
    const result = readPickerSubmission(
      state({ retriever: "a b", status: "hacked", pageSize: "500" }),
      defaults,
    );
    expect(result).toEqual({
      errors: {
        [PICKER_BLOCK_IDS.retriever]: "Pick a retriever from the list.",
        [PICKER_BLOCK_IDS.status]: "Pick one of the statuses in the list.",
        [PICKER_BLOCK_IDS.pageSize]: "Pick a page size from 1 to 20.",
      },
    });
    for (const pageSize of ["0", "-1", "1.5", "", "1e1", " 5"]) {
      expect(readPickerSubmission(state({ retriever: "r", pageSize }), defaults)).toHaveProperty([
        "errors",
        PICKER_BLOCK_IDS.pageSize,
      ]);
    }
  });

  it("ignores a state of the wrong shape instead of throwing", () => {
    const odd = {
      [PICKER_BLOCK_IDS.retriever]: { [RETRIEVER_SEARCH_ACTION_ID]: { selected_option: { value: 5 } } },
    };
    expect(readPickerSubmission(odd, defaults)).toHaveProperty(["errors", PICKER_BLOCK_IDS.retriever]);
    expect(readPickerSubmission("nope", defaults)).toHaveProperty(["errors", PICKER_BLOCK_IDS.retriever]);
  });
});
