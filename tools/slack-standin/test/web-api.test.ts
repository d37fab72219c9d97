import type { SlackStandIn } from "@executions-bot/slack-standin";
import { STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { ErrorCode, WebClient, WebClientEvent } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTriggerId as freshTriggerIdFrom, manualClock, silentLogger, startFakeBot } from "./helpers.js";

const SECRET = "web-api-test-secret";
const GENERAL = STAND_IN_DEFAULTS.channels[0].id;

const clock = manualClock();
let standIn: SlackStandIn;
let bot: Awaited<ReturnType<typeof startFakeBot>>;

function client(options: { token?: string; retries?: number } = {}): WebClient {
  return new WebClient("token" in options ? options.token : "xoxb-stand-in", {
    slackApiUrl: standIn.apiUrl,
    logger: silentLogger,
    retryConfig: { retries: options.retries ?? 0, minTimeout: 0, maxTimeout: 1 },
  });
}

/** The error code Slack answered with, or "ok". */
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

const freshTriggerId = () => freshTriggerIdFrom(standIn, bot);

const modal = (title: string) => ({
  type: "modal" as const,
  callback_id: "filter",
  title: { type: "plain_text" as const, text: title },
  blocks: [{ type: "section", text: { type: "mrkdwn", text: "hello" } }],
});

beforeAll(async () => {
  bot = await startFakeBot(SECRET);
  standIn = await startSlackStandIn({ signingSecret: SECRET, botUrl: bot.url, now: clock.now });
});
afterAll(async () => {
  await standIn.close();
  await bot.close();
});

describe("authentication", () => {
  it("answers auth.test with the bot's identity and records the call without the token", async () => {
    const result = await client().auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: STAND_IN_DEFAULTS.teamId,
      user_id: STAND_IN_DEFAULTS.botUserId,
      bot_id: STAND_IN_DEFAULTS.botId,
    });
    const [call] = standIn.apiCalls("auth.test");
    expect(call).toMatchObject({ method: "auth.test", token: true, outcome: "ok" });
    expect(JSON.stringify(call)).not.toContain("xoxb-stand-in");
  });

  it("refuses calls without a token or with an unknown method", async () => {
    expect(await slackError(client({ token: undefined }).auth.test())).toBe("not_authed");
    expect(await slackError(client({ token: "not-a-token" }).auth.test())).toBe("invalid_auth");
    expect(await slackError(client().apiCall("chat.sing"))).toBe("unknown_method");
  });

  it("takes JSON bodies with a bearer token too", async () => {
    const response = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: "Bearer xoxb-json" },
      body: JSON.stringify({ channel: GENERAL, text: "as JSON", blocks: [{ type: "divider" }] }),
    });
    expect(await response.json()).toMatchObject({ ok: true, message: { text: "as JSON" } });
    expect(standIn.apiCalls("chat.postMessage").at(-1)?.args.blocks).toEqual([{ type: "divider" }]);
  });
});

describe("messages", () => {
  it("posts, threads and edits messages with strictly increasing Slack-style timestamps", async () => {
    const web = client();
    const parent = await web.chat.postMessage({ channel: GENERAL, text: "parent" });
    const reply = await web.chat.postMessage({ channel: GENERAL, text: "reply", thread_ts: parent.ts });
    expect(parent.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));

    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*bold*" } }];
    await web.chat.update({ channel: GENERAL, ts: parent.ts ?? "", text: "parent v2", blocks });
    await web.chat.update({ channel: GENERAL, ts: parent.ts ?? "", text: "parent v3" });

    const stored = standIn.messages(GENERAL).filter((m) => m.ts === parent.ts || m.ts === reply.ts);
    expect(stored).toEqual([
      expect.objectContaining({ ts: parent.ts, text: "parent v3", blocks, edited: 2 }),
      expect.objectContaining({ ts: reply.ts, thread_ts: parent.ts, text: "reply", edited: 0 }),
    ]);
    expect(standIn.apiCalls("chat.update")[0]?.args.blocks).toEqual(blocks);
  });

  it("answers with Slack's errors for unknown channels, messages and empty posts", async () => {
    const web = client();
    expect(await slackError(web.chat.postMessage({ channel: "C0NOPE", text: "x" }))).toBe(
      "channel_not_found",
    );
    expect(await slackError(web.chat.update({ channel: GENERAL, ts: "1.000001", text: "x" }))).toBe(
      "message_not_found",
    );
    expect(await slackError(web.apiCall("chat.postMessage", { channel: GENERAL }))).toBe("no_text");
    expect(await slackError(web.chat.postMessage({ channel: GENERAL, text: "x".repeat(40_001) }))).toBe(
      "msg_too_long",
    );
  });

  it("finds channels by name and opens a DM for a user ID", async () => {
    const web = client();
    const byName = await web.chat.postMessage({ channel: "#general", text: "by name" });
    expect(byName.channel).toBe(GENERAL);
    const dm = await web.chat.postMessage({ channel: STAND_IN_DEFAULTS.userId, text: "hi" });
    expect(dm.channel).toMatch(/^D/);
    expect((await web.conversations.info({ channel: dm.channel ?? "" })).channel).toMatchObject({
      is_im: true,
    });
  });

  it("keeps ephemeral messages apart and gives permalinks for channel messages", async () => {
    const web = client();
    const ephemeral = await web.chat.postEphemeral({
      channel: GENERAL,
      user: STAND_IN_DEFAULTS.userId,
      text: "only you",
    });
    expect(standIn.ephemerals(STAND_IN_DEFAULTS.userId).at(-1)).toMatchObject({
      ts: ephemeral.message_ts,
      text: "only you",
    });
    expect(standIn.messages().some((m) => m.ts === ephemeral.message_ts)).toBe(false);
    // chat.update cannot edit an ephemeral message, as in Slack.
    const update = web.chat.update({ channel: GENERAL, ts: ephemeral.message_ts ?? "", text: "x" });
    expect(await slackError(update)).toBe("message_not_found");

    const posted = await web.chat.postMessage({ channel: GENERAL, text: "link me" });
    const link = await web.chat.getPermalink({ channel: GENERAL, message_ts: posted.ts ?? "" });
    expect(link.permalink).toBe(`${standIn.url}/archives/${GENERAL}/p${posted.ts?.replace(".", "")}`);
  });

  it("describes users and channels", async () => {
    const web = client();
    const user = await web.users.info({ user: STAND_IN_DEFAULTS.userId });
    expect(user.user).toMatchObject({ id: STAND_IN_DEFAULTS.userId, name: STAND_IN_DEFAULTS.userName });
    expect(await slackError(web.users.info({ user: "U0NOBODY" }))).toBe("user_not_found");
    const channel = await web.conversations.info({ channel: GENERAL });
    expect(channel.channel).toMatchObject({ id: GENERAL, name: "general", is_member: true });
  });
});

