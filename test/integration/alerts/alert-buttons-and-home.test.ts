/** Mute 1h under an alert, and the App Home, through the real bot with its own watcher. */

import { STAND_IN_DEFAULTS } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERT_ACTION_IDS } from "../../../src/views/alerts/alert-actions.js";
import { DETAILS_ACTION_ID } from "../../../src/views/executions/action-ids.js";
import { button, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../../helpers/databases.js";
import { botDatabaseUrl } from "../../helpers/replica-process.js";
import { describeEachBackend, watcherBackends } from "./harness.js";

let h: Harness;
let database: TestDatabase | undefined;
const ALERTS = "C0ALERTS";

const backends = await watcherBackends();

const alertFor = (executionId: string) =>
  h.slack.messages(ALERTS).find((m) => textOf(m.blocks).includes(executionId) && m.thread_ts === undefined);

describeEachBackend(backends, (backend) => {
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    h = await startHarness({ env: { WATCH_INTERVAL_SECONDS: "1", DATABASE_URL: botDatabaseUrl(database) } });
    const reply = await h.slack.slashCommand({ text: "subscribe support-faq", channelId: ALERTS });
    await h.slack.waitFor(() => h.slack.responses().find((r) => r.responseUrlId === reply.responseUrlId));
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  describe("Mute 1h", () => {
    it("mutes the subscription for an hour, tells the channel, and holds back the next failure", async () => {
      const run = h.sim.failNow("demo", "support-faq", { error: "Model timed out" });
      const alert = await h.slack.waitFor(() => alertFor(run.execution_id), 8000);

      // From another channel the same button does nothing.
      const foreign = await h.slack.blockAction({
        channelId: "C0GENERAL",
        action: button(alert.blocks, ALERT_ACTION_IDS.mute1h)!,
      });
      await h.slack.waitFor(() => h.slack.responses().find((r) => r.responseUrlId === foreign.responseUrlId));
      const [sub] = await h.bot.deps.store.listChannelSubscriptions(STAND_IN_DEFAULTS.teamId, ALERTS);
      expect(sub!.mutedUntil).toBeNull();

      const reply = await h.slack.blockAction({
        messageTs: alert.ts,
        action: button(alert.blocks, ALERT_ACTION_IDS.mute1h)!,
      });
      expect(reply.status).toBe(200);
      const said = await h.slack.waitFor(() =>
        h.slack.responses().find((r) => r.responseUrlId === reply.responseUrlId),
      );
      expect(said.body.response_type).toBe("in_channel");
      expect(String(said.body.text)).toMatch(/muted/);
      const [muted] = await h.bot.deps.store.listChannelSubscriptions(STAND_IN_DEFAULTS.teamId, ALERTS);
      const minutes = (muted!.mutedUntil!.getTime() - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(58);
      expect(minutes).toBeLessThanOrEqual(60);

      const posted = h.slack.messages(ALERTS).length;
      const second = h.sim.failNow("demo", "support-faq");
      const mutedCount = async () =>
        (await h.bot.deps.store.listChannelSubscriptions(STAND_IN_DEFAULTS.teamId, ALERTS))[0]!.mutedCount;
      // Claimed as muted: the claim that would otherwise have been posted.
      await h.slack.waitFor(
        () => h.logs.some((l) => l.includes('"outcome":"muted"') && l.includes(second.execution_id)),
        8000,
      );
      expect(await mutedCount()).toBe(1);
      expect(h.slack.messages(ALERTS).length).toBe(posted);
      expect(alertFor(second.execution_id)).toBeUndefined();
    });
  });

  describe("the alert's mute state (issue 13, bug 5)", () => {
    const firstAlert = () =>
      h.slack.messages(ALERTS).find((m) => m.thread_ts === undefined && button(m.blocks, DETAILS_ACTION_ID))!;
    const shows = (state: "muted" | "unmuted") =>
      h.slack.waitFor(() => {
        const alert = firstAlert();
        const muted = button(alert.blocks, ALERT_ACTION_IDS.unmute) !== undefined;
        const line = textOf(alert.blocks).includes("Muted until");
        const offersMute = button(alert.blocks, ALERT_ACTION_IDS.mute1h) !== undefined;
        if (state === "muted") return muted && line && !offersMute ? alert : undefined;
        return !muted && !line && offersMute ? alert : undefined;
      }, 8000);
    const command = async (text: string) => {
      const reply = await h.slack.slashCommand({ text, channelId: ALERTS });
      return h.slack.waitFor(() => h.slack.responses().find((r) => r.responseUrlId === reply.responseUrlId));
    };

    it("says until when and by whom, with Unmute in place of Mute 1h, after Mute 1h", async () => {
      const alert = await shows("muted");
      const text = textOf(alert.blocks);
      // Slack's date token, so each reader sees the time in their own zone ("3:22 PM").
      expect(text).toMatch(/:mute: Muted until <!date\^\d+\^\{time\}\|[^>]+> by <@U0DEVUSER>/);
      // The rest of the alert is as it was.
      expect(text).toContain("Model timed out");
      expect(button(alert.blocks, DETAILS_ACTION_ID)).toBeDefined();
    });

    it("unmutes from the alert, which offers Mute 1h again", async () => {
      const alert = firstAlert();
      const reply = await h.slack.blockAction({
        messageTs: alert.ts,
        action: button(alert.blocks, ALERT_ACTION_IDS.unmute)!,
      });
      const said = await h.slack.waitFor(() =>
        h.slack.responses().find((r) => r.responseUrlId === reply.responseUrlId),
      );
      expect(said.body.response_type).toBe("in_channel");
      expect(String(said.body.text)).toMatch(/back on/);
      await shows("unmuted");
      const [sub] = await h.bot.deps.store.listChannelSubscriptions(STAND_IN_DEFAULTS.teamId, ALERTS);
      expect(sub!.mutedUntil).toBeNull();
    });

    it("shows a mute and an unmute by the command on the alert too", async () => {
      expect(String((await command("mute support-faq 2h")).body.text)).toMatch(/muted/);
      expect(textOf((await shows("muted")).blocks)).toContain("by <@U0DEVUSER>");
      expect(String((await command("unmute support-faq")).body.text)).toMatch(/back on/);
      await shows("unmuted");
      await command("mute support-faq 2h");
      await shows("muted");
    });
  });

  describe("Details under an alert", () => {
    it("opens the failed execution's details for whoever clicks", async () => {
      const alert = h.slack.messages(ALERTS).find((m) => button(m.blocks, DETAILS_ACTION_ID) !== undefined);
      expect(alert).toBeDefined();
      const updates = h.slack.apiCalls("views.update").length;
      await h.slack.blockAction({ messageTs: alert!.ts, action: button(alert!.blocks, DETAILS_ACTION_ID)! });
      await h.slack.waitFor(() => h.slack.apiCalls("views.update").length > updates, 8000);
      const view = h.slack.apiCalls("views.update").at(-1)!.args.view as { blocks: unknown[] };
      expect(textOf(view.blocks)).toContain("Model timed out");
    });

    it("names the retriever by its name, not its id, while loading and once filled (issue 13, bug 2)", async () => {
      const alert = h.slack.messages(ALERTS).find((m) => button(m.blocks, DETAILS_ACTION_ID) !== undefined)!;
      const details = button(alert.blocks, DETAILS_ACTION_ID)!;
      const [sub] = await h.bot.deps.store.listChannelSubscriptions(STAND_IN_DEFAULTS.teamId, ALERTS);
      expect(sub!.retrieverId).toMatch(/^ret_/);
      // A button from before the name rode along (no "m") has the name looked up instead.
      const { m: _name, ...withoutName } = JSON.parse(details.value!) as Record<string, unknown>;
      for (const value of [details.value!, JSON.stringify(withoutName)]) {
        const opens = h.slack.apiCalls("views.open").length;
        const updates = h.slack.apiCalls("views.update").length;
        await h.slack.blockAction({ messageTs: alert.ts, action: { ...details, value } });
        await h.slack.waitFor(() => h.slack.apiCalls("views.update").length > updates, 8000);
        const loading = h.slack.apiCalls("views.open")[opens]!.args.view as { blocks: unknown[] };
        const filled = h.slack.apiCalls("views.update").at(-1)!.args.view as { blocks: unknown[] };
        if (value === details.value) expect(textOf(loading.blocks)).toContain("Retriever `support-faq`");
        expect(textOf(filled.blocks)).toContain("Retriever `support-faq`");
        expect(textOf(filled.blocks)).not.toContain(sub!.retrieverId);
      }
    });
  });

  describe("App Home", () => {
    it("publishes the workspace's subscriptions, the watcher's health and a guide", async () => {
      const reply = await h.slack.appHomeOpened();
      expect(reply.status).toBe(200);
      const home = await h.slack.waitFor(() => h.slack.homeView());
      const text = textOf(home.blocks);
      expect(text).toContain("<#C0ALERTS>");
      expect(text).toContain("support-faq");
      expect(text).toMatch(/muted until/i);
      expect(text).toMatch(/\/executions subscribe/);
      expect(text).toMatch(/watch|round|checked/i);
    });
  });
});
