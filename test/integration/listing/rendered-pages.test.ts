/**
 * The bot draws the part of a cached page that is the same for everyone (header, runs, controls) once and
 * reuses it while the page is cached (src/cache/rendered-pages.ts). Through the real bot over signed HTTP,
 * with the simulator behind it: whatever changes (page, filter, layout, the data, a failure's reason) is
 * never answered with blocks drawn before the change, and each reader's own parts are their own.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTION_IDS } from "../../../src/views/executions/action-ids.js";
import { button, detailsIds, selectOption, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

type Block = { type: string; block_id?: string; elements?: Array<{ text?: string }> };

// The bot's clock, moved by the tests; the cache's TTL runs on real time, so moving it expires nothing.
let nowMs = Date.now();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ bot: { now: () => new Date(nowMs) }, env: { CACHE_TTL_SECONDS: "600" } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.resetCalls();
});

async function run(text: string, userId?: string) {
  const reply = await h.slack.slashCommand({ text, ...(userId ? { userId } : {}) });
  expect(reply.status).toBe(200);
  const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
  return { blocks: shown.blocks as Block[], id: reply.responseUrlId };
}

async function click(id: string, action: Parameters<typeof h.slack.blockAction>[0]["action"]) {
  const before = h.slack.responses().length;
  const reply = await h.slack.blockAction({ responseUrlId: id, action });
  expect(reply.status).toBe(200);
  await h.slack.waitFor(() => h.slack.responses().length > before);
  return h.slack.shownBy(id)!.blocks as Block[];
}

const runsOf = (blocks: Block[]) => blocks.filter((b) => b.type === "table" || b.type === "section");
const contextOf = (blocks: Block[]) => blocks.find((b) => b.type === "context")!.elements![0]!.text!;
const controlsOf = (blocks: Block[]) => blocks.at(-1)!;

describe("rendered blocks of a cached page", () => {
  it("gives two people on one cached page each the layout they chose, with its own controls", async () => {
    h.sim.addRetriever("demo", "rp-layouts", { executions: 30 });
    const ana = await run("rp-layouts", "U0ANA");
    const ben = await run("rp-layouts", "U0BEN");
    const benDetailed = await click(ben.id, button(ben.blocks, ACTION_IDS.layout)!);
    const anaAgain = await run("rp-layouts", "U0ANA");
    expect(h.sim.callCount("listExecutions")).toBe(1);

    expect(ana.blocks.some((b) => b.type === "table")).toBe(true);
    expect(benDetailed.some((b) => b.type === "table")).toBe(false);
    expect(detailsIds(benDetailed)).toEqual(detailsIds(ana.blocks));
    // Ana still reads the compact list and its controls, not the body drawn for Ben in between.
    expect(runsOf(anaAgain.blocks)).toEqual(runsOf(ana.blocks));
    expect(controlsOf(anaAgain.blocks)).toEqual(controlsOf(ana.blocks));
    expect(textOf([controlsOf(anaAgain.blocks)])).toContain("Detailed view");
    expect(textOf([controlsOf(benDetailed)])).toContain("Compact view");
    // Ben's Next keeps his layout; Ana's does not carry it.
    expect(button(benDetailed, ACTION_IDS.nextPage)!.value).toContain('"d":1');
    expect(button(anaAgain.blocks, ACTION_IDS.nextPage)!.value).not.toContain('"d"');
  });

  it("says when the page was fetched as of each request, while the runs are the ones drawn before", async () => {
    h.sim.addRetriever("demo", "rp-clock", { executions: 12 });
    const first = await run("rp-clock");
    nowMs += 2 * 60_000;
    const later = await run("rp-clock", "U0LATER");
    expect(h.sim.callCount("listExecutions")).toBe(1);
    expect(runsOf(later.blocks)).toEqual(runsOf(first.blocks));
    // Fresh: the time alone; two minutes on, the date too (the same fetch instant in both).
    expect(contextOf(first.blocks)).toMatch(/Fetched <!date\^\d+\^\{time\}\|/);
    expect(contextOf(later.blocks)).toMatch(/Fetched <!date\^\d+\^\{date_short_pretty\} \{time\}\|/);
  });

  it("answers a page, a filter and a layout asked for with that page's blocks, back and forth", async () => {
    h.sim.addRetriever("demo", "rp-paging", { executions: 40, failureRate: 0.4 });
    const first = await run("rp-paging limit:5");
    const firstIds = detailsIds(first.blocks);
    const second = await click(first.id, button(first.blocks, ACTION_IDS.nextPage)!);
    expect(textOf(second)).toMatch(/6–10/);
    expect(detailsIds(second).some((id) => firstIds.includes(id))).toBe(false);
    const back = await click(first.id, button(second, ACTION_IDS.previousPage)!);
    expect(detailsIds(back)).toEqual(firstIds);
    expect(runsOf(back)).toEqual(runsOf(first.blocks));

    const failed = await click(first.id, selectOption(back, ACTION_IDS.statusFilter, "failed"));
    const failedIds = new Set(
      h.sim
        .executions("demo", "rp-paging")
        .filter((e) => e.status === "failed")
        .map((e) => e.execution_id),
    );
    expect(detailsIds(failed).length).toBeGreaterThan(0);
    expect(detailsIds(failed).every((id) => failedIds.has(id))).toBe(true);
    expect(contextOf(failed)).toContain("Only *failed*");
    const all = await click(first.id, selectOption(failed, ACTION_IDS.statusFilter, "all"));
    expect(detailsIds(all)).toEqual(firstIds);
    expect(contextOf(all)).toContain("All statuses");

    const detailed = await click(first.id, button(all, ACTION_IDS.layout)!);
    expect(detailed.some((b) => b.type === "table")).toBe(false);
    const compact = await click(first.id, button(detailed, ACTION_IDS.layout)!);
    expect(runsOf(compact)).toEqual(runsOf(first.blocks));
  });

  it("shows fetched data that changed once the page is fetched again, on Refresh and in every later view", async () => {
    h.sim.addRetriever("demo", "rp-fresh", { executions: 8 });
    const first = await run("rp-fresh");
    h.sim.addExecution("demo", "rp-fresh", { query_summary: "a run newer than the page" });
    // Within the TTL the cached page (and its blocks) is what everyone gets, by design.
    expect(textOf((await run("rp-fresh")).blocks)).not.toContain("a run newer than the page");
    const refreshed = await click(first.id, button(first.blocks, ACTION_IDS.refresh)!);
    expect(textOf(refreshed)).toContain("a run newer than the page");
    const after = await run("rp-fresh", "U0AFTER");
    expect(textOf(after.blocks)).toContain("a run newer than the page");
    expect(runsOf(after.blocks)).toEqual(runsOf(refreshed));
  });

  it("draws the page again when the watcher forgets it for a newer run", async () => {
    h.sim.addRetriever("demo", "rp-forgotten", { executions: 8, failureRate: 0 });
    await run("rp-forgotten");
    h.sim.failNow("demo", "rp-forgotten", { error: "the index went away" });
    h.bot.workspace?.executions.forgetRetriever("demo", ["rp-forgotten"]);
    const after = await run("rp-forgotten");
    expect(textOf(after.blocks)).toContain("the index went away");
  });

  it("shows a failure's reason once Mixpeek gives it, though the page itself is still cached", async () => {
    h.sim.addRetriever("demo", "rp-reasons", { executions: 6, failureRate: 0 });
    h.sim.failNow("demo", "rp-reasons", { error: "quota exhausted upstream" });
    h.sim.injectFault({ kind: "status", status: 500, only: "getExecution", times: 50 });
    const without = await run("rp-reasons");
    expect(textOf(without.blocks)).not.toContain("quota exhausted upstream");
    h.sim.clearFaults();
    const withReason = await run("rp-reasons");
    expect(textOf(withReason.blocks)).toContain("quota exhausted upstream");
    expect(h.sim.callCount("listExecutions")).toBe(1);
  });
});
