/**
 * The Mixpeek request budget through the real bot: commands answered while the watcher uses its whole
 * share, a page already seen shown with its age when Mixpeek fails or the budget is spent, a 429 that
 * pauses every caller, and the stretched interval where people look. Calls are counted at the simulator.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SINGLE_WORKSPACE_ID } from "../../../src/alerts/store/index.js";
import { ACTION_IDS } from "../../../src/views/executions/action-ids.js";
import { button, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

const TEAM = "T0STANDIN";
const ALERTS = "C0ALERTS";
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(env: Record<string, string>, now?: () => Date): Promise<Harness> {
  // Only the bot's clock moves: Slack's signatures stay on real time, as the bot's request check expects.
  h = await startHarness({ env, ...(now ? { bot: { now } } : {}) });
  return h;
}

/** Runs a command and waits for its answer; returns the text the person sees. */
async function say(
  harness: Harness,
  text: string,
  channelId = ALERTS,
): Promise<{ id: string; text: string }> {
  const reply = await harness.slack.slashCommand({ text, channelId });
  expect(reply.status).toBe(200);
  const id = reply.responseUrlId;
  // Up to the 2 s a person waits for a request slot, and a 429's Retry-After; a slow answer is preceded
  // by a "Fetching…" line it then replaces.
  const answer = () =>
    harness.slack
      .responses()
      .filter((r) => r.responseUrlId === id && !isFetchingLine(r.body))
      .at(-1);
  await harness.slack.waitFor(answer, 10_000);
  const body = answer()!.body as { blocks: unknown[] };
  return { id, text: textOf(body.blocks) };
}

function isFetchingLine(body: unknown): boolean {
  return textOf((body as { blocks?: unknown[] }).blocks).includes("Fetching executions");
}

/** Subscribes #alerts to `count` new retrievers without runs, straight in the store (no Mixpeek call). */
async function watchNewRetrievers(harness: Harness, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const retriever = harness.sim.addRetriever("demo", `quiet-${i}`, { executions: 0 });
    await harness.bot.deps.store.subscribe({
      workspaceId: SINGLE_WORKSPACE_ID,
      teamId: TEAM,
      channelId: ALERTS,
      namespace: "demo",
      retrieverId: retriever.retriever_id,
      retrieverName: retriever.retriever_name,
      mention: null,
      createdBy: "U0DEVUSER",
      now: harness.bot.deps.now(),
    });
  }
}

