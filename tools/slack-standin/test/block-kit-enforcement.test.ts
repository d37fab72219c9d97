/**
 * The stand-in refuses what Slack refuses, on every way a message or view reaches it, with Slack's answer
 * (error code, JSON pointers) and a record a test harness can fail on.
 */
import { STAND_IN_DEFAULTS } from "@executions-bot/slack-standin";
import { WebClient } from "@slack/web-api";
import { beforeEach, describe, expect, it } from "vitest";
import {
  freshTriggerId as freshTriggerIdFrom,
  manualClock,
  silentLogger,
  standInWithFakeBot,
} from "./helpers.js";

const SECRET = "block-kit-enforcement-secret";
const GENERAL = STAND_IN_DEFAULTS.channels[0].id;
const USER = STAND_IN_DEFAULTS.userId;

const running = standInWithFakeBot(SECRET, manualClock().now);
beforeEach(() => {
  running.bot.answerWith(() => ({}));
});

const md = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text });
const section = (text: string) => ({ type: "section", text: md(text) });
const dividers = (n: number) => Array.from({ length: n }, () => ({ type: "divider" }));
const modal = (blocks: unknown[]) => ({ type: "modal", title: plain("Details"), blocks });
const home = (blocks: unknown[]) => ({ type: "home", blocks });
/** A section one character past Slack's 3000. */
const TOO_LONG = section("x".repeat(3001));
const TOO_LONG_PROBLEM = "is 3001 chars (max 3000)";

