/**
 * `/executions <retriever> stats` end to end: the real bot between the Slack stand-in and the Mixpeek
 * simulator, whose clock is fixed so that the windows are known. Every number shown is checked against
 * the simulator's own runs, counted here independently of the bot's code.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STATS_ACTION_IDS, statsWindowActionId } from "../../../src/views/stats/stats-action-ids.js";
import { button, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

const NOW = new Date("2025-06-02T12:20:00.000Z");
const HOUR = 3_600_000;
// The 24-hour window ends at the next full hour.
const END = Date.parse("2025-06-02T13:00:00.000Z");
const clock = () => new Date(NOW);

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ simulator: { now: clock }, bot: { now: clock } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.resetCalls();
});

async function run(text: string) {
  const reply = await h.slack.slashCommand({ text });
  expect(reply.status).toBe(200);
  const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
  return { shown, text: textOf(shown.blocks), id: reply.responseUrlId };
}

/** Ground truth: the simulator's runs of a retriever started in [from, to). */
function runsIn(retriever: string, from: number, to: number) {
  return h.sim
    .executions("demo", retriever)
    .filter((run) => Date.parse(run.created_at) >= from && Date.parse(run.created_at) < to);
}

function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(p * sorted.length) - 1] as number;
}

const formatMs = (ms: number) =>
  Math.round(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

function arrow(current: number, previous: number): string {
  const percent = ((current - previous) / previous) * 100;
  if (Math.abs(percent) < 0.5) return "± 0%";
  return `${percent > 0 ? "▲" : "▼"} ${Math.round(Math.abs(percent))}%`;
}

describe("/executions <retriever> stats", () => {
  it("shows the window's figures as the simulator's runs give them, with changes against the day before", async () => {
    const { text } = await run("product-search stats");
    const now = runsIn("product-search", END - 24 * HOUR, END);
    const before = runsIn("product-search", END - 48 * HOUR, END - 24 * HOUR);
    expect(now.length).toBeGreaterThan(3);
    expect(before.length).toBeGreaterThan(3);

    expect(text).toContain("Health of product-search");
    expect(text).toContain(`*Runs*\n${now.length}  ${arrow(now.length, before.length)}`);
    const failed = now.filter((run) => run.status === "failed").length;
    const rate = Math.round((failed / now.length) * 100);
    expect(text).toMatch(new RegExp(`\\*Failed\\*\\n${failed} \\((<1|${rate})%\\)`));
    const settled = (runs: typeof now) =>
      runs.filter((run) => run.completed_at !== null).map((r) => r.duration_ms);
    const p95 = nearestRank(settled(now), 0.95);
    const p95Before = nearestRank(settled(before), 0.95);
    expect(text).toContain(`*p95 latency*\n${formatMs(p95)}  ${arrow(p95, p95Before)}`);
    expect(text).toContain(`*p50 latency*\n${formatMs(nearestRank(settled(now), 0.5))}`);
    expect(text).toMatch(/Runs {3}`[▁▂▃▄▅▆▇█·]{24}`/);
    expect(text).toContain("*Slowest stage:*");
    // The slowest query shown is the slowest settled run of the window (the simulator's analytics look back from now).
    const slowest = runsIn("product-search", NOW.getTime() - 24 * HOUR, NOW.getTime() + 1)
      .filter((run) => run.completed_at !== null)
      .sort((a, b) => b.duration_ms - a.duration_ms)[0]!;
    expect(text).toContain(`1. ${formatMs(slowest.duration_ms)}`);
  });

  it("counts every call once: twenty people asking at once cost the calls of one", async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => h.slack.slashCommand({ text: "support-faq stats 7d" })),
    );
    for (const reply of replies) await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
    expect(h.sim.callCount("getRetrieverPerformance")).toBe(2);
    expect(h.sim.callCount("listExecutions")).toBe(1);
    expect(h.sim.callCount("getStageBreakdown")).toBe(1);
    expect(h.sim.callCount("getCachePerformance")).toBe(2);
    expect(h.sim.callCount("getSlowQueries")).toBe(1);
  });

  it("says so when the window had no runs", async () => {
    const { text } = await run("image-dedupe stats 30d");
    expect(text).toContain("No runs of `image-dedupe` in the last 30 days.");
  });

  it("switches windows in place with the window buttons", async () => {
    const { shown, id } = await run("video-moments stats");
    const before = h.slack.responses().length;
    await h.slack.blockAction({
      responseUrlId: id,
      action: button(shown.blocks, statsWindowActionId("7d"))!,
    });
    await h.slack.waitFor(() => h.slack.responses().length > before);
    const last = h.slack.responses().at(-1)!;
    expect(last.body.replace_original).toBe(true);
    const now = h.slack.shownBy(id)!;
    expect(textOf(now.blocks)).toContain("Last 7 days until");
    const week = runsIn("video-moments", END - 168 * HOUR, END);
    expect(textOf(now.blocks)).toContain(`*Runs*\n${week.length}`);
  });

  it("opens from the Stats button under an executions list, beside the list", async () => {
    const { shown: list, id } = await run("video-moments");
    const stats = button(list.blocks, STATS_ACTION_IDS.open);
    expect(stats).toBeDefined();
    const before = h.slack.responses().length;
    await h.slack.blockAction({ responseUrlId: id, action: stats! });
    await h.slack.waitFor(() => h.slack.responses().length > before);
    const answer = h.slack.responses().at(-1)!;
    expect(answer.body.replace_original).toBe(false);
    expect(JSON.stringify(answer.body.blocks)).toContain("Health of video-moments");
  });

  it("refuses a tampered stats button politely, without calling Mixpeek", async () => {
    const { shown, id } = await run("video-moments stats");
    const action = {
      ...button(shown.blocks, statsWindowActionId("30d"))!,
      value: '{"v":1,"r":"video-moments","n":"demo","w":"90d"}',
    };
    const before = h.slack.responses().length;
    h.sim.resetCalls();
    await h.slack.blockAction({ responseUrlId: id, action });
    await h.slack.waitFor(() => h.slack.responses().length > before);
    expect(JSON.stringify(h.slack.responses().at(-1)!.body)).toContain("old or altered");
    expect(h.sim.callCount()).toBe(0);
    expect(STATS_ACTION_IDS.open).toMatch(/^stats_show_/);
  });
});

