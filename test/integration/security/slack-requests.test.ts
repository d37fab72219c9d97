/**
 * Issue: what a signed request may do to the process. `payload=null` (or a JSON body `null`) made Bolt
 * dereference null in a promise nobody awaited, and the process ended; a signed request could be sent
 * again and again within Bolt's 5 minutes, or dated up to any time ahead; a body of any size was read.
 * Now: 400 for a body that is not an object, 401 for a replay or a timestamp more than 5 minutes ahead,
 * 413 for a body past the limit (by Content-Length, before it is sent), and the bot keeps answering.
 */
import { signedHeaders } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, TEST_SECRETS } from "../../helpers/bot-harness.js";
import { waitUntil } from "../../helpers/waiting.js";
import { openRaw, postRaw, statusOf } from "./raw-http.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const FORM = "application/x-www-form-urlencoded";
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A request signed with the app's real secret, as only Slack (or someone holding a signed one) can. */
function signed(body: string, contentType: string, timestamp = nowSeconds()) {
  return h.slack.sendRaw(body, {
    "content-type": contentType,
    ...signedHeaders(TEST_SECRETS.signingSecret, body, timestamp),
  });
}

/** `/executions help` from a user: answered in the ack, no Mixpeek call. Unique per call. */
let sent = 0;
function helpCommand(): string {
  sent += 1;
  return new URLSearchParams({
    command: "/executions",
    text: "help",
    user_id: "U0DEVUSER",
    channel_id: "C0GENERAL",
    team_id: "T0STANDIN",
    trigger_id: `trigger-${sent}`,
    response_url: `${h.slack.url}/response/none-${sent}`,
  }).toString();
}

async function stillAnswers(): Promise<void> {
  const reply = await signed(helpCommand(), FORM);
  expect(reply.status).toBe(200);
  expect(JSON.stringify(reply.json)).toContain("/executions");
  const health = await fetch(`${h.bot.url}/healthz`);
  expect(health.status).toBe(200);
}

describe("a signed body that is not an object", () => {
  const bodies: Array<[string, string, string]> = [
    ["payload=null", "payload=null", FORM],
    ["payload=[]", "payload=%5B%5D", FORM],
    ['payload="text"', "payload=%22text%22", FORM],
    ["payload=7", "payload=7", FORM],
    ["payload that is not JSON", "payload=%7B", FORM],
    ["a JSON body null", "null", "application/json"],
    ["a JSON body that is a list", "[1,2]", "application/json"],
    ["a JSON body that is not JSON", "{", "application/json"],
  ];

  it.each(bodies)("%s gets 400 and the bot goes on", async (_, body, contentType) => {
    const reply = await signed(body, contentType);
    expect(reply.status).toBe(400);
    await stillAnswers();
  });
});

describe("replays", () => {
  it("refuses the same signed request a second time", async () => {
    const body = helpCommand();
    const timestamp = nowSeconds();
    const before = h.handled("command");
    expect((await signed(body, FORM, timestamp)).status).toBe(200);
    const again = await signed(body, FORM, timestamp);
    expect(again.status).toBe(401);
    expect(again.body).toBe("");
    expect(h.handled("command")).toBe(before + 1);
    expect(h.logs.some((line) => line.includes('"reason":"replayed"'))).toBe(true);
  });

  it("refuses a timestamp more than 5 minutes ahead, and takes one within the window", async () => {
    const ahead = await signed(helpCommand(), FORM, nowSeconds() + 6 * 60);
    expect(ahead.status).toBe(401);
    const skewed = await signed(helpCommand(), FORM, nowSeconds() + 60);
    expect(skewed.status).toBe(200);
  });

  it("still refuses a forged signature and a stale timestamp", async () => {
    const body = helpCommand();
    const forged = await h.slack.sendRaw(body, {
      "content-type": FORM,
      "x-slack-request-timestamp": String(nowSeconds()),
      "x-slack-signature": `v0=${"0".repeat(64)}`,
    });
    expect(forged.status).toBe(401);
    expect((await signed(body, FORM, nowSeconds() - 6 * 60)).status).toBe(401);
    await stillAnswers();
  });
});

