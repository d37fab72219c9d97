/**
 * Every listener goes through one wrapper (src/listeners/listener.ts): when a handler throws, the person
 * still gets an answer, the log has one line naming the listener, and the metrics count an `error`. Here the
 * bot's database breaks under it (the subscriptions table disappears), and the buttons that used to lose
 * their answer and their metric (Mute 1h, Unsubscribe) are clicked.
 */

import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSubscriptionRef } from "../../../src/subscriptions/subscription-ref.js";
import { ALERT_ACTION_IDS } from "../../../src/views/alerts/alert-actions.js";
import { UNSUBSCRIBE_ACTION_ID } from "../../../src/views/subscriptions/subscriptions.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

let h: Harness;
const ALERTS = "C0ALERTS";

beforeAll(async () => {
  h = await startHarness();
  const subscribed = await h.slack.slashCommand({ text: "subscribe support-faq", channelId: ALERTS });
  await h.slack.waitFor(() => h.slack.shownBy(subscribed.responseUrlId));
  // The database breaks: every query on subscriptions now fails.
  const db = new Database(join(h.dir, "bot.db"));
  db.exec("ALTER TABLE subscriptions RENAME TO subscriptions_gone");
  db.close();
});
afterAll(() => h?.close());

async function metricsText(): Promise<string> {
  return (await fetch(`${h.bot.url}/metrics`)).text();
}

function logLinesOf(name: string) {
  return h.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.name === name && line.event === "action");
}

describe.each([
  ["Mute 1h", ALERT_ACTION_IDS.mute1h],
  ["Unsubscribe", UNSUBSCRIBE_ACTION_ID],
])("%s when the store fails", (_label, actionId) => {
  it("answers that something went wrong on the bot's side, and records an error", async () => {
    const reply = await h.slack.blockAction({
      channelId: ALERTS,
      action: { type: "button", action_id: actionId, value: encodeSubscriptionRef(1) },
    });
    expect(reply.status).toBe(200);
    const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
    expect(JSON.stringify(shown)).toContain("Something went wrong on the bot's side");

    const lines = await h.slack.waitFor(() => {
      const found = logLinesOf(actionId).filter((line) => line.outcome !== undefined);
      return found.length > 0 ? found : undefined;
    });
    expect(lines.map((line) => line.outcome)).toEqual(["error"]);
    expect(h.logs.some((line) => line.includes(`action ${actionId} failed`))).toBe(true);
    expect(await metricsText()).toMatch(
      new RegExp(`executions_bot_requests_total\\{type="action",name="${actionId}",outcome="error"\\} 1`),
    );
  });
});
