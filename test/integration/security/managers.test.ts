/**
 * SUBSCRIPTION_MANAGERS: when set, only the users and user groups it names, and workspace admins and
 * owners (users.info), may subscribe, unsubscribe, mute or unmute; everyone else is refused with a
 * message naming who can, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSubscriptionRef } from "../../../src/subscriptions/subscription-ref.js";
import { ALERT_ACTION_IDS } from "../../../src/views/alerts/alert-actions.js";
import { UNSUBSCRIBE_ACTION_ID } from "../../../src/views/subscriptions/subscriptions.js";
import { button } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";
import { nthPostTo } from "./answers.js";

let h: Harness;
const ALERTS = "C0ALERTS";
const TEAM = "T0STANDIN";
const ALICE = "U0ALICE"; // named in SUBSCRIPTION_MANAGERS
const BOB = "U0BOB"; // in the user group it names
const CAROL = "U0CAROL"; // a workspace admin
const DAVE = "U0DAVE"; // the workspace's owner
const MALLORY = "U0MALLORY"; // none of these

beforeAll(async () => {
  h = await startHarness({ env: { SUBSCRIPTION_MANAGERS: `${ALICE},S0ONCALL` } });
  h.slack.putUser({ id: ALICE, name: "alice" });
  h.slack.putUser({ id: BOB, name: "bob" });
  h.slack.putUser({ id: CAROL, name: "carol", isAdmin: true });
  h.slack.putUser({ id: DAVE, name: "dave", isOwner: true });
  h.slack.putUser({ id: MALLORY, name: "mallory" });
  h.slack.putUserGroup({ id: "S0ONCALL", handle: "oncall", users: [BOB] });
});
afterAll(async () => {
  await h?.close();
});

async function command(userId: string, text: string) {
  const reply = await h.slack.slashCommand({ text, userId, channelId: ALERTS });
  return { ...(await nthPostTo(h.slack, reply.responseUrlId)), id: reply.responseUrlId };
}

const subscriptions = () => h.bot.deps.store.listChannelSubscriptions(TEAM, ALERTS);
const refusal = /Only <@U0ALICE>, <!subteam\^S0ONCALL> and workspace admins and owners can subscribe/;

describe("someone who is not a manager", () => {
  it("may not subscribe: refused, naming who can, with no Mixpeek call and nothing stored", async () => {
    const calls = h.sim.callCount();
    const answer = await command(MALLORY, "subscribe product-search mention:<@U0MALLORY|mallory>");
    expect(answer.text).toMatch(refusal);
    expect(answer.responseType).toBe("ephemeral");
    expect(h.sim.callCount()).toBe(calls);
    expect(await subscriptions()).toEqual([]);
  });

  it("may not unsubscribe, mute or unmute, by command or button", async () => {
    await command(ALICE, "subscribe product-search");
    const before = await subscriptions();
    expect(before).toHaveLength(1);
    for (const text of ["unsubscribe product-search", "mute product-search 2h", "unmute product-search"]) {
      expect((await command(MALLORY, text)).text).toMatch(refusal);
    }
    const list = await command(MALLORY, "subscriptions");
    expect(list.text).toContain("product-search");
    const unsubscribe = await h.slack.blockAction({
      userId: MALLORY,
      responseUrlId: list.id,
      action: button(h.slack.shownBy(list.id)?.blocks, UNSUBSCRIBE_ACTION_ID)!,
    });
    expect((await nthPostTo(h.slack, unsubscribe.responseUrlId)).text).toMatch(refusal);
    const mute = await h.slack.blockAction({
      userId: MALLORY,
      channelId: ALERTS,
      action: {
        type: "button",
        action_id: ALERT_ACTION_IDS.mute1h,
        block_id: "b",
        value: encodeSubscriptionRef(before[0]!.id),
      },
    });
    expect((await nthPostTo(h.slack, mute.responseUrlId)).text).toMatch(refusal);
    expect(await subscriptions()).toEqual(before);
    expect(h.slack.messages(ALERTS).filter((m) => m.text.includes(MALLORY))).toEqual([]);
  });

  it("may still read executions and list the channel's subscriptions", async () => {
    const reply = await h.slack.slashCommand({ text: "product-search limit:2", userId: MALLORY });
    const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
    expect(JSON.stringify(shown.blocks)).toContain("exec_");
  });
});

describe("managers", () => {
  it("a member of a named user group, a workspace admin and the owner may change subscriptions", async () => {
    expect((await command(BOB, "mute product-search 30m")).text).toContain(`<@${BOB}> muted`);
    expect((await command(CAROL, "unmute product-search")).text).toContain(`<@${CAROL}> turned alerts`);
    expect((await command(DAVE, "unsubscribe product-search")).text).toContain(`<@${DAVE}> unsubscribed`);
    expect(await subscriptions()).toEqual([]);
  });

  it("asks Slack about admins and groups once for a burst of requests", async () => {
    const before = h.slack.apiCalls("users.info").length;
    for (let i = 0; i < 3; i++) await command(CAROL, "mute product-search 30m");
    expect(h.slack.apiCalls("users.info").length - before).toBeLessThanOrEqual(1);
  });
});