describe("when Mixpeek's analytics fail", () => {
  it("names an unknown retriever (404)", async () => {
    const { text } = await run("no-such-retriever stats");
    expect(text).toContain(":mag: Mixpeek has no analytics for `no-such-retriever` in namespace `demo`");
  });

  it("says the analytics are not answering (500)", async () => {
    h.sim.injectFault({ kind: "status", status: 500, times: 20, only: "getRetrieverPerformance" });
    const { text } = await run("brand-safety stats");
    expect(text).toContain(
      ":electric_plug: Mixpeek's analytics for `brand-safety` aren't answering right now",
    );
  });

  it("says the answer could not be read when the schema drifted", async () => {
    h.sim.injectFault({ kind: "schema_break", only: "getRetrieverPerformance" });
    const { text } = await run("brand-safety stats 24h");
    expect(text).toContain(
      ":jigsaw: Mixpeek's analytics for `brand-safety` sent an answer the bot couldn't read",
    );
  });

  it("still shows the rest when only a secondary answer fails, and says which", async () => {
    h.sim.injectFault({ kind: "schema_break", only: "getStageBreakdown" });
    h.sim.injectFault({ kind: "status", status: 404, only: "getCachePerformance", times: 2 });
    const { text } = await run("support-faq stats");
    expect(text).toContain("*Runs*");
    expect(text).toContain("*Cache hit rate*\n–");
    expect(text).toContain("Mixpeek did not answer for the stage breakdown, cache figures");
    expect(text).not.toContain("NaN");
  });
});
