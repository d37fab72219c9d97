/**
 * Issue: anyone could silently rewrite a subscription. Mallory repeating Alice's subscribe dropped the
 * mention and took `created_by`, and only Mallory heard "Nothing changed"; with a mention of her own the
 * pings were redirected. Now a repeated subscribe changes nothing it does not ask for, every change is
 * told to the channel naming who made it, and `/executions subscriptions` shows who created and who last
 * changed each subscription.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSubscriptionRef } from "../../../src/subscriptions/subscription-ref.js";
import { ALERT_ACTION_IDS } from "../../../src/views/alerts/alert-actions.js";
import { UNSUBSCRIBE_ACTION_ID } from "../../../src/views/subscriptions/subscriptions.js";
import { button, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";
import { nthPostTo } from "./answers.js";

let h: Harness;
const ALERTS = "C0ALERTS";
const TEAM = "T0STANDIN";
const ALICE = "U0ALICE";
const MALLORY = "U0MALLORY";

beforeAll(async () => {
  h = await startHarness();
  h.slack.putUser({ id: ALICE, name: "alice" });
  h.slack.putUser({ id: MALLORY, name: "mallory" });
});
afterAll(async () => {
  await h?.close();
});

async function command(userId: string, text: string) {
  const reply = await h.slack.slashCommand({ text, userId, channelId: ALERTS });
  const answer = await nthPostTo(h.slack, reply.responseUrlId);
  return { ...answer, id: reply.responseUrlId };
}

const subscription = async () => (await h.bot.deps.store.listChannelSubscriptions(TEAM, ALERTS))[0];
/** What the channel itself shows (not the private answers). */
const channelSays = () => h.slack.messages(ALERTS).map((m) => `${m.text}\n${textOf(m.blocks)}`);

describe("a repeated subscribe", () => {
  it("changes nothing, and says so only to whoever asked, when it asks for nothing new", async () => {
    await command(ALICE, "subscribe product-search mention:<@U0ONCALL|oncall>");
    const created = await subscription();
    expect(created).toMatchObject({ mention: "<@U0ONCALL>", createdBy: ALICE, updatedBy: null });
    const posted = h.slack.messages(ALERTS).length;

    const repeat = await command(MALLORY, "subscribe product-search");
    expect(repeat.responseType).toBe("ephemeral");
    expect(repeat.text).toMatch(/Nothing changed/);
    expect(await subscription()).toEqual(created);
    expect(h.slack.messages(ALERTS)).toHaveLength(posted);
  });

  it("changes the mention when asked, tells the channel who did it, and keeps the creator", async () => {
    const change = await command(MALLORY, "subscribe product-search mention:<@U0MALLORY|mallory>");
    expect(change.responseType).toBe("in_channel");
    expect(change.text).toContain(`<@${MALLORY}> changed this channel's alerts`);
    expect(change.text).toContain("now mention <@U0MALLORY> (before: <@U0ONCALL>)");
    expect(channelSays().at(-1)).toContain(`<@${MALLORY}> changed`);
    expect(await subscription()).toMatchObject({
      mention: `<@${MALLORY}>`,
      createdBy: ALICE,
      updatedBy: MALLORY,
    });
  });

  it("shows who set it up and who last changed it in /executions subscriptions", async () => {
    const listed = await command(ALICE, "subscriptions");
    expect(listed.text).toMatch(new RegExp(`set up by <@${ALICE}>.*last changed by <@${MALLORY}>`));
  });
});

describe("every other change is told to the channel, naming who made it", () => {
  it("mute and unmute", async () => {
    const muted = await command(MALLORY, "mute product-search 2h");
    expect(muted.responseType).toBe("in_channel");
    expect(channelSays().at(-1)).toContain(`<@${MALLORY}> muted alerts`);
    const unmuted = await command(ALICE, "unmute product-search");
    expect(unmuted.responseType).toBe("in_channel");
    expect(channelSays().at(-1)).toContain(`<@${ALICE}> turned alerts`);
    expect(await subscription()).toMatchObject({ updatedBy: ALICE, mutedUntil: null });
  });

  it("Mute 1h under an alert", async () => {
    const sub = (await subscription())!;
    const click = await h.slack.blockAction({
      userId: MALLORY,
      channelId: ALERTS,
      action: {
        type: "button",
        action_id: ALERT_ACTION_IDS.mute1h,
        block_id: "b",
        value: encodeSubscriptionRef(sub.id),
      },
    });
    expect((await nthPostTo(h.slack, click.responseUrlId)).responseType).toBe("in_channel");
    expect(channelSays().at(-1)).toContain(`<@${MALLORY}> muted alerts`);
    expect(await subscription()).toMatchObject({ updatedBy: MALLORY });
  });

  it("the Unsubscribe button: the list updates for the clicker and the channel is told", async () => {
    const list = await command(ALICE, "subscriptions");
    const shown = h.slack.shownBy(list.id)!;
    const click = await h.slack.blockAction({
      userId: MALLORY,
      responseUrlId: list.id,
      action: button(shown.blocks, UNSUBSCRIBE_ACTION_ID)!,
    });
    const replaced = await nthPostTo(h.slack, click.responseUrlId, 1);
    expect(replaced.text).toMatch(/not subscribed to any/);
    const told = await nthPostTo(h.slack, click.responseUrlId, 2);
    expect(told.responseType).toBe("in_channel");
    expect(told.text).toContain(`<@${MALLORY}> unsubscribed this channel`);
    expect(channelSays().at(-1)).toContain(`<@${MALLORY}> unsubscribed`);
    expect(await subscription()).toBeUndefined();
  });

  it("the unsubscribe command", async () => {
    await command(ALICE, "subscribe support-faq");
    const gone = await command(MALLORY, "unsubscribe support-faq");
    expect(gone.responseType).toBe("in_channel");
    expect(channelSays().at(-1)).toContain(`<@${MALLORY}> unsubscribed this channel from \`support-faq\``);
  });
});