describe("Slack's SSL check, which comes unsigned", () => {
  /** A click on Next, answered through `response_url` (a note, as its value is not a page). */
  function nextPageClick(responseUrlId: string): string {
    return JSON.stringify({
      type: "block_actions",
      user: { id: "U0DEVUSER", username: "dev.user", name: "dev.user", team_id: "T0STANDIN" },
      api_app_id: "A0STANDIN",
      team: { id: "T0STANDIN", domain: "standin" },
      container: { type: "message", message_ts: "1700000000.000100", channel_id: "C0GENERAL" },
      channel: { id: "C0GENERAL", name: "general" },
      trigger_id: `trigger-${responseUrlId}`,
      response_url: `${h.slack.url}/response/${responseUrlId}`,
      actions: [
        {
          type: "button",
          block_id: "b",
          action_id: "executions_page_next",
          value: "not-a-page",
          action_ts: "1",
        },
      ],
    });
  }
  const postedTo = (id: string) => h.slack.responses().filter((r) => r.responseUrlId === id).length;

  it("is answered 200 alone", async () => {
    const reply = await h.slack.sendRaw("ssl_check=1&token=x", { "content-type": FORM });
    expect(reply.status).toBe(200);
  });

  it("does not run a click smuggled beside it", async () => {
    const before = h.handled("action");
    const smuggled = new URLSearchParams({ ssl_check: "1", payload: nextPageClick("smuggled-click") });
    const reply = await h.slack.sendRaw(smuggled.toString(), { "content-type": FORM });
    expect(reply.status).toBe(200);
    // The same click, signed, does run and answer: once it has, the smuggled one would have too.
    const body = new URLSearchParams({ payload: nextPageClick("signed-click") }).toString();
    expect((await signed(body, FORM)).status).toBe(200);
    await waitUntil(async () => (postedTo("signed-click") > 0 ? undefined : "the signed click"), 5000);
    await waitUntil(async () => (h.handled("action") > before ? undefined : "the signed click"), 5000);
    expect(postedTo("smuggled-click")).toBe(0);
    expect(h.handled("action")).toBe(before + 1);
  });

  // Bolt answers the first as an SSL check whatever it carries; the second it would read as a command.
  const smuggledCommands: Array<[string, () => URLSearchParams]> = [
    [
      "as form fields",
      () =>
        new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(helpCommand())), ssl_check: "1" }),
    ],
    [
      "as a payload",
      () =>
        new URLSearchParams({
          ssl_check: "1",
          payload: JSON.stringify(Object.fromEntries(new URLSearchParams(helpCommand()))),
        }),
    ],
  ];

  it.each(smuggledCommands)("does not run a command smuggled beside it %s", async (_, smuggled) => {
    const before = h.handled("command");
    const reply = await h.slack.sendRaw(smuggled().toString(), { "content-type": FORM });
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json ?? null)).not.toContain("/executions");
    await stillAnswers();
    await waitUntil(async () => (h.handled("command") > before ? undefined : "the signed command"), 5000);
    expect(h.handled("command")).toBe(before + 1);
  });
});

describe("other spellings of the events path", () => {
  // Bolt routes by the parsed URL's path: each of these reaches its events handler as /slack/events does.
  const targets = [
    "/slack/./events",
    "/slack/../slack/events",
    "/slack/events#x",
    "/slack/%2e/events",
    "/slack/%2E%2E/slack/events",
    "/./slack/events",
    "/slack\\events",
    "//bot/../slack/events",
    "http://elsewhere/slack/events",
  ];

  it.each(targets)("a replay sent to %s is refused", async (target) => {
    const body = helpCommand();
    const timestamp = nowSeconds();
    const headers = { "content-type": FORM, ...signedHeaders(TEST_SECRETS.signingSecret, body, timestamp) };
    const before = h.handled("command");
    expect((await signed(body, FORM, timestamp)).status).toBe(200);
    expect(await postRaw(h.bot.port, target, body, headers)).toBe(401);
    expect(h.handled("command")).toBe(before + 1);
  });

  it.each(targets)("a request sent first to %s is remembered like any other", async (target) => {
    const body = helpCommand();
    const timestamp = nowSeconds();
    const headers = { "content-type": FORM, ...signedHeaders(TEST_SECRETS.signingSecret, body, timestamp) };
    const before = h.handled("command");
    expect(await postRaw(h.bot.port, target, body, headers)).toBe(200);
    expect((await signed(body, FORM, timestamp)).status).toBe(401);
    expect(await postRaw(h.bot.port, target, body, headers)).toBe(401);
    expect(h.handled("command")).toBe(before + 1);
  });

  it.each(targets)("a forged signature sent to %s is refused", async (target) => {
    const body = helpCommand();
    const before = h.handled("command");
    const forged = { "content-type": FORM, "x-slack-request-timestamp": String(nowSeconds()) };
    expect(
      await postRaw(h.bot.port, target, body, { ...forged, "x-slack-signature": `v0=${"0".repeat(64)}` }),
    ).toBe(401);
    expect(h.handled("command")).toBe(before);
  });
});

describe("bodies over Slack's size", () => {
  it("are refused by their Content-Length, before the body is sent", async () => {
    const raw = await openRaw(h.bot.port);
    raw.socket.write(
      "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n" +
        "Content-Length: 50000000\r\n\r\n",
    );
    expect(statusOf(await raw.answer())).toBe(413);
    raw.end();
    await stillAnswers();
  });

  it("are refused while being read when they come without a length", async () => {
    const raw = await openRaw(h.bot.port);
    raw.socket.write(
      "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n" +
        "Transfer-Encoding: chunked\r\n\r\n",
    );
    const chunk = "x".repeat(64 * 1024);
    // Written until the bot answers (at most 2 MB, twice the limit).
    for (let i = 0; i < 32 && raw.received() === "" && !raw.socket.destroyed; i++) {
      raw.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(statusOf(await raw.answer())).toBe(413);
    raw.end();
    await stillAnswers();
  });
});
