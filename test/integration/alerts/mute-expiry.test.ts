/**
 * A mute that runs out by itself (issue 13, bug 5): the watcher's round that ends it redraws the channel's
 * alerts as Unmute does, once, through the real watcher, the Slack stand-in and SQLite/PostgreSQL.
 */
import { describe, expect, it } from "vitest";
import { redrawMuteState } from "../../../src/alerts/alert-mute-redraw.js";
import type { Subscription } from "../../../src/alerts/store/index.js";
import { createLogger } from "../../../src/logger.js";
import { ALERT_ACTION_IDS } from "../../../src/views/alerts/alert-actions.js";
import { button, textOf } from "../../helpers/blocks.js";
import {
  describeEachBackend,
  freshWatcherHarness,
  MINUTE,
  posted,
  type WatcherHarness,
  watcherBackends,
} from "./harness.js";

let h: WatcherHarness;

const backends = await watcherBackends();

const MUTE = 60 * MINUTE;

/** One alert posted by the watcher, then muted for an hour as Mute 1h does (the listener's own redraw). */
async function postAlertThenMute(): Promise<{ sub: Subscription; original: unknown; ts: string }> {
  const sub = await h.subscribe();
  h.sim.failNow("demo", "product-search", { error: "Model timed out" });
  h.clock.advance(MINUTE);
  await h.watcher().runRound();
  const [alert] = posted(h);
  expect(button(alert?.blocks, ALERT_ACTION_IDS.mute1h)).toBeDefined();

  const until = new Date(h.clock.now().getTime() + MUTE);
  const muted = await h.store.setMute(sub.id, until, { by: "U0DEVUSER", at: h.clock.now() });
  const parts = {
    client: h.client,
    store: h.store,
    logger: createLogger({ level: "silent", secrets: [] }),
    metrics: { recordSlackApiError: () => undefined },
  };
  const state = { until, by: "U0DEVUSER", now: h.clock.now() };
  expect(await redrawMuteState(parts, muted!, state)).toBe(1);
  const [shown] = posted(h);
  expect(textOf(shown?.blocks)).toContain("Muted until");
  expect(button(shown?.blocks, ALERT_ACTION_IDS.unmute)).toBeDefined();
  return { sub, original: alert!.blocks, ts: alert!.ts };
}

describeEachBackend(backends, (backend) => {
  freshWatcherHarness(backend, (next) => {
    h = next;
  });

  describe("a mute that runs out by itself", () => {
    it("gives the alert back its blocks with Mute 1h, once, when nothing failed while muted", async () => {
      const { sub, original, ts } = await postAlertThenMute();
      const watcher = h.watcher();

      // Still muted: the round leaves the alert as it is.
      h.clock.advance(MUTE / 2);
      await watcher.runRound();
      expect(button(posted(h)[0]?.blocks, ALERT_ACTION_IDS.unmute)).toBeDefined();

      h.clock.advance(MUTE / 2 + MINUTE);
      await watcher.runRound();
      const [alert, ...rest] = posted(h);
      expect(rest).toEqual([]);
      expect(alert?.ts).toBe(ts);
      expect(alert?.blocks).toEqual(original);
      expect(textOf(alert?.blocks)).not.toContain("Muted until");
      expect(await h.store.getSubscription(sub.id)).toMatchObject({ mutedUntil: null, mutedCount: 0 });

      // The mute ended once: another round, on another replica too, changes nothing.
      const updates = h.slack.apiCalls("chat.update").length;
      h.clock.advance(2 * MINUTE);
      await watcher.runRound();
      h.clock.advance(2 * MINUTE);
      await h.watcher().runRound();
      expect(h.slack.apiCalls("chat.update")).toHaveLength(updates);
      expect(posted(h)).toEqual([alert]);
    });

    it("posts the line about what failed while muted and gives the alert back Mute 1h", async () => {
      const { original, ts } = await postAlertThenMute();
      const watcher = h.watcher();
      h.clock.advance(2 * MINUTE);
      h.sim.failNow("demo", "product-search");
      h.clock.advance(MINUTE);
      expect((await watcher.runRound()).alerts.muted).toBe(1);

      h.clock.advance(MUTE);
      await watcher.runRound();
      const [alert, summary, ...rest] = posted(h);
      expect(rest).toEqual([]);
      expect(summary?.text).toBe("1 failure of product-search happened while alerts were muted");
      expect(alert?.ts).toBe(ts);
      expect(alert?.blocks).toEqual(original);

      const updates = h.slack.apiCalls("chat.update").length;
      h.clock.advance(2 * MINUTE);
      await watcher.runRound();
      expect(h.slack.apiCalls("chat.update")).toHaveLength(updates);
      expect(posted(h)).toEqual([alert, summary]);
    });
  });
});
