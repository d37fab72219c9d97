/** Message metadata, conversations.history and conversations.replies in the stand-in, through a real WebClient. */

import type { SlackStandIn } from "@executions-bot/slack-standin";
import { startSlackStandIn } from "@executions-bot/slack-standin";
import { ErrorCode, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock, silentLogger } from "./helpers.js";

const clock = manualClock(Date.parse("2025-03-01T12:00:00.000Z"));
let standIn: SlackStandIn;
let web: WebClient;

const channels = ["C0META", "C0HISTORY", "C0PAGES", "C0THREAD", "C0EMPTY"];
const metadata = (ids: string) => ({ event_type: "test_event", event_payload: { ids } });

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

/** Posts `text` a second after the previous post, so each message has a ts of its own second. */
async function post(channel: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  clock.advance(1000);
  const result = await web.chat.postMessage({ channel, text, ...extra });
  return result.ts ?? "";
}

const texts = (messages: unknown) => (messages as Array<{ text?: string }>).map((m) => m.text);

beforeAll(async () => {
  standIn = await startSlackStandIn({
    now: clock.now,
    channels: channels.map((id) => ({ id, name: id.toLowerCase() })),
  });
  web = new WebClient("xoxb-stand-in", {
    slackApiUrl: standIn.apiUrl,
    logger: silentLogger,
    retryConfig: { retries: 0 },
  });
});
afterAll(async () => {
  await standIn.close();
});

describe("message metadata", () => {
  it("is kept with the message, answered back, and survives an update that leaves it out", async () => {
    const posted = await web.chat.postMessage({
      channel: "C0META",
      text: "tagged",
      metadata: metadata("1,2"),
    });
    expect(posted.message?.metadata).toEqual(metadata("1,2"));
    expect(standIn.apiCalls("chat.postMessage").at(-1)?.args.metadata).toEqual(metadata("1,2"));

    await web.chat.update({ channel: "C0META", ts: posted.ts ?? "", text: "tagged, edited" });
    const [stored] = standIn.messages("C0META");
    expect(stored).toMatchObject({ text: "tagged, edited", metadata: metadata("1,2") });
  });

  it("is refused without an event type or with a payload that is not an object", async () => {
    const bad = [{ event_payload: {} }, { event_type: "x", event_payload: "nope" }, "not json"];
    for (const value of bad) {
      const call = web.apiCall("chat.postMessage", { channel: "C0META", text: "x", metadata: value });
      expect(await slackError(call)).toBe("invalid_metadata_format");
    }
    expect(standIn.messages("C0META")).toHaveLength(1);
  });
});