describe("the request budget", () => {
  it("keeps a third for people: commands answer while the watcher has spent its share", async () => {
    // 9 a minute: the watcher may use 6, people always find 3.
    const harness = await start({ MIXPEEK_MAX_REQUESTS_PER_MINUTE: "9", WATCH_INTERVAL_SECONDS: "1" });
    await watchNewRetrievers(harness, 12);
    await harness.slack.waitFor(() => harness.sim.callCount() >= 6);
    // More are due, but another round finds no slot for them.
    await harness.bot.deps.watcher.runRound();
    const report = await harness.bot.deps.watcher.runRound();
    expect(report.checked).toBe(0);
    expect(harness.sim.callCount()).toBe(6);

    for (const retriever of ["product-search", "video-moments", "support-faq"]) {
      const { text } = await say(harness, `${retriever} completed`);
      expect(text).toContain(retriever);
      expect(text).toMatch(/Showing 1–/);
    }
    expect(harness.sim.callCount()).toBe(9);
    // The window is full and the page was never fetched: the person is told when to try again.
    const { text } = await say(harness, "product-search running");
    expect(text).toMatch(/Mixpeek's request budget is spent; try again in \d+ s/);
    expect(harness.sim.callCount()).toBe(9);
  });

  it("shows a page already seen with its age when Mixpeek answers 500, up to 10 minutes", async () => {
    let nowMs = Date.now();
    const harness = await start({}, () => new Date(nowMs));
    const first = await say(harness, "product-search");
    expect(first.text).toMatch(/Showing 1–10/);

    const refresh = async () => {
      const shown = harness.slack.shownBy(first.id);
      const control = button(shown?.blocks, ACTION_IDS.refresh);
      if (!control) throw new Error("no Refresh button on the list");
      const before = harness.slack.responses().length;
      await harness.slack.blockAction({ responseUrlId: first.id, action: control });
      const answer = () =>
        harness.slack
          .responses()
          .slice(before)
          .filter((r) => !isFetchingLine(r.body))
          .at(-1);
      await harness.slack.waitFor(answer, 10_000);
      return textOf((answer()!.body as { blocks: unknown[] }).blocks);
    };

    nowMs += 3 * 60_000;
    harness.sim.injectFault({ kind: "status", status: 500, times: 100 });
    const stale = await refresh();
    expect(stale).toContain("As of 3 min ago");
    expect(stale).toContain("Mixpeek isn't answering");
    expect(stale).toMatch(/Showing 1–10/);

    nowMs += 8 * 60_000;
    expect(await refresh()).toContain("Mixpeek isn't answering right now");
  });

  it("pauses every caller for Retry-After after one 429, and lowers the rate", async () => {
    const harness = await start({ MIXPEEK_MAX_REQUESTS_PER_MINUTE: "40" });
    harness.sim.injectFault({ kind: "status", status: 429, retryAfterSeconds: 2, only: "listExecutions" });
    const first = harness.slack.slashCommand({ text: "product-search", channelId: ALERTS });
    await harness.slack.waitFor(() => harness.sim.calls().some((call) => call.status === 429));
    const refusedAt = harness.sim
      .calls()
      .find((call) => call.status === 429)!
      .at.getTime();
    // Asked while the bot waits out the 429: neither command reaches Mixpeek before Retry-After.
    const second = await say(harness, "support-faq");
    expect(second.text).toMatch(/Showing 1–/);
    expect((await first).status).toBe(200);
    await harness.slack.waitFor(() => harness.slack.responses().length >= 2, 10_000);
    const after = harness.sim.calls().filter((call) => call.at.getTime() > refusedAt);
    expect(after.length).toBeGreaterThanOrEqual(2);
    for (const call of after) expect(call.at.getTime() - refusedAt).toBeGreaterThanOrEqual(2000 - 5);
    expect(harness.sim.calls().filter((call) => call.status === 429)).toHaveLength(1);

    await harness.bot.deps.watcher.runRound();
    const after429 = (await (await fetch(`${harness.bot.url}/healthz`)).json()) as {
      checks: { watcher: { details: Record<string, unknown> } };
    };
    expect(after429.checks.watcher.details).toMatchObject({
      mixpeekRequestsPerMinute: 40,
      mixpeekRequestsPerMinuteNow: 20,
    });
  });

  it("says how often retrievers are checked in the confirmation, the App Home, /healthz and /metrics", async () => {
    // 6 a minute: the watcher's 4 check 12 retrievers every 3 minutes instead of every minute.
    const harness = await start({ MIXPEEK_MAX_REQUESTS_PER_MINUTE: "6", WATCH_INTERVAL_SECONDS: "60" });
    await watchNewRetrievers(harness, 11);
    const { text } = await say(harness, "subscribe product-search");
    expect(text).toContain("The retriever is checked about every 3 min because of the request budget.");

    await harness.bot.deps.watcher.runRound();
    await harness.slack.appHomeOpened({ userId: "U0DEVUSER" });
    await harness.slack.waitFor(() => harness.slack.homeView("U0DEVUSER"));
    const home = textOf(harness.slack.homeView("U0DEVUSER")!.blocks);
    expect(home).toContain("Each retriever is checked about every 3 min because of the request budget");

    const health = (await (await fetch(`${harness.bot.url}/healthz`)).json()) as {
      checks: { watcher: { details: Record<string, unknown> } };
    };
    expect(health.checks.watcher.details).toMatchObject({
      intervalSeconds: 60,
      effectiveIntervalSeconds: 180,
      stretchedByBudget: true,
      mixpeekRequestsPerMinute: 6,
    });
    const metrics = await (await fetch(`${harness.bot.url}/metrics`)).text();
    expect(metrics).toMatch(/^executions_bot_watch_effective_interval_seconds 180$/m);
    expect(metrics).toMatch(/^executions_bot_mixpeek_budget_requests_per_minute 6$/m);
  });
});
