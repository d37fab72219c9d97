/** The channel forms of `/executions`, end to end with the real store file behind the bot. */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNSUBSCRIBE_ACTION_ID } from "../../../src/views/subscriptions/subscriptions.js";
import { button, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

let h: Harness;
const ALERTS = "C0ALERTS";
const TEAM = "T0STANDIN";

beforeAll(async () => {
  h = await startHarness({ env: { MIXPEEK_NAMESPACES: "staging" } });
});
afterAll(async () => {
  await h?.close();
});

async function say(text: string, channelId = ALERTS) {
  const reply = await h.slack.slashCommand({ text, channelId });
  expect(reply.status).toBe(200);
  const before = reply.responseUrlId;
  await h.slack.waitFor(() => h.slack.responses().find((r) => r.responseUrlId === before));
  const response = h.slack
    .responses()
    .filter((r) => r.responseUrlId === before)
    .at(-1)!;
  const body = response.body as { text: string; blocks: unknown[]; response_type?: string };
  return { id: before, body, text: textOf(body.blocks) };
}

const channelSubs = () => h.bot.deps.store.listChannelSubscriptions(TEAM, ALERTS);

describe("subscribe", () => {
  it("subscribes a channel, tells the channel, and says how to undo it", async () => {
    const { body, text } = await say("subscribe product-search");
    expect(body.response_type).toBe("in_channel");
    expect(text).toContain("product-search");
    expect(text).toContain("unsubscribe product-search");
    const subs = await channelSubs();
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({
      namespace: "demo",
      retrieverName: "product-search",
      createdBy: "U0DEVUSER",
    });
    expect(subs[0]!.retrieverId).toMatch(/^ret_/);
  });

  it("is harmless twice, and says so", async () => {
    const { body, text } = await say("subscribe product-search");
    expect(body.response_type).toBe("ephemeral");
    expect(text).toMatch(/already/);
    expect(await channelSubs()).toHaveLength(1);
  });

  it("refuses an unknown retriever and stores nothing", async () => {
    const { text } = await say("subscribe no-such-retriever");
    expect(text).toMatch(/No retriever/i);
    expect(await channelSubs()).toHaveLength(1);
  });

  it("takes a name in any case, and suggests the closest names for a typo (issue 13, bug 6)", async () => {
    const typo = await say("subscribe suport-faq", "C0GENERAL");
    expect(typo.text).toContain("Did you mean `support-faq`?");
    expect(await h.bot.deps.store.listChannelSubscriptions(TEAM, "C0GENERAL")).toHaveLength(0);

    const upper = await say("subscribe SUPPORT-FAQ", "C0GENERAL");
    expect(upper.body.response_type).toBe("in_channel");
    const [sub] = await h.bot.deps.store.listChannelSubscriptions(TEAM, "C0GENERAL");
    expect(sub).toMatchObject({ retrieverName: "support-faq" });
    expect(sub!.retrieverId).toMatch(/^ret_/);
    await say("unsubscribe SUPPORT-FAQ", "C0GENERAL");
    expect(await h.bot.deps.store.listChannelSubscriptions(TEAM, "C0GENERAL")).toHaveLength(0);
  });

  it("finds a retriever of another namespace only with ns:", async () => {
    expect((await say("subscribe catalog-enrichment")).text).toMatch(/No retriever/i);
    expect(await channelSubs()).toHaveLength(1);
    await say("subscribe catalog-enrichment ns:staging mention:<@U0ONCALL|oncall>");
    const subs = await channelSubs();
    expect(subs.map((s) => [s.retrieverName, s.namespace, s.mention])).toContainEqual([
      "catalog-enrichment",
      "staging",
      "<@U0ONCALL>",
    ]);
  });

  it("refuses @channel as a mention", async () => {
    const reply = await h.slack.slashCommand({
      text: "subscribe support-faq mention:<!channel>",
      channelId: ALERTS,
    });
    expect(JSON.stringify(reply.json)).toMatch(/mention/i);
    expect((await channelSubs()).some((s) => s.retrieverName === "support-faq")).toBe(false);
  });
});

describe("subscriptions, mute, unmute, unsubscribe", () => {
  it("lists this channel's subscriptions with an Unsubscribe button each", async () => {
    const { text, body } = await say("subscriptions");
    expect(text).toContain("product-search");
    expect(text).toContain("catalog-enrichment");
    expect(body.blocks.filter((b) => JSON.stringify(b).includes(UNSUBSCRIBE_ACTION_ID))).toHaveLength(2);
    // Another channel sees none of them.
    expect((await say("subscriptions", "C0GENERAL")).text).toMatch(/not subscribed to any/);
  });

  it("mutes and unmutes, telling the channel", async () => {
    const muted = await say("mute product-search 2h");
    expect(muted.body.response_type).toBe("in_channel");
    expect(muted.text).toMatch(/muted/);
    const sub = (await channelSubs()).find((s) => s.retrieverName === "product-search")!;
    const hours = (sub.mutedUntil!.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(1.9);
    expect(hours).toBeLessThanOrEqual(2);
    expect((await say("subscriptions")).text).toMatch(/muted until/);

    const unmuted = await say("unmute product-search");
    expect(unmuted.text).toMatch(/back on/);
    expect((await channelSubs()).find((s) => s.id === sub.id)!.mutedUntil).toBeNull();
  });

  it("answers mute of a retriever the channel does not follow", async () => {
    const { text } = await say("mute video-moments 30m");
    expect(text).toMatch(/not subscribed/);
  });

  it("rejects a bad mute duration with a usage note", async () => {
    const reply = await h.slack.slashCommand({ text: "mute product-search forever", channelId: ALERTS });
    expect(JSON.stringify(reply.json)).toMatch(/forever/);
  });

  it("says what durations look like for one it does not know (issue 13, bug 1)", async () => {
    const before = (await channelSubs()).map((s) => s.mutedUntil);
    const reply = await h.slack.slashCommand({ text: "mute product-search 10y", channelId: ALERTS });
    const text = textOf((reply.json as { blocks: unknown[] }).blocks);
    expect(text).toContain("`10y` is not a duration I know: use `30m`, `2h` or `1d`");
    expect(text).not.toMatch(/one retriever at a time/);
    expect((await channelSubs()).map((s) => s.mutedUntil)).toEqual(before);
  });

  it("unsubscribes with the command", async () => {
    const { text, body } = await say("unsubscribe catalog-enrichment ns:staging");
    expect(body.response_type).toBe("in_channel");
    expect(text).toMatch(/no longer/);
    expect((await channelSubs()).map((s) => s.retrieverName)).toEqual(["product-search"]);
  });

  it("unsubscribes with the button, and refuses an altered one", async () => {
    const list = await say("subscriptions");
    const click = button(list.body.blocks, UNSUBSCRIBE_ACTION_ID)!;

    const before = h.slack.responses().length;
    await h.slack.blockAction({
      responseUrlId: list.id,
      channelId: ALERTS,
      action: { ...click, value: '{"v":1,"id":"x"}' },
    });
    await h.slack.waitFor(() => h.slack.responses().length > before);
    expect(await channelSubs()).toHaveLength(1);

    // A real id from another channel does nothing either.
    const foreign = await h.slack.blockAction({ channelId: "C0GENERAL", action: click });
    expect(foreign.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses().find((r) => r.responseUrlId === foreign.responseUrlId));
    expect(await channelSubs()).toHaveLength(1);

    const count = h.slack.responses().length;
    await h.slack.blockAction({ responseUrlId: list.id, channelId: ALERTS, action: click });
    await h.slack.waitFor(() => h.slack.responses().length > count);
    expect(await channelSubs()).toHaveLength(0);
    expect(textOf(h.slack.shownBy(list.id)?.blocks)).toMatch(/not subscribed to any/);
  });
});
