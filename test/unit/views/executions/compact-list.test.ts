/** The compact layout (issue 13, "Reading the list"): one table row per run, reasons, verbatim queries. */
import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import { decodePageState } from "../../../../src/executions/page-state.js";
import type { ExecutionsPage } from "../../../../src/executions/types.js";
import type { ExecutionSummary } from "../../../../src/mixpeek/schemas.js";
import { ACTION_IDS, DETAILS_SELECT_ACTION_ID } from "../../../../src/views/executions/action-ids.js";
import { renderExecutionsList, renderPageBody } from "../../../../src/views/executions/executions-list.js";

// biome-ignore lint/suspicious/noExplicitAny: assertions walk Block Kit JSON of many shapes
type Json = Record<string, any>;

const now = new Date("2024-05-01T14:00:00Z");

function run(i: number, overrides: Partial<ExecutionSummary> = {}): ExecutionSummary {
  return {
    execution_id: `exec_${i}`,
    status: i % 3 === 1 ? "failed" : "completed",
    created_at: "2024-05-01T13:45:30Z",
    completed_at: "2024-05-01T13:45:42Z",
    duration_ms: 12_400,
    credits_used: 0.5,
    total_processed: 1234,
    total_returned: 10,
    cache_hit_rate: 0.5,
    query_summary: `red shoes ${i}`,
    ...overrides,
  };
}

function pageOf(executions: ExecutionSummary[], offset = 0): ExecutionsPage {
  return {
    query: { retriever: "product-search", namespace: "demo", status: "all", offset, limit: 10 },
    executions,
    hasNext: true,
    total: 57,
    fetchedAt: now,
  };
}

const tableOf = (message: { blocks: unknown[] }) =>
  (message.blocks as Json[]).find((b) => b.type === "table")!;
/** A cell as a reader sees it: raw text as is, rich text as its texts and emoji. */
function cellText(cell: Json): string {
  if (cell.type === "raw_text") return cell.text;
  return (cell.elements[0].elements as Json[])
    .map((e) => (e.type === "emoji" ? `:${e.name}:` : e.type === "date" ? `<date ${e.timestamp}>` : e.text))
    .join("");
}
/** Characters of every text in the blocks: what a reader has to read. */
function textLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, item) => sum + textLength(item), 0);
  if (node === null || typeof node !== "object") return 0;
  return Object.entries(node).reduce(
    (sum, [key, value]) =>
      sum + (key === "text" && typeof value === "string" ? value.length : textLength(value)),
    0,
  );
}
const rowsOf = (message: { blocks: unknown[] }) =>
  (tableOf(message).rows as Json[][]).map((row) => row.map(cellText));