/** Calls a Web API method with a JSON body, as the WebClient can, and returns Slack's answer as sent. */
async function call(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${running.standIn.apiUrl}${method}`, {
    method: "POST",
    headers: { authorization: "Bearer xoxb-stand-in", "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(args),
  });
  return (await response.json()) as Record<string, unknown>;
}

const freshTriggerId = () => freshTriggerIdFrom(running.standIn, running.bot);

async function openModal(): Promise<string> {
  const opened = await call("views.open", {
    trigger_id: await freshTriggerId(),
    view: modal([section("v1")]),
  });
  return (opened.view as { id: string }).id;
}

function lastRefusal() {
  const refusal = running.standIn.refusals().at(-1);
  if (!refusal) throw new Error("nothing was refused");
  return refusal;
}

/** Slack's answer to a message whose blocks break one rule. */
function invalidBlocks(pointer: string, problem: string) {
  return {
    ok: false,
    error: "invalid_blocks",
    errors: [`${problem} [json-pointer:${pointer}]`],
    response_metadata: { messages: [`[ERROR] ${problem} [json-pointer:${pointer}]`] },
  };
}

/** Slack's answer to a view that breaks one rule: views answer invalid_arguments. */
function invalidView(pointer: string, problem: string) {
  return {
    ok: false,
    error: "invalid_arguments",
    response_metadata: { messages: [`[ERROR] ${problem} [json-pointer:${pointer}]`] },
  };
}

describe("messages through the Web API", () => {
  const surfaces: Array<[string, () => Promise<Record<string, unknown>>]> = [
    ["chat.postMessage", async () => ({ channel: GENERAL })],
    ["chat.postEphemeral", async () => ({ channel: GENERAL, user: USER })],
    [
      "chat.update",
      async () => {
        const posted = await call("chat.postMessage", { channel: GENERAL, text: "before" });
        return { channel: GENERAL, ts: posted.ts };
      },
    ],
  ];

  it.each(surfaces)(
    "%s refuses a section past 3000 chars, pointing at it, and changes nothing",
    async (method, target) => {
      const args = await target();
      const before = JSON.stringify([running.standIn.messages(), running.standIn.ephemerals()]);
      const answer = await call(method, { ...args, text: "fallback", blocks: [section("ok"), TOO_LONG] });
      expect(answer).toEqual(invalidBlocks("/blocks/1/text/text", TOO_LONG_PROBLEM));
      expect(JSON.stringify([running.standIn.messages(), running.standIn.ephemerals()])).toBe(before);
      expect(lastRefusal()).toMatchObject({
        via: method,
        error: "invalid_blocks",
        problems: [`/blocks/1/text/text: ${TOO_LONG_PROBLEM}`],
        channel: GENERAL,
      });
    },
  );

  it.each(surfaces)("%s takes a message at the limits", async (method, target) => {
    const args = await target();
    const refused = running.standIn.refusals().length;
    const answer = await call(method, { ...args, text: "fallback", blocks: [section("y".repeat(3000))] });
    expect(answer.ok).toBe(true);
    expect(running.standIn.refusals()).toHaveLength(refused);
  });

  it("allows 50 blocks in a message, not 51", async () => {
    expect((await call("chat.postMessage", { channel: GENERAL, text: "t", blocks: dividers(50) })).ok).toBe(
      true,
    );
    expect(await call("chat.postMessage", { channel: GENERAL, text: "t", blocks: dividers(51) })).toEqual(
      invalidBlocks("/blocks", "has 51 blocks (max 50)"),
    );
  });

  it("lists every broken rule, each with its pointer", async () => {
    const blocks = [{ type: "header", text: plain("h".repeat(151)) }, { type: "mystery" }];
    const answer = await call("chat.postMessage", { channel: GENERAL, text: "t", blocks });
    expect((answer.response_metadata as { messages: string[] }).messages).toEqual([
      "[ERROR] is 151 chars (max 150) [json-pointer:/blocks/0/text/text]",
      '[ERROR] unknown block type "mystery" [json-pointer:/blocks/1/type]',
    ]);
  });

  it("answers Slack's own errors, without pointers, for text and size", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ text: "x".repeat(40_001) }, "msg_too_long"],
      [{ text: "t", blocks: [1, 2, 3, 4, 5].map(() => section("z".repeat(2900))) }, "msg_blocks_too_long"],
      [{ text: "" }, "no_text"],
      [{ text: "t", blocks: "[not json" }, "invalid_blocks_format"],
    ];
    for (const [args, error] of cases) {
      expect(await call("chat.postMessage", { channel: GENERAL, ...args })).toEqual({ ok: false, error });
      expect(lastRefusal()).toMatchObject({ via: "chat.postMessage", error });
    }
  });

  it("checks what the WebClient sends too: blocks JSON-encoded in a form body", async () => {
    const web = new WebClient("xoxb-stand-in", {
      slackApiUrl: running.standIn.apiUrl,
      logger: silentLogger,
      retryConfig: { retries: 0 },
    });
    const error = await web.chat
      .postMessage({ channel: GENERAL, text: "t", blocks: [TOO_LONG] as never })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ data: invalidBlocks("/blocks/0/text/text", TOO_LONG_PROBLEM) });
  });
});

describe("views", () => {
  it("views.open refuses a modal past 100 blocks under /view/blocks, and takes 100", async () => {
    const triggerId = await freshTriggerId();
    expect(await call("views.open", { trigger_id: triggerId, view: modal(dividers(101)) })).toEqual(
      invalidView("/view/blocks", "has 101 blocks (max 100)"),
    );
    expect(lastRefusal()).toMatchObject({ via: "views.open", error: "invalid_arguments" });
    expect(lastRefusal().channel).toBeUndefined();
    expect((await call("views.open", { trigger_id: triggerId, view: modal(dividers(100)) })).ok).toBe(true);
  });

  it("views.update refuses a modal with an over-long block and keeps the modal as it was", async () => {
    const id = await openModal();
    const answer = await call("views.update", { view_id: id, view: modal([TOO_LONG]) });
    expect(answer).toEqual(invalidView("/view/blocks/0/text/text", TOO_LONG_PROBLEM));
    expect(running.standIn.views().find((v) => v.id === id)?.blocks).toEqual([section("v1")]);
    expect(lastRefusal()).toMatchObject({
      via: "views.update",
      problems: [`/view/blocks/0/text/text: ${TOO_LONG_PROBLEM}`],
    });
  });

  it("views.push refuses a modal whose title is past 24 chars", async () => {
    await openModal();
    const view = { ...modal([section("pushed")]), title: plain("t".repeat(25)) };
    expect(await call("views.push", { trigger_id: await freshTriggerId(), view })).toEqual(
      invalidView("/view/title/text", "is 25 chars (max 24)"),
    );
  });

  it("views.publish refuses a Home tab past 100 blocks, and takes 100", async () => {
    expect(await call("views.publish", { user_id: USER, view: home(dividers(101)) })).toEqual(
      invalidView("/view/blocks", "has 101 blocks (max 100)"),
    );
    expect(lastRefusal()).toMatchObject({ via: "views.publish" });
    expect((await call("views.publish", { user_id: USER, view: home(dividers(100)) })).ok).toBe(true);
  });
});

describe("replies to the user", () => {
  async function respond(responseUrlId: string, body: Record<string, unknown>) {
    const response = await fetch(`${running.standIn.url}/response/${responseUrlId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.text() };
  }

  it("a response_url post past the limits is refused with 400, shows nothing, and is recorded with its pointer", async () => {
    const { responseUrlId } = await running.standIn.slashCommand({ text: "r" });
    const refused = await respond(responseUrlId, { text: "t", blocks: [section("ok"), TOO_LONG] });
    expect(refused.status).toBe(400);
    // Slack's hooks name the error only; the pointer is in the stand-in's record.
    expect(JSON.parse(refused.body)).toEqual({ ok: false, error: "invalid_blocks" });
    expect(running.standIn.shownBy(responseUrlId)).toBeUndefined();
    expect(lastRefusal()).toMatchObject({
      via: "response_url",
      error: "invalid_blocks",
      problems: [`/blocks/1/text/text: ${TOO_LONG_PROBLEM}`],
      channel: GENERAL,
    });

    expect(await respond(responseUrlId, { text: "t", blocks: [section("ok")] })).toEqual({
      status: 200,
      body: "ok",
    });
    expect(running.standIn.shownBy(responseUrlId)?.blocks).toEqual([section("ok")]);
  });

  it("a slash command's acknowledgement past the limits is refused and recorded", async () => {
    running.bot.answerWith(() => ({
      contentType: "application/json",
      body: JSON.stringify({ text: "t", blocks: dividers(51) }),
    }));
    const reply = await running.standIn.slashCommand({ text: "r" });
    expect(reply.ackError).toBe("invalid_blocks");
    expect(running.standIn.shownBy(reply.responseUrlId)).toBeUndefined();
    expect(lastRefusal()).toMatchObject({
      via: "command_ack",
      problems: ["/blocks: has 51 blocks (max 50)"],
    });
  });

  it("a view_submission answer that updates the modal past the limits is refused and recorded", async () => {
    const id = await openModal();
    running.bot.answerWith(() => ({
      contentType: "application/json",
      body: JSON.stringify({ response_action: "update", view: modal([TOO_LONG]) }),
    }));
    await running.standIn.viewSubmission({ viewId: id });
    expect(running.standIn.views().find((v) => v.id === id)?.blocks).toEqual([section("v1")]);
    expect(lastRefusal()).toMatchObject({
      via: "view_submission",
      problems: [`/view/blocks/0/text/text: ${TOO_LONG_PROBLEM}`],
    });
  });
});
