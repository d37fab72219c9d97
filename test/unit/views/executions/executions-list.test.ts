import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import {
  decodePageState,
  decodeStatusFilterChange,
  encodePageState,
} from "../../../../src/executions/page-state.js";
import type { ExecutionsPage, PageQuery } from "../../../../src/executions/types.js";
import type { ExecutionSummary } from "../../../../src/mixpeek/schemas.js";
import { decodeStatsState } from "../../../../src/stats/stats-state.js";
import {
  ACTION_IDS,
  PAGE_BUTTON_ACTION_ID,
  SHARE_ACTION_ID,
} from "../../../../src/views/executions/action-ids.js";
import { renderExecutionsList } from "../../../../src/views/executions/executions-list.js";
import { STATS_ACTION_IDS } from "../../../../src/views/stats/stats-action-ids.js";
import { executionSummary } from "../../../helpers/executions.js";

const now = new Date("2024-05-01T14:00:00Z");
const query: PageQuery = {
  retriever: "my-retriever",
  namespace: "prod",
  status: "all",
  offset: 0,
  limit: 10,
};

const execution = executionSummary;

function page(
  overrides: Partial<ExecutionsPage> = {},
  queryOverrides: Partial<PageQuery> = {},
): ExecutionsPage {
  return {
    query: { ...query, ...queryOverrides },
    executions: [execution()],
    hasNext: false,
    total: null,
    fetchedAt: now,
    ...overrides,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: assertions walk Block Kit JSON of many shapes
type Json = Record<string, any>;
// The detailed layout, one section per run; the compact table has its own file.
const blocksOf = (p: ExecutionsPage, opts = {}) =>
  renderExecutionsList(p, { now, layout: "detailed", ...opts }).blocks as unknown as Json[];
const controlsOf = (p: ExecutionsPage) => blocksOf(p).find((b) => b.type === "actions")!;
const elementIds = (p: ExecutionsPage) => (controlsOf(p).elements as Json[]).map((e) => e.action_id);
const contextText = (p: ExecutionsPage) => blocksOf(p)[1]!.elements[0].text as string;
const sectionTexts = (p: ExecutionsPage, opts = {}) =>
  blocksOf(p, opts)
    .filter((b) => b.type === "section")
    .map((b) => b.text.text as string);

describe("renderExecutionsList", () => {
  it("names the retriever in the header", () => {
    expect(blocksOf(page())[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Executions of my-retriever", emoji: true },
    });
    expect(blocksOf(page(), { retrieverLabel: "Shoe search" })[0]!.text.text).toBe(
      "Executions of Shoe search",
    );
  });

  it("cuts a long header to 150 characters", () => {
    const header = blocksOf(page({}, { retriever: "r".repeat(200) }))[0]!.text.text as string;
    expect(header.length).toBeLessThanOrEqual(150);
    expect(header.endsWith("…")).toBe(true);
  });

  it("says which rows are shown, with a total only when Mixpeek counted them", () => {
    const ten = Array.from({ length: 10 }, (_, i) => execution({ execution_id: `e${i}` }));
    const second = { executions: ten, hasNext: true };
    expect(contextText(page({ ...second, total: 57 }, { offset: 10 }))).toContain("Showing 11–20 of 57");
    const noTotal = contextText(page({ ...second, total: null }, { offset: 10 }));
    expect(noTotal).toContain("Showing 11–20");
    expect(noTotal).not.toContain(" of ");
    expect(contextText(page({ total: 1234 }))).toContain("Showing 1–1 of 1,234");
  });

  it("shows the namespace, the filter and when the page was fetched", () => {
    const text = contextText(page({}, { status: "failed", namespace: "prod" }));
    expect(text).toContain("Namespace `prod`");
    expect(text).toContain("Only *failed*");
    expect(text).toContain("Fetched <!date^1714572000^{time}|2024-05-01 14:00 UTC>");
    const old = contextText(page({ fetchedAt: new Date("2024-05-01T13:50:00Z") }));
    expect(old).toContain("Fetched <!date^1714571400^{date_short_pretty} {time}|");
    expect(contextText(page())).toContain("All statuses");
  });

  it("shows every fact of an execution", () => {
    const [row] = sectionTexts(page());
    expect(row).toContain(":white_check_mark: *completed*");
    expect(row).toContain("`exec_123`");
    expect(row).toContain("<!date^1714571130^{date_short_pretty} {time}|2024-05-01 13:45 UTC>");
    expect(row).toContain("took 12.4 s");
    expect(row).toContain("0.5 credits");
    expect(row).toContain("Processed 1,234 → returned 10");
    expect(row).toContain("cache hits 88%");
    // As inline code: shown as typed.
    expect(row).toContain("\n`red shoes under $100`");
  });

  it("escapes the query summary and unknown statuses", () => {
    const [row] = sectionTexts(
      page({
        executions: [
          execution({ status: "<!here>", query_summary: "<!channel> & <https://evil|x>\nline two" }),
        ],
      }),
    );
    expect(row).toContain(":grey_question: *&lt;!here&gt;*");
    expect(row).toContain("&lt;!channel&gt; &amp; &lt;https://evil|x&gt; line two");
    expect(row).not.toContain("<!channel>");
    expect(row).not.toContain("<!here>");
  });

  it("leaves out the summary line when there is none, and shows a dash for an unknown cache rate", () => {
    const [row] = sectionTexts(
      page({ executions: [execution({ query_summary: null, cache_hit_rate: null })] }),
    );
    expect(row).not.toContain("\n>");
    expect(row).toContain("cache hits —");
  });

  it("links the execution id to Studio when a URL is given", () => {
    const studioUrl = (id: string) => `https://studio.mixpeek.com/executions/${id}`;
    const [row] = sectionTexts(page(), { studioUrl });
    expect(row).toContain("<https://studio.mixpeek.com/executions/exec_123|exec_123>");
  });

  it("survives a Studio URL builder that throws", () => {
    const [row] = sectionTexts(page(), {
      studioUrl: () => {
        throw new Error("boom");
      },
    });
    expect(row).toContain("`exec_123`");
  });

  it("offers a status select with the current filter chosen, its page state in the block_id", () => {
    const controls = controlsOf(page({}, { status: "failed", offset: 20 }));
    const select = controls.elements[0];
    expect(select.type).toBe("static_select");
    expect(select.action_id).toBe(ACTION_IDS.statusFilter);
    expect(select.options.map((o: Json) => o.value)).toEqual(["all", "completed", "failed", "running"]);
    expect(select.initial_option).toEqual({
      text: { type: "plain_text", text: "Failed", emoji: true },
      value: "failed",
    });
    expect(decodeStatusFilterChange(controls.block_id, "running")).toEqual({
      ...query,
      status: "running",
      offset: 0,
      layout: "detailed",
    });
  });

  it("shows Previous only past the first page and Next only when there is more", () => {
    expect(elementIds(page())).toEqual([
      ACTION_IDS.statusFilter,
      ACTION_IDS.refresh,
      ACTION_IDS.layout,
      SHARE_ACTION_ID,
      STATS_ACTION_IDS.open,
    ]);
    expect(elementIds(page({ hasNext: true }))).toEqual([
      ACTION_IDS.statusFilter,
      ACTION_IDS.nextPage,
      ACTION_IDS.refresh,
      ACTION_IDS.layout,
      SHARE_ACTION_ID,
      STATS_ACTION_IDS.open,
    ]);
    expect(elementIds(page({ hasNext: true }, { offset: 10 }))).toEqual([
      ACTION_IDS.statusFilter,
      ACTION_IDS.previousPage,
      ACTION_IDS.nextPage,
      ACTION_IDS.refresh,
      ACTION_IDS.layout,
      SHARE_ACTION_ID,
      STATS_ACTION_IDS.open,
    ]);
    expect(elementIds(page({ hasNext: true }, { offset: 10_000 }))).not.toContain(ACTION_IDS.nextPage);
  });

  it("puts the target page in each button's value", () => {
    const controls = controlsOf(page({ hasNext: true }, { offset: 10, status: "failed" }));
    const targetOf = (id: string) =>
      decodePageState(controls.elements.find((e: Json) => e.action_id === id).value);
    const current = { ...query, offset: 10, status: "failed", layout: "detailed" };
    expect(targetOf(ACTION_IDS.previousPage)).toEqual({ ...current, offset: 0 });
    expect(targetOf(ACTION_IDS.nextPage)).toEqual({ ...current, offset: 20 });
    expect(targetOf(ACTION_IDS.refresh)).toEqual(current);
    for (const id of [ACTION_IDS.previousPage, ACTION_IDS.nextPage, ACTION_IDS.refresh]) {
      expect(id).toMatch(PAGE_BUTTON_ACTION_ID);
    }
  });

  it("switches to one button per status when the page state is too long for a block_id", () => {
    const long = page(
      {},
      { retriever: "r".repeat(200), namespace: "n".repeat(200), status: "failed", offset: 10 },
    );
    const controls = controlsOf(long);
    expect(controls.block_id).toBeUndefined();
    const ids = (controls.elements as Json[]).map((e) => e.action_id as string);
    expect(ids).not.toContain(ACTION_IDS.statusFilter);
    expect(ids).toEqual([
      ACTION_IDS.previousPage,
      ACTION_IDS.refresh,
      ACTION_IDS.layout,
      SHARE_ACTION_ID,
      STATS_ACTION_IDS.open,
      "executions_page_status_all",
      "executions_page_status_completed",
      "executions_page_status_running",
    ]);
    const running = controls.elements.find((e: Json) => e.action_id === "executions_page_status_running");
    expect(decodePageState(running.value)).toEqual({
      ...long.query,
      status: "running",
      offset: 0,
      layout: "detailed",
    });
    expect(
      ids.every(
        (id) => PAGE_BUTTON_ACTION_ID.test(id) || id === SHARE_ACTION_ID || id === STATS_ACTION_IDS.open,
      ),
    ).toBe(true);
  });

  it("says kindly when there is nothing to show, and keeps the filter", () => {
    const empty = { executions: [] };
    expect(sectionTexts(page(empty))).toEqual(["No executions of `my-retriever` yet."]);
    expect(sectionTexts(page(empty, { status: "failed" }))).toEqual([
      "No failed executions of `my-retriever` yet.",
    ]);
    expect(sectionTexts(page(empty, { status: "running" }))).toEqual([
      "No executions of `my-retriever` are running right now.",
    ]);
    expect(sectionTexts(page(empty, { offset: 30 }))).toEqual(["No more executions here."]);
    expect(elementIds(page(empty, { offset: 30 }))).toContain(ACTION_IDS.previousPage);
    expect(elementIds(page(empty))).toContain(ACTION_IDS.statusFilter);
    expect(contextText(page(empty))).not.toContain("Showing");
  });

  it("writes an escaped plain fallback text", () => {
    const p = page({ total: 57, hasNext: true }, { retriever: "<!channel>", status: "failed" });
    const { text } = renderExecutionsList(p, { now });
    expect(text).toBe("Executions of &lt;!channel&gt; (failed): showing 1–1 of 57");
  });

  it("never shows more rows than the page size", () => {
    const many = Array.from({ length: 30 }, (_, i) => execution({ execution_id: `e${i}` }));
    expect(sectionTexts(page({ executions: many }, { limit: 20 }))).toHaveLength(20);
    expect(sectionTexts(page({ executions: many }, { limit: 5 }))).toHaveLength(5);
  });

  it("passes the limits checker for an ordinary page", () => {
    expect(
      findBlockKitViolations(
        renderExecutionsList(page({ hasNext: true }, { offset: 10 }), { now }),
        "message",
      ),
    ).toEqual([]);
  });
});

describe("renderExecutionsList at its worst", () => {
  const hostile = "<!channel> &amp; <@U123> > 😀👩‍💻 & <https://x|y> ";
  const worst = (i: number): ExecutionSummary => ({
    execution_id: `${"&<>".repeat(66)}${String(i).padStart(2, "0")}`,
    status: `${"<&>".repeat(30)}weird-status-${i}`,
    created_at: "2024-05-01T13:45:30Z",
    completed_at: null,
    duration_ms: Number.MAX_SAFE_INTEGER,
    credits_used: 123_456_789.123456,
    total_processed: Number.MAX_SAFE_INTEGER,
    total_returned: Number.MAX_SAFE_INTEGER,
    cache_hit_rate: 0.123456,
    query_summary: hostile.repeat(40).slice(0, 1000),
  });
  const names = ["&".repeat(200), '"'.repeat(200), "😀".repeat(100)];

  for (const name of names) {
    for (const [layout, studio] of [
      ["detailed", undefined],
      ["detailed", (id: string) => `https://studio.mixpeek.com/${"p".repeat(2500)}/${id}`],
      ["compact", undefined],
    ] as const) {
      it(`20 rows of the longest fields fit every limit (${layout}, name ${name.slice(0, 2)}, ${studio ? "with" : "without"} links)`, () => {
        const p: ExecutionsPage = {
          query: { retriever: name, namespace: name, status: "running", offset: 9980, limit: 20 },
          executions: Array.from({ length: 20 }, (_, i) => worst(i)),
          hasNext: true,
          total: Number.MAX_SAFE_INTEGER,
          fetchedAt: now,
        };
        const message = renderExecutionsList(p, {
          now,
          layout,
          retrieverLabel: name,
          reasons: new Map(p.executions.map((e) => [e.execution_id, hostile.repeat(50)])),
          ...(studio ? { studioUrl: studio } : {}),
        });
        expect(findBlockKitViolations(message, "message")).toEqual([]);
        // Raw text (table cells) and plain text (select options) are shown as sent, never parsed: there
        // Mixpeek's words stay whole. Everywhere else (mrkdwn) they must be escaped.
        const parsed = (message.blocks as Json[]).filter((b) => b.type !== "table" && b.type !== "actions");
        const raw = JSON.stringify({ text: message.text, blocks: parsed });
        expect(raw).not.toContain("<!channel>");
        expect(raw).not.toContain("<@U123>");
        for (const block of message.blocks as Json[]) {
          if (block.type === "actions") {
            for (const element of block.elements) {
              if (element.value === undefined) continue;
              const decoded =
                element.action_id === STATS_ACTION_IDS.open
                  ? decodeStatsState(element.value)
                  : decodePageState(element.value);
              expect(decoded).not.toBeNull();
            }
          }
        }
      });
    }
  }

  it("fits the limits with 20 rows and the select in place", () => {
    const p: ExecutionsPage = {
      query: { ...query, limit: 20, offset: 20 },
      executions: Array.from({ length: 20 }, (_, i) => worst(i)),
      hasNext: true,
      total: null,
      fetchedAt: now,
    };
    const message = renderExecutionsList(p, { now });
    expect(findBlockKitViolations(message, "message")).toEqual([]);
    expect(encodePageState(p.query).length).toBeLessThanOrEqual(255);
    expect((message.blocks as Json[]).at(-1)!.elements[0].type).toBe("static_select");
  });

  it("shows a running run as running for so long, without credits it does not have yet (issue 13, bug 3)", () => {
    const running = execution({
      status: "running",
      created_at: "2024-05-01T13:52:00Z",
      completed_at: null,
      duration_ms: 23,
      credits_used: 0,
    });
    const [row] = sectionTexts(page({ executions: [running] }), { layout: "detailed" });
    expect(row).toContain("running for 8 min");
    expect(row).not.toContain("23 ms");
    expect(row).not.toMatch(/credits?/);
    const done = sectionTexts(page({ executions: [execution()] }), { layout: "detailed" })[0];
    expect(done).toContain("took 12.4 s");
    expect(done).toContain("0.5 credits");
  });
});
