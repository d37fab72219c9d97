/** The watcher inside the real bot: started with it, in /healthz, alerts posted on its own ticks. */

import { STAND_IN_DEFAULTS } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERT_ACTION_IDS } from "../../../src/views/alerts/alert-actions.js";
import { button, detailsIds, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../../helpers/databases.js";
import { botDatabaseUrl } from "../../helpers/replica-process.js";
import { describeEachBackend, watcherBackends } from "./harness.js";

let h: Harness;
let database: TestDatabase | undefined;

const backends = await watcherBackends();

describeEachBackend(backends, (backend) => {
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    h = await startHarness({ env: { WATCH_INTERVAL_SECONDS: "1", DATABASE_URL: botDatabaseUrl(database) } });
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  describe("the bot's alert watcher", () => {
    it("reports the database and the watcher in /healthz", async () => {
      const response = await fetch(`${h.bot.url}/healthz`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { checks: Record<string, { ok: boolean }> };
      expect(body.checks.database).toEqual({ ok: true });
      expect(body.checks.watcher).toMatchObject({ ok: true });
    });

    it("posts a failure to a subscribed channel without being asked", async () => {
      const { store } = h.bot.deps;
      const retriever = h.sim.retrievers("demo").find((r) => r.retriever_name === "product-search");
      await store.subscribe({
        teamId: STAND_IN_DEFAULTS.teamId,
        channelId: "C0ALERTS",
        namespace: "demo",
        retrieverId: retriever?.retriever_id ?? "product-search",
        retrieverName: "product-search",
        mention: null,
        createdBy: STAND_IN_DEFAULTS.userId,
        now: new Date(),
      });
      // Created no earlier than the subscription (a run of the same millisecond counts too).
      const run = h.sim.failNow("demo", "product-search", { error: "Feature store unavailable" });

      const alert = await h.slack.waitFor(
        () => h.slack.messages("C0ALERTS").find((m) => textOf(m.blocks).includes(run.execution_id)),
        8000,
      );
      expect(textOf(alert.blocks)).toContain("Feature store unavailable");
      // Health is taken when the round that posted it ends.
      await h.slack.waitFor(() => h.bot.deps.watcher.health().retrieversWatched === 1, 5000);
      expect(h.bot.deps.watcher.health()).toMatchObject({ upstreamErrors: 0, lastError: null });
      // The line is written once Slack's answer is recorded, a moment after the message is in the channel.
      await h.slack.waitFor(
        () => h.logs.some((line) => line.includes('"event":"alert"') && line.includes(run.execution_id)),
        5000,
      );

      // "Failed runs" is answered by the page-navigation listener: a private list beside the alert,
      // which stays as it was for everyone else.
      const failedRuns = button(alert.blocks, ALERT_ACTION_IDS.failedRuns);
      expect(failedRuns).toBeDefined();
      const before = h.slack.responses().length;
      const reply = await h.slack.blockAction({ messageTs: alert.ts, action: failedRuns! });
      expect(reply.status).toBe(200);
      await h.slack.waitFor(() => h.slack.responses().length > before, 5000);
      const answer = h.slack.responses().at(-1);
      expect(answer?.status).toBe(200);
      expect(answer?.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
      const list = await h.slack.waitFor(() => h.slack.ephemerals(STAND_IN_DEFAULTS.userId).at(-1));
      // The button carries the id (it survives a rename); the list shows the name.
      expect(list.text).toContain("Executions of product-search (failed)");
      expect(detailsIds(list.blocks)).toContain(run.execution_id);
      const still = h.slack.messages("C0ALERTS").find((m) => m.ts === alert.ts);
      expect(still?.edited).toBe(0);
      expect(textOf(still?.blocks)).toContain("Feature store unavailable");
    });
  });
});