describe("conversations.history", () => {
  let ts: string[] = [];
  beforeAll(async () => {
    const first = await post("C0HISTORY", "one", { metadata: metadata("1") });
    await post("C0HISTORY", "reply to one", { thread_ts: first });
    const second = await post("C0HISTORY", "two");
    const lastReply = await post("C0HISTORY", "another reply", { thread_ts: first });
    const third = await post("C0HISTORY", "three", { metadata: metadata("3") });
    ts = [first, second, third, lastReply];
  });

  it("lists top-level messages newest first, with thread facts on parents", async () => {
    const result = await web.conversations.history({ channel: "C0HISTORY" });
    expect(texts(result.messages)).toEqual(["three", "two", "one"]);
    expect(result.has_more).toBe(false);
    expect(result.response_metadata?.next_cursor ?? "").toBe("");
    expect(result.messages?.[2]).toMatchObject({
      ts: ts[0],
      thread_ts: ts[0],
      reply_count: 2,
      latest_reply: ts[3],
    });
    expect(result.messages?.[1]?.reply_count).toBeUndefined();
  });

  it("gives metadata only to a caller that asks for it", async () => {
    const plain = await web.conversations.history({ channel: "C0HISTORY" });
    expect(plain.messages?.some((m) => "metadata" in m)).toBe(false);
    const full = await web.conversations.history({ channel: "C0HISTORY", include_all_metadata: true });
    expect(full.messages?.map((m) => m.metadata?.event_payload)).toEqual([
      { ids: "3" },
      undefined,
      { ids: "1" },
    ]);
  });

  it("keeps to oldest and latest, excluding both unless told to include them", async () => {
    const [first, second, third] = ts;
    const between = await web.conversations.history({ channel: "C0HISTORY", oldest: first, latest: third });
    expect(texts(between.messages)).toEqual(["two"]);
    const inclusive = await web.conversations.history({
      channel: "C0HISTORY",
      oldest: first,
      latest: third,
      inclusive: true,
    });
    expect(texts(inclusive.messages)).toEqual(["three", "two", "one"]);
    // A bound in whole seconds, as a caller computing it from a clock would send: a second before "two".
    const since = String(Math.floor(Number(second)) - 1);
    expect(
      texts((await web.conversations.history({ channel: "C0HISTORY", oldest: since })).messages),
    ).toEqual(["three", "two"]);
  });

  it("pages with limit and Slack's cursors until has_more is false", async () => {
    for (let i = 1; i <= 7; i++) await post("C0PAGES", `message ${i}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await web.conversations.history({
        channel: "C0PAGES",
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      pages += 1;
      seen.push(...texts(result.messages).map(String));
      cursor = result.has_more ? result.response_metadata?.next_cursor : undefined;
      if (result.has_more) expect(Buffer.from(cursor ?? "", "base64").toString()).toMatch(/^next_ts:\d+$/);
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((i) => `message ${i}`));
  });

  it("answers Slack's errors: unknown channel, bad cursor, and whatever a test scripts", async () => {
    expect(await slackError(web.conversations.history({ channel: "C0NOPE" }))).toBe("channel_not_found");
    expect(await slackError(web.conversations.history({ channel: "C0HISTORY", cursor: "bm9wZQ==" }))).toBe(
      "invalid_cursor",
    );
    standIn.failNext("conversations.history", "missing_scope");
    expect(await slackError(web.conversations.history({ channel: "C0HISTORY" }))).toBe("missing_scope");
    expect(standIn.apiCalls("conversations.history").at(-1)?.outcome).toEqual({ error: "missing_scope" });
    expect(texts((await web.conversations.history({ channel: "C0EMPTY" })).messages)).toEqual([]);
  });
});

describe("conversations.replies", () => {
  let parent = "";
  let replies: string[] = [];
  beforeAll(async () => {
    parent = await post("C0THREAD", "parent", { metadata: metadata("10") });
    replies = [];
    for (let i = 1; i <= 4; i++) {
      replies.push(
        await post("C0THREAD", `reply ${i}`, { thread_ts: parent, metadata: metadata(`${10 + i}`) }),
      );
    }
    await post("C0THREAD", "elsewhere");
  });

  it("lists the parent, then its replies oldest first, with metadata when asked", async () => {
    const result = await web.conversations.replies({
      channel: "C0THREAD",
      ts: parent,
      include_all_metadata: true,
    });
    expect(texts(result.messages)).toEqual(["parent", "reply 1", "reply 2", "reply 3", "reply 4"]);
    expect(result.messages?.[2]).toMatchObject({ ts: replies[1], thread_ts: parent });
    expect(result.messages?.map((m) => (m.metadata?.event_payload as { ids?: string })?.ids)).toEqual([
      "10",
      "11",
      "12",
      "13",
      "14",
    ]);
    const plain = await web.conversations.replies({ channel: "C0THREAD", ts: parent });
    expect(plain.messages?.some((m) => "metadata" in m)).toBe(false);
  });

  it("bounds the replies by oldest, and pages them", async () => {
    const recent = await web.conversations.replies({ channel: "C0THREAD", ts: parent, oldest: replies[1] });
    expect(texts(recent.messages)).toEqual(["parent", "reply 3", "reply 4"]);

    const first = await web.conversations.replies({ channel: "C0THREAD", ts: parent, limit: 2 });
    expect(texts(first.messages)).toEqual(["parent", "reply 1"]);
    expect(first.has_more).toBe(true);
    const second = await web.conversations.replies({
      channel: "C0THREAD",
      ts: parent,
      limit: 2,
      cursor: first.response_metadata?.next_cursor ?? "",
    });
    expect(texts(second.messages)).toEqual(["reply 2", "reply 3"]);
  });

  it("answers thread_not_found for a ts it does not know", async () => {
    expect(await slackError(web.conversations.replies({ channel: "C0THREAD", ts: "1.000001" }))).toBe(
      "thread_not_found",
    );
    expect(await slackError(web.conversations.replies({ channel: "C0META", ts: parent }))).toBe(
      "thread_not_found",
    );
  });
});
