/**
 * Issue: the Home tab showed every subscription in the workspace to every user, private channels and DMs
 * included. It now lists only the conversations the viewer is a member of (users.conversations, cached
 * briefly) and says how many others exist without naming them.
 */
import { STAND_IN_DEFAULTS } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";
import { nthPostTo } from "./answers.js";

let h: Harness;
const BOT = STAND_IN_DEFAULTS.botUserId;
const ALICE = "U0ALICE";
const MALLORY = "U0MALLORY";

beforeAll(async () => {
  h = await startHarness();
  h.slack.putUser({ id: ALICE, name: "alice" });
  h.slack.putUser({ id: MALLORY, name: "mallory" });
  h.slack.putChannel({ id: "G0INCIDENTS", name: "incidents", isPrivate: true, members: [ALICE, BOT] });
  h.slack.putChannel({ id: "C0TEAMALPHA", name: "team-alpha", members: [ALICE, BOT] });
  const subscribe = async (text: string, channelId: string) => {
    const reply = await h.slack.slashCommand({ text, channelId, userId: ALICE });
    await nthPostTo(h.slack, reply.responseUrlId);
  };
  await subscribe("subscribe product-search", "C0ALERTS");
  await subscribe("subscribe video-moments", "G0INCIDENTS");
  await subscribe("subscribe support-faq", "G0INCIDENTS");
  await subscribe("subscribe brand-safety", "C0TEAMALPHA");
  // A DM between Alice and the bot.
  await subscribe("subscribe image-dedupe", ALICE);
});
afterAll(async () => {
  await h?.close();
});

async function home(userId: string) {
  const published = h.slack.apiCalls("views.publish").length;
  await h.slack.appHomeOpened({ userId });
  await h.slack.waitFor(() => h.slack.apiCalls("views.publish").length > published);
  const view = h.slack.homeView(userId)!;
  return textOf(view.blocks);
}

describe("the Home tab", () => {
  it("shows someone only the conversations they are in, and counts the others without naming them", async () => {
    const text = await home(MALLORY);
    expect(text).toContain("<#C0ALERTS>");
    expect(text).toContain("product-search");
    for (const hidden of [
      "G0INCIDENTS",
      "C0TEAMALPHA",
      "video-moments",
      "support-faq",
      "brand-safety",
      "image-dedupe",
      "incidents",
    ]) {
      expect(text).not.toContain(hidden);
    }
    expect(text).toMatch(/4 subscriptions in 3 conversations you're not in are not shown/);
  });

  it("shows a member of the private channel and of the DM all of theirs", async () => {
    const text = await home(ALICE);
    for (const shown of [
      "<#C0ALERTS>",
      "<#G0INCIDENTS>",
      "<#C0TEAMALPHA>",
      "video-moments",
      "image-dedupe",
    ]) {
      expect(text).toContain(shown);
    }
    expect(text).not.toMatch(/not shown/);
  });

  it("asks Slack once per viewer for a burst of openings", async () => {
    const before = h.slack.apiCalls("users.conversations").length;
    for (let i = 0; i < 3; i++) await home(MALLORY);
    expect(h.slack.apiCalls("users.conversations").length - before).toBe(0);
  });

  it("lists nothing when Slack cannot say which conversations the viewer is in", async () => {
    h.slack.putUser({ id: "U0NEWBIE", name: "newbie" });
    h.slack.failNext("users.conversations", "missing_scope");
    const text = await home("U0NEWBIE");
    expect(text).not.toContain("<#C0ALERTS>");
    expect(text).toMatch(
      /Slack couldn't say which conversations you're in.*5 subscriptions in 4 conversations/,
    );
  });
});