describe("views", () => {
  it("opens a modal with a fresh trigger ID and refuses a stale or unknown one", async () => {
    const web = client();
    const opened = await web.views.open({ trigger_id: await freshTriggerId(), view: modal("Filter") });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: "filter" });
    expect(opened.view?.hash).toBeTruthy();

    const stale = await freshTriggerId();
    clock.advance(3_001);
    expect(await slackError(web.views.open({ trigger_id: stale, view: modal("Late") }))).toBe(
      "expired_trigger_id",
    );
    expect(await slackError(web.views.open({ trigger_id: "123.456.abc", view: modal("Forged") }))).toBe(
      "invalid_trigger_id",
    );
  });

  it("updates by view ID or external ID, checks the hash, and pushes onto the stack", async () => {
    const web = client();
    const triggerId = await freshTriggerId();
    const opened = await web.views.open({
      trigger_id: triggerId,
      view: { ...modal("One"), external_id: "filter-1" },
    });
    const id = opened.view?.id ?? "";
    const byId = await web.views.update({
      view_id: id,
      hash: opened.view?.hash,
      view: { ...modal("Two"), external_id: "filter-1" },
    });
    expect(byId.view?.id).toBe(id);
    expect(
      await slackError(web.views.update({ view_id: id, hash: opened.view?.hash, view: modal("X") })),
    ).toBe("hash_conflict");
    await web.views.update({ external_id: "filter-1", view: { ...modal("Three"), external_id: "filter-1" } });
    expect(standIn.views().find((v) => v.id === id)?.definition.title).toEqual({
      type: "plain_text",
      text: "Three",
    });
    expect(await slackError(web.views.update({ view_id: "V0NOPE", view: modal("X") }))).toBe("not_found");

    const pushed = await web.views.push({ trigger_id: triggerId, view: modal("Pushed") });
    expect(pushed.view).toMatchObject({ previous_view_id: id, root_view_id: id });
  });

  it("publishes a Home tab per user", async () => {
    const web = client();
    const home = {
      type: "home" as const,
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "home" } }],
    };
    const published = await web.views.publish({ user_id: STAND_IN_DEFAULTS.userId, view: home });
    expect(standIn.homeView()?.id).toBe(published.view?.id);
    expect(await slackError(web.views.publish({ user_id: "U0NOBODY", view: home }))).toBe("user_not_found");
  });
});

describe("failNext", () => {
  it("fails a method with a Slack error the given number of times, then works again", async () => {
    standIn.failNext("chat.postMessage", "not_in_channel", 2);
    const web = client();
    expect(await slackError(web.chat.postMessage({ channel: GENERAL, text: "a" }))).toBe("not_in_channel");
    expect(await slackError(web.chat.postMessage({ channel: GENERAL, text: "b" }))).toBe("not_in_channel");
    expect(await slackError(web.chat.postMessage({ channel: GENERAL, text: "c" }))).toBe("ok");
    expect(
      standIn
        .apiCalls("chat.postMessage")
        .slice(-3)
        .map((c) => c.outcome),
    ).toEqual([{ error: "not_in_channel" }, { error: "not_in_channel" }, "ok"]);
  });

  it("answers 429 with Retry-After, which the WebClient waits out and retries", async () => {
    standIn.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 1 });
    const web = client({ retries: 1 });
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    const before = standIn.apiCalls("chat.postMessage").length;

    const result = await web.chat.postMessage({ channel: GENERAL, text: "after the limit" });

    expect(result.ok).toBe(true);
    expect(rateLimited).toEqual([1]);
    const calls = standIn.apiCalls("chat.postMessage").slice(before);
    expect(calls.map((c) => c.outcome)).toEqual([{ status: 429 }, "ok"]);
    expect(standIn.messages(GENERAL).filter((m) => m.text === "after the limit")).toHaveLength(1);
  });

  it("answers HTTP 500, which the WebClient reports as an HTTP error", async () => {
    standIn.failNext("views.publish", { status: 500 });
    const error = await client()
      .views.publish({ user_id: STAND_IN_DEFAULTS.userId, view: { type: "home", blocks: [] } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
  });

  it("can lose the answer after doing the work: the message is posted, the caller hears 500", async () => {
    standIn.failNext("chat.postMessage", { status: 500, afterRunning: true });
    const error = await client()
      .chat.postMessage({ channel: GENERAL, text: "posted, answer lost" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect(standIn.messages(GENERAL).filter((m) => m.text === "posted, answer lost")).toHaveLength(1);
    expect(standIn.apiCalls("chat.postMessage").at(-1)?.outcome).toEqual({ status: 500 });
  });
});
