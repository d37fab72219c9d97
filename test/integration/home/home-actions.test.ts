/**
 * The App Home's actions (issue 13): Mute 1h / Unmute and Unsubscribe under each subscription the viewer
 * can see, and "Subscribe a channel" with its modal. They go through the same rules as the commands: the
 * namespace allowlist, SUBSCRIPTION_MANAGERS, a line in the channel naming who changed what; the Home is
 * drawn again after each.
 */
import { STAND_IN_DEFAULTS } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSubscriptionRef } from "../../../src/subscriptions/subscription-ref.js";
import { RETRIEVER_SEARCH_ACTION_ID } from "../../../src/views/executions/retriever-picker.js";
import { HOME_ACTION_IDS } from "../../../src/views/home/home-controls.js";
import { SUBSCRIBE_BLOCK_IDS, SUBSCRIBE_MODAL_CALLBACK_ID } from "../../../src/views/home/subscribe-modal.js";
import { button, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

let h: Harness;
const BOT = STAND_IN_DEFAULTS.botUserId;
const TEAM = STAND_IN_DEFAULTS.teamId;
const ALICE = "U0ALICE"; // a subscription manager
const MALLORY = "U0MALLORY"; // not one
const TEAM_ALPHA = "C0TEAMALPHA";

beforeAll(async () => {
  h = await startHarness({ env: { SUBSCRIPTION_MANAGERS: ALICE, MIXPEEK_NAMESPACES: "staging" } });
  h.slack.putUser({ id: ALICE, name: "alice" });
  h.slack.putUser({ id: MALLORY, name: "mallory" });
  h.slack.putChannel({ id: TEAM_ALPHA, name: "team-alpha", members: [ALICE, MALLORY, BOT] });
  h.slack.putChannel({ id: "G0SECRET", name: "secret", isPrivate: true, members: [BOT] });
  h.slack.putChannel({ id: "C0BOTLESS", name: "botless", members: [ALICE] });
});
afterAll(async () => {
  await h?.close();
});

/** Opens the Home tab as `userId` and waits for it to be published. */
async function openHome(userId: string) {
  const published = h.slack.apiCalls("views.publish").length;
  await h.slack.appHomeOpened({ userId });
  await h.slack.waitFor(() => h.slack.apiCalls("views.publish").length > published);
  return h.slack.homeView(userId)!;
}

/** Clicks a button in someone's Home tab and waits until the bot has finished with the click. */
async function clickInHome(userId: string, action: { action_id: string; value?: string }) {
  const home = h.slack.homeView(userId)!;
  const done = h.handled("action");
  await h.slack.blockAction({ viewId: home.id, userId, action });
  await h.slack.waitFor(() => h.handled("action") > done, 8000);
  return h.slack.homeView(userId)!;
}

/** The controls under the line of one retriever in the Home (as a list of blocks), found by its line. */
function controlsOf(home: { blocks: unknown[] }, retriever: string): unknown[] {
  const blocks = home.blocks as Array<{ type: string; text?: { text: string } }>;
  const line = blocks.findIndex((b) => b.type === "section" && b.text?.text.includes(`\`${retriever}\``));
  return line < 0 ? [] : [blocks[line + 1]];
}

async function openSubscribeModal(userId: string) {
  await openHome(userId);
  const opened = h.slack.apiCalls("views.open").length;
  await clickInHome(userId, button(h.slack.homeView(userId)!.blocks, HOME_ACTION_IDS.subscribe)!);
  await h.slack.waitFor(() => h.slack.apiCalls("views.open").length > opened);
  return h.slack
    .views()
    .filter((v) => v.callback_id === SUBSCRIBE_MODAL_CALLBACK_ID)
    .at(-1)!;
}

function subscribeValues(channel: string, retriever: { text: string; value: string }, mention?: string) {
  return {
    [SUBSCRIBE_BLOCK_IDS.channel]: {
      subscribe_channel: { type: "conversations_select", selected_conversation: channel },
    },
    [SUBSCRIBE_BLOCK_IDS.retriever]: {
      [RETRIEVER_SEARCH_ACTION_ID]: {
        type: "external_select",
        selected_option: { text: { type: "plain_text", text: retriever.text }, value: retriever.value },
      },
    },
    [SUBSCRIBE_BLOCK_IDS.mention]: {
      subscribe_mention: { type: "users_select", selected_user: mention ?? null },
    },
  };
}

const teamAlphaSubs = () => h.bot.deps.store.listChannelSubscriptions(TEAM, TEAM_ALPHA);
const lastAnswerModal = () =>
  h.slack
    .views()
    .filter(
      (v) =>
        v.type === "modal" && (v.definition.title as { text?: string } | undefined)?.text === "Executions",
    )
    .at(-1);

describe("Subscribe a channel", () => {
  it("opens a modal that searches retrievers, subscribes the channel, tells it, and redraws the Home", async () => {
    const modal = await openSubscribeModal(ALICE);
    const search = await h.slack.blockSuggestion({
      viewId: modal.id,
      userId: ALICE,
      actionId: RETRIEVER_SEARCH_ACTION_ID,
      value: "product",
      blockId: SUBSCRIBE_BLOCK_IDS.retriever,
    });
    const [product] = (search.json as { options: Array<{ text: { text: string }; value: string }> }).options;
    expect(product!.text.text).toBe("product-search");

    const published = h.slack.apiCalls("views.publish").length;
    const submitted = await h.slack.viewSubmission({
      viewId: modal.id,
      userId: ALICE,
      values: subscribeValues(TEAM_ALPHA, { text: product!.text.text, value: product!.value }, ALICE),
    });
    expect(submitted.status).toBe(200);
    const told = await h.slack.waitFor(() =>
      h.slack.messages(TEAM_ALPHA).find((m) => textOf(m.blocks).includes("product-search")),
    );
    expect(textOf(told.blocks)).toContain("<@U0ALICE>");
    const [sub] = await teamAlphaSubs();
    expect(sub).toMatchObject({ retrieverName: "product-search", namespace: "demo", mention: "<@U0ALICE>" });

    await h.slack.waitFor(() => h.slack.apiCalls("views.publish").length > published);
    const home = h.slack.homeView(ALICE)!;
    expect(textOf(home.blocks)).toContain(`<#${TEAM_ALPHA}>`);
    expect(button(controlsOf(home, "product-search"), HOME_ACTION_IDS.mute)).toBeDefined();
  });

  it("refuses someone SUBSCRIPTION_MANAGERS leaves out, in a modal, and stores nothing", async () => {
    const modal = await openSubscribeModal(MALLORY);
    const opened = h.slack.apiCalls("views.open").length;
    await h.slack.viewSubmission({
      viewId: modal.id,
      userId: MALLORY,
      values: subscribeValues(TEAM_ALPHA, { text: "video-moments", value: "video-moments" }),
    });
    await h.slack.waitFor(() => h.slack.apiCalls("views.open").length > opened, 8000);
    expect(textOf(lastAnswerModal()!.blocks)).toMatch(/Only <@U0ALICE>/);
    expect((await teamAlphaSubs()).map((s) => s.retrieverName)).toEqual(["product-search"]);
  });

  it("subscribes only a conversation the person is in", async () => {
    const modal = await openSubscribeModal(ALICE);
    const opened = h.slack.apiCalls("views.open").length;
    await h.slack.viewSubmission({
      viewId: modal.id,
      userId: ALICE,
      values: subscribeValues("G0SECRET", { text: "video-moments", value: "video-moments" }),
    });
    await h.slack.waitFor(() => h.slack.apiCalls("views.open").length > opened, 8000);
    expect(textOf(lastAnswerModal()!.blocks)).toMatch(/only subscribe a conversation you're in/);
    expect(await h.bot.deps.store.listChannelSubscriptions(TEAM, "G0SECRET")).toEqual([]);
  });

  it("says so when the channel cannot be told, as when Slack will not take the post there", async () => {
    const modal = await openSubscribeModal(ALICE);
    const opened = h.slack.apiCalls("views.open").length;
    h.slack.failNext("chat.postMessage", "not_in_channel");
    await h.slack.viewSubmission({
      viewId: modal.id,
      userId: ALICE,
      values: subscribeValues("C0BOTLESS", { text: "video-moments", value: "video-moments" }),
    });
    await h.slack.waitFor(() => h.slack.apiCalls("views.open").length > opened, 8000);
    const answer = textOf(lastAnswerModal()!.blocks);
    expect(answer).toContain("couldn't post in <#C0BOTLESS> (`not_in_channel`)");
    expect(answer).toContain("/invite @Executions");
    const [sub] = await h.bot.deps.store.listChannelSubscriptions(TEAM, "C0BOTLESS");
    expect(sub).toMatchObject({ retrieverName: "video-moments" });
    await h.bot.deps.store.deleteSubscription(sub!.id);
  });

  it("refuses a namespace outside MIXPEEK_NAMESPACES from an altered modal", async () => {
    const modal = await openSubscribeModal(ALICE);
    const opened = h.slack.apiCalls("views.open").length;
    const calls = h.sim.callCount();
    await h.slack.viewSubmission({
      viewId: modal.id,
      userId: ALICE,
      privateMetadata: JSON.stringify({ v: 1, n: "secret-ns" }),
      values: subscribeValues(TEAM_ALPHA, { text: "video-moments", value: "video-moments" }),
    });
    await h.slack.waitFor(() => h.slack.apiCalls("views.open").length > opened, 8000);
    expect(textOf(lastAnswerModal()!.blocks)).toContain("secret-ns");
    expect(h.sim.callCount()).toBe(calls);
    expect(await teamAlphaSubs()).toHaveLength(1);
  });

  it("offers a namespace choice when more than one is allowed, and then searches the one chosen", async () => {
    const modal = await openSubscribeModal(ALICE);
    const choice = (
      modal.blocks as Array<{ accessory?: { action_id: string; options: Array<{ value: string }> } }>
    )
      .map((b) => b.accessory)
      .find((a) => a?.action_id === "namespace_choice");
    expect(choice!.options.map((o) => o.value).sort()).toEqual(["demo", "staging"]);
    const updates = h.slack.apiCalls("views.update").length;
    await h.slack.blockAction({
      viewId: modal.id,
      userId: ALICE,
      action: {
        type: "static_select",
        action_id: "namespace_choice",
        selected_option: { text: { type: "plain_text", text: "staging" }, value: "staging" },
      },
    });
    await h.slack.waitFor(() => h.slack.apiCalls("views.update").length > updates, 8000);
    const redrawn = h.slack.views().find((v) => v.id === modal.id)!;
    expect(JSON.parse(redrawn.private_metadata!)).toMatchObject({ n: "staging" });
    const search = await h.slack.blockSuggestion({
      viewId: modal.id,
      userId: ALICE,
      actionId: RETRIEVER_SEARCH_ACTION_ID,
      value: "",
    });
    const names = (search.json as { options: Array<{ text: { text: string } }> }).options.map(
      (o) => o.text.text,
    );
    expect(names).toContain("catalog-enrichment");
    expect(names).not.toContain("video-moments");
  });
});

describe("the buttons under each subscription", () => {
  it("mutes for an hour and unmutes, telling the channel, with the Home showing the state", async () => {
    await openHome(ALICE);
    let home = await clickInHome(
      ALICE,
      button(controlsOf(h.slack.homeView(ALICE)!, "product-search"), HOME_ACTION_IDS.mute)!,
    );
    const [muted] = await teamAlphaSubs();
    const minutes = (muted!.mutedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(58);
    expect(minutes).toBeLessThanOrEqual(60);
    expect(h.slack.messages(TEAM_ALPHA).some((m) => /muted alerts for/.test(textOf(m.blocks)))).toBe(true);
    home = await h.slack.waitFor(() => {
      const now = h.slack.homeView(ALICE)!;
      return button(controlsOf(now, "product-search"), HOME_ACTION_IDS.unmute) ? now : undefined;
    });
    expect(textOf(home.blocks)).toMatch(/muted until/);

    await clickInHome(ALICE, button(controlsOf(home, "product-search"), HOME_ACTION_IDS.unmute)!);
    expect((await teamAlphaSubs())[0]!.mutedUntil).toBeNull();
    expect(h.slack.messages(TEAM_ALPHA).some((m) => /back on/.test(textOf(m.blocks)))).toBe(true);
    await h.slack.waitFor(() =>
      button(controlsOf(h.slack.homeView(ALICE)!, "product-search"), HOME_ACTION_IDS.mute),
    );
  });

  it("refuses a non-manager's click and changes nothing", async () => {
    const home = await openHome(MALLORY);
    const mute = button(controlsOf(home, "product-search"), HOME_ACTION_IDS.mute)!;
    const opened = h.slack.apiCalls("views.open").length;
    await clickInHome(MALLORY, mute);
    await h.slack.waitFor(() => h.slack.apiCalls("views.open").length > opened, 8000);
    expect(textOf(lastAnswerModal()!.blocks)).toMatch(/Only <@U0ALICE>/);
    expect((await teamAlphaSubs())[0]!.mutedUntil).toBeNull();
  });

  it("treats a button for a conversation the viewer is not in as stale", async () => {
    const secret = await h.bot.deps.store.subscribe({
      teamId: TEAM,
      channelId: "G0SECRET",
      namespace: "demo",
      retrieverId: "video-moments",
      retrieverName: "video-moments",
      mention: null,
      createdBy: "U0SOMEONE",
      now: new Date(),
    });
    await openHome(ALICE);
    const opened = h.slack.apiCalls("views.open").length;
    await clickInHome(ALICE, {
      action_id: HOME_ACTION_IDS.unsubscribe,
      value: encodeSubscriptionRef(secret.subscription.id),
    });
    await h.slack.waitFor(() => h.slack.apiCalls("views.open").length > opened, 8000);
    expect(textOf(lastAnswerModal()!.blocks)).toMatch(/old or altered/);
    expect(await h.bot.deps.store.getSubscription(secret.subscription.id)).not.toBeNull();
  });

  it("unsubscribes, telling the channel, and the Home no longer lists it", async () => {
    const home = await openHome(ALICE);
    await clickInHome(ALICE, button(controlsOf(home, "product-search"), HOME_ACTION_IDS.unsubscribe)!);
    expect(await teamAlphaSubs()).toEqual([]);
    expect(h.slack.messages(TEAM_ALPHA).some((m) => /no longer/.test(textOf(m.blocks)))).toBe(true);
    await h.slack.waitFor(() => !textOf(h.slack.homeView(ALICE)!.blocks).includes("product-search"));
  });
});
