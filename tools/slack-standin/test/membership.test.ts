/** Who is in what: users.info's admin flags, users.conversations and usergroups.users.list, through a real WebClient. */

import type { SlackStandIn } from "@executions-bot/slack-standin";
import { STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { ErrorCode, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "./helpers.js";

const BOT = STAND_IN_DEFAULTS.botUserId;
let standIn: SlackStandIn;
let web: WebClient;

async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (error) {
    const e = error as { code?: string; data?: { error?: string } };
    expect(e.code).toBe(ErrorCode.PlatformError);
    return e.data?.error ?? "?";
  }
}

beforeAll(async () => {
  standIn = await startSlackStandIn({
    channels: [
      { id: "C0PUBLIC", name: "public" },
      { id: "C0ALICEONLY", name: "alice-only", members: ["U0ALICE", BOT] },
      { id: "G0SECRET", name: "secret", isPrivate: true, members: ["U0ALICE", "U0BOB", BOT] },
      { id: "G0NOBOT", name: "no-bot", isPrivate: true, members: ["U0ALICE"] },
    ],
  });
  standIn.putUser({ id: "U0ALICE", name: "alice" });
  standIn.putUser({ id: "U0BOB", name: "bob", isAdmin: true });
  standIn.putUser({ id: "U0CAROL", name: "carol", isOwner: true });
  standIn.putUserGroup({ id: "S0ONCALL", handle: "oncall", users: ["U0ALICE", "U0BOB"] });
  web = new WebClient("xoxb-stand-in", {
    slackApiUrl: standIn.apiUrl,
    logger: silentLogger,
    retryConfig: { retries: 0 },
  });
});
afterAll(async () => {
  await standIn.close();
});

describe("users.info", () => {
  it("says who is an admin or an owner", async () => {
    const flags = async (user: string) => {
      const { user: info } = await web.users.info({ user });
      return [info?.is_admin, info?.is_owner, info?.is_primary_owner];
    };
    expect(await flags("U0ALICE")).toEqual([false, false, false]);
    expect(await flags("U0BOB")).toEqual([true, false, false]);
    expect(await flags("U0CAROL")).toEqual([false, true, false]);
    expect(await slackError(web.users.info({ user: "U0NOBODY" }))).toBe("user_not_found");
  });
});

describe("users.conversations", () => {
  const all = "public_channel,private_channel,mpim,im";
  const ids = async (user: string, types = all) =>
    ((await web.users.conversations({ user, types })).channels ?? []).map((c) => c.id);

  it("lists a user's conversations, private ones only where the bot is a member too", async () => {
    expect(await ids("U0ALICE")).toEqual(["C0ALICEONLY", "C0PUBLIC", "G0SECRET"]);
    expect(await ids("U0BOB")).toEqual(["C0PUBLIC", "G0SECRET"]);
    expect(await ids("U0BOB", "public_channel")).toEqual(["C0PUBLIC"]);
    // Without `types`, public channels only, as Slack does.
    expect(((await web.users.conversations({ user: "U0ALICE" })).channels ?? []).map((c) => c.id)).toEqual([
      "C0ALICEONLY",
      "C0PUBLIC",
    ]);
  });

  it("describes each conversation as Slack does", async () => {
    const { channels } = await web.users.conversations({ user: "U0ALICE", types: all });
    expect(channels?.find((c) => c.id === "G0SECRET")).toMatchObject({
      name: "secret",
      is_private: true,
      is_group: true,
      is_channel: false,
      is_member: true,
    });
    expect(channels?.find((c) => c.id === "C0PUBLIC")).toMatchObject({ is_private: false, is_channel: true });
  });

  it("pages with a cursor, and refuses a cursor it did not issue", async () => {
    const first = await web.users.conversations({ user: "U0ALICE", types: all, limit: 2 });
    expect(first.channels?.map((c) => c.id)).toEqual(["C0ALICEONLY", "C0PUBLIC"]);
    const cursor = first.response_metadata?.next_cursor ?? "";
    expect(cursor).not.toBe("");
    const second = await web.users.conversations({ user: "U0ALICE", types: all, limit: 2, cursor });
    expect(second.channels?.map((c) => c.id)).toEqual(["G0SECRET"]);
    expect(second.response_metadata?.next_cursor).toBe("");
    expect(await slackError(web.users.conversations({ user: "U0ALICE", cursor: "bm9wZQ==" }))).toBe(
      "invalid_cursor",
    );
  });

  it("answers user_not_found and invalid_types", async () => {
    expect(await slackError(web.users.conversations({ user: "U0NOBODY" }))).toBe("user_not_found");
    expect(await slackError(web.users.conversations({ user: "U0ALICE", types: "rooms" }))).toBe(
      "invalid_types",
    );
  });
});

describe("usergroups.users.list", () => {
  it("lists a group's members and answers no_such_subteam for an unknown one", async () => {
    expect((await web.usergroups.users.list({ usergroup: "S0ONCALL" })).users).toEqual(["U0ALICE", "U0BOB"]);
    expect(await slackError(web.usergroups.users.list({ usergroup: "S0NOPE" }))).toBe("no_such_subteam");
  });
});