describe("the compact list", () => {
  it("fits 10 runs with 5,000-character queries in far fewer blocks and characters than the detailed one", () => {
    const long = Array.from({ length: 10 }, (_, i) => run(i, { query_summary: `${"q".repeat(4990)} ${i}` }));
    const reasons = new Map(long.map((e) => [e.execution_id, "E".repeat(5000)]));
    const page = pageOf(long);
    const compact = renderExecutionsList(page, { now, reasons });
    const detailed = renderExecutionsList(page, { now, reasons, layout: "detailed" });
    expect(findBlockKitViolations(compact, "message")).toEqual([]);
    expect(findBlockKitViolations(detailed, "message")).toEqual([]);

    // Header, context, one table, the controls; the detailed layout takes a section and a divider a run.
    expect(compact.blocks).toHaveLength(4);
    expect(detailed.blocks).toHaveLength(22);
    // What Slack stores (the JSON) is smaller, and what a person reads (every text) far smaller.
    expect(JSON.stringify(compact.blocks).length).toBeLessThan(JSON.stringify(detailed.blocks).length);
    expect(JSON.stringify(compact.blocks).length).toBeLessThan(11_000);
    expect(textLength(compact.blocks)).toBeLessThan(textLength(detailed.blocks) / 3);
    expect(textLength(compact.blocks)).toBeLessThan(3500);
    // Each query is cut to one line of at most 60 characters.
    for (const row of rowsOf(compact).slice(1)) expect(row[6]!.length).toBeLessThanOrEqual(60);
  });

  it("shows one row per run under a header row, numbered as the page counts", () => {
    const message = renderExecutionsList(pageOf([run(0), run(2)], 20), { now });
    const rows = rowsOf(message);
    expect(rows[0]).toEqual(["#", "Status", "Started", "Duration", "Credits", "Returned", "Query"]);
    expect(rows[1]).toEqual([
      "21",
      ":white_check_mark: completed",
      "<date 1714571130>",
      "12.4 s",
      "0.5 credits",
      "10 of 1,234",
      "red shoes 0",
    ]);
    expect(rows).toHaveLength(3);
  });

  it("gives failed rows their reason, and says when it is missing", () => {
    const runs = [run(1), run(4), run(7, { execution_id: "exec_unreadable" }), run(0)];
    const reasons = new Map<string, string | null>([
      ["exec_1", "LLM quota exhausted\nretry later Bearer abc.def"],
      ["exec_4", null],
    ]);
    const rows = rowsOf(renderExecutionsList(pageOf(runs), { now, reasons }));
    expect(rows[0]!.at(-1)).toBe("Why it failed");
    expect(rows[1]!.at(-1)).toBe("LLM quota exhausted retry later Bearer [redacted]");
    expect(rows[2]!.at(-1)).toBe("(Mixpeek gave no reason)");
    expect(rows[3]!.at(-1)).toBe("(could not be loaded)");
    expect(rows[4]!.at(-1)).toBe("—");
  });

  it("shows queries verbatim: raw text in the table, inline code in the detailed rows", () => {
    const runs = [
      run(0, { query_summary: "*vintage* boots" }),
      run(2, { query_summary: "~camping~ gear <!channel> & _more_" }),
    ];
    const compact = renderExecutionsList(pageOf(runs), { now });
    const table = tableOf(compact);
    expect(table.rows[1][6]).toEqual({ type: "raw_text", text: "*vintage* boots" });
    expect(table.rows[2][6]).toEqual({ type: "raw_text", text: "~camping~ gear <!channel> & _more_" });
    const detailed = renderExecutionsList(pageOf(runs), { now, layout: "detailed" });
    const texts = (detailed.blocks as Json[]).filter((b) => b.type === "section").map((b) => b.text.text);
    expect(texts[0]).toContain("\n`*vintage* boots`");
    expect(texts[1]).toContain("\n`~camping~ gear &lt;!channel&gt; &amp; _more_`");
  });

  it("shows a running run as running for so long, with no credits yet", () => {
    const running = run(0, {
      status: "running",
      created_at: "2024-05-01T13:52:00Z",
      duration_ms: 23,
      credits_used: 0,
    });
    const [, row] = rowsOf(renderExecutionsList(pageOf([running]), { now }));
    expect(row!.slice(1, 5)).toEqual([
      ":hourglass_flowing_sand: running",
      "<date 1714571520>",
      "running for 8 min",
      "—",
    ]);
  });

  it("offers Details per row from a select, and a toggle to the detailed layout remembered in the state", () => {
    const message = renderExecutionsList(pageOf([run(0), run(1)], 10), { now });
    const controls = (message.blocks as Json[]).at(-1)!;
    const select = controls.elements.find((e: Json) => e.action_id === DETAILS_SELECT_ACTION_ID);
    expect(select.options.map((o: Json) => [o.text.text, o.value])).toEqual([
      ["11. completed · red shoes 0", "exec_0"],
      ["12. failed · red shoes 1", "exec_1"],
    ]);
    expect(decodePageState(controls.block_id)).toMatchObject({ retriever: "product-search", offset: 10 });

    const toggle = controls.elements.find((e: Json) => e.action_id === ACTION_IDS.layout);
    expect(toggle.text.text).toContain("Detailed view");
    expect(decodePageState(toggle.value)).toMatchObject({ offset: 10, layout: "detailed" });
    const detailed = renderExecutionsList(pageOf([run(0)], 10), { now, layout: "detailed" });
    const back = (detailed.blocks as Json[])
      .at(-1)!
      .elements.find((e: Json) => e.action_id === ACTION_IDS.layout);
    expect(back.text.text).toContain("Compact view");
    const next = (detailed.blocks as Json[])
      .at(-1)!
      .elements.find((e: Json) => e.action_id === ACTION_IDS.nextPage);
    expect(decodePageState(next.value)).toMatchObject({ offset: 20, layout: "detailed" });
  });

  it("draws the page's part from the page alone, so it can be kept with a cached page", () => {
    const page = pageOf([run(0, { status: "running", created_at: "2024-05-01T13:52:00Z" }), run(1)]);
    const early = renderExecutionsList(page, { now });
    const late = renderExecutionsList(page, { now: new Date(now.getTime() + 25_000) });
    const body = renderPageBody(page, { layout: "compact" });
    expect(early.blocks[0]).toEqual(body.header);
    expect(early.blocks[2]).toEqual(body.runs[0]);
    expect(late.blocks[2]).toEqual(body.runs[0]);
  });
});
