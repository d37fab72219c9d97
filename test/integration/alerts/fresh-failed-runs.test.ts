/**
 * Issue 13, bug 7: "Failed runs" on a fresh alert showed a list without the very failure it alerted,
 * because the page had been cached before that failure happened. The watcher now drops a retriever's
 * cached pages when it sees newer runs, before it posts the alert.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ALERT_ACTION_IDS } from "../../../src/views/alerts/alert-actions.js";
import { button, detailsIds, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

let h: Harness;
const ALERTS = "C0ALERTS";

beforeAll(async () => {
  // Pages stay cached for ten minutes unless something drops them.
  h = await startHarness({ env: { WATCH_INTERVAL_SECONDS: "1", CACHE_TTL_SECONDS: "600" } });
  const reply = await h.slack.slashCommand({ text: "subscribe support-faq", channelId: ALERTS });
  await h.slack.waitFor(() => h.slack.responses().find((r) => r.responseUrlId === reply.responseUrlId));
});
afterAll(async () => {
  await h?.close();
});

const cacheHits = () => h.bot.workspace?.executions.stats().hits ?? Number.NaN;

const messageTelling = (executionId: string) =>
  h.slack.messages(ALERTS).find((m) => textOf(m.blocks).includes(executionId));

async function failedRunsOf(alert: NonNullable<ReturnType<typeof messageTelling>>) {
  const reply = await h.slack.blockAction({
    messageTs: alert.ts,
    action: button(alert.blocks, ALERT_ACTION_IDS.failedRuns)!,
  });
  // The list answers beside the alert, privately: what the click's response_url was sent.
  const answer = await h.slack.waitFor(
    () => h.slack.responses().find((r) => r.responseUrlId === reply.responseUrlId),
    8000,
  );
  return { blocks: answer.body.blocks as unknown[] };
}

it("lists the failure an alert tells, though that page was cached before it", async () => {
  const first = h.sim.failNow("demo", "support-faq", { error: "first" });
  const firstAlert = await h.slack.waitFor(() => messageTelling(first.execution_id), 8000);
  // Cached now, holding the first failure.
  expect(detailsIds((await failedRunsOf(firstAlert)).blocks)).toContain(first.execution_id);
  const hits = cacheHits();
  expect(detailsIds((await failedRunsOf(firstAlert)).blocks)).toContain(first.execution_id);
  expect(cacheHits()).toBe(hits + 1);

  const second = h.sim.failNow("demo", "support-faq", { error: "second" });
  await h.slack.waitFor(() => messageTelling(second.execution_id), 8000);
  expect(detailsIds((await failedRunsOf(firstAlert)).blocks)).toContain(second.execution_id);
});

it("keeps a quiet retriever's pages cached across rounds", async () => {
  const alert = h.slack.messages(ALERTS).find((m) => button(m.blocks, ALERT_ACTION_IDS.failedRuns))!;
  await failedRunsOf(alert);
  // A round ending more than an interval later has checked the retriever again, and found nothing new.
  const clicked = Date.now();
  const lastRound = () => h.bot.deps.watcher.health().lastRoundAt?.getTime() ?? 0;
  for (let i = 0; i < 160 && lastRound() <= clicked + 1100; i++) await new Promise((r) => setTimeout(r, 50));
  expect(lastRound()).toBeGreaterThan(clicked + 1100);
  const hits = cacheHits();
  await failedRunsOf(alert);
  expect(cacheHits()).toBe(hits + 1);
});
