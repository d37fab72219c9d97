/**
 * The demo page's routes on the stand-in: the page and its script, and `/_standin/ui/*`, which must send
 * the bot the same signed requests a person's actions in Slack would.
 */

import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { interactionPayload, silentLogger, startFakeBot } from "../helpers.js";

const SECRET = "ui-routes-secret";
const [GENERAL, ALERTS] = STAND_IN_DEFAULTS.channels;

let standIn: SlackStandIn;
let bot: Awaited<ReturnType<typeof startFakeBot>>;
let simulator: Simulator;
let web: WebClient;

beforeAll(async () => {
  bot = await startFakeBot(SECRET);
  simulator = await startSimulator({ apiKey: "sk_ui_routes_test" });
  standIn = await startSlackStandIn({
    signingSecret: SECRET,
    botUrl: bot.url,
    ui: { commands: [{ command: "/executions", usageHint: "<retriever>" }], simulatorUrl: simulator.url },
  });
  web = new WebClient("xoxb-test", { slackApiUrl: standIn.apiUrl, logger: silentLogger });
});
afterAll(async () => {
  await standIn.close();
  await bot.close();
  await simulator.close();
});
beforeEach(() => bot.answerWith(() => ({})));

async function ui(name: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${standIn.url}/_standin/ui/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("the page", () => {
  it("is served with a strict content security policy", async () => {
    const page = await fetch(`${standIn.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await page.text();
    expect(html).toContain('src="/app.js"');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("gets its script bundled from the TypeScript sources, with nothing fetched from elsewhere", async () => {
    const script = await fetch(`${standIn.url}/app.js`);
    expect(script.headers.get("content-type")).toContain("text/javascript");
    const code = await script.text();
    expect(code).toContain("/_standin/events");
    expect(code).not.toMatch(/\bimport\s*\(?\s*["']https?:/);
    expect(code).not.toContain("innerHTML");
  });

  it("learns the viewer, the bot and the slash commands", async () => {
    const config = (await (await fetch(`${standIn.url}/_standin/ui/config`)).json()) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      viewer: { id: STAND_IN_DEFAULTS.userId, name: STAND_IN_DEFAULTS.userName },
      bot: { id: STAND_IN_DEFAULTS.botUserId },
      commands: [{ command: "/executions", usageHint: "<retriever>" }],
      playground: true,
    });
  });

  it("is not served unless the stand-in is asked to", async () => {
    const plain = await startSlackStandIn({ signingSecret: SECRET });
    try {
      expect((await fetch(`${plain.url}/`)).status).toBe(404);
      expect((await fetch(`${plain.url}/_standin/ui/config`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe("what a person does on the page", () => {
  it("sends a signed slash command with the text escaped as Slack escapes it", async () => {
    bot.answerWith(() => ({ contentType: "application/json", body: JSON.stringify({ text: "hi" }) }));
    const { status, json } = await ui("command", {
      channel: ALERTS.id,
      command: "/executions",
      text: "subscribe a&b mention:@dev.user",
    });
    expect(status).toBe(200);
    expect(json.ok).toBe(true);
    expect(bot.last().signatureValid).toBe(true);
    const form = new URLSearchParams(bot.last().body);
    expect(form.get("channel_id")).toBe(ALERTS.id);
    expect(form.get("text")).toBe(`subscribe a&amp;b mention:<@${STAND_IN_DEFAULTS.userId}|dev.user>`);
    // The acknowledgement body shows up as an ephemeral reply in that channel.
    expect(standIn.ephemerals().at(-1)).toMatchObject({ channel: ALERTS.id, text: "hi" });
  });

  it("reports a bot that fails the way Slack would", async () => {
    bot.answerWith(() => ({ status: 500 }));
    const { json } = await ui("command", { channel: GENERAL.id, command: "/executions", text: "x" });
    expect(json).toMatchObject({ ok: false, error: "http_500" });
  });

  it("refuses a malformed request with 400", async () => {
    const { status, json } = await ui("command", { channel: GENERAL.id });
    expect(status).toBe(400);
    expect(json.ok).toBe(false);
    expect((await ui("action", { messageTs: "1.000001" })).status).toBe(400);
  });

  it("clicks a button on an ephemeral message, with the message's input state", async () => {
    bot.answerWith(() => ({ contentType: "application/json", body: JSON.stringify({ text: "the list" }) }));
    await ui("command", { channel: GENERAL.id, command: "/executions", text: "list" });
    const ephemeralTs = standIn.ephemerals().at(-1)?.ts;
    expect(standIn.ephemerals().at(-1)).toMatchObject({ channel: GENERAL.id, text: "the list" });
    bot.answerWith(() => ({}));
    const values = { filters: { status: { type: "static_select", selected_option: { value: "failed" } } } };
    const { json } = await ui("action", {
      messageTs: ephemeralTs,
      action: { type: "button", action_id: "next", block_id: "paging", value: "page-2" },
      values,
    });
    expect(json.ok).toBe(true);
    const payload = interactionPayload(bot.last());
    expect(payload.container).toMatchObject({
      message_ts: ephemeralTs,
      channel_id: GENERAL.id,
      is_ephemeral: true,
    });
    expect(payload.actions).toMatchObject([{ action_id: "next", block_id: "paging", value: "page-2" }]);
    expect(payload.state).toEqual({ values });
  });

  it("passes the bot's options back for an external select", async () => {
    const options = [{ text: { type: "plain_text", text: "product-search" }, value: "ret_1" }];
    bot.answerWith(() => ({ contentType: "application/json", body: JSON.stringify({ options }) }));
    const { json } = await ui("suggestion", {
      channel: GENERAL.id,
      actionId: "search",
      blockId: "b",
      value: "prod",
    });
    expect(json.response).toEqual({ options });
    expect(interactionPayload(bot.last())).toMatchObject({
      type: "block_suggestion",
      action_id: "search",
      value: "prod",
    });
  });

  it("submits a modal and closes it; the close button closes a whole stack", async () => {
    bot.answerWith(() => ({ contentType: "application/json", body: JSON.stringify({}) }));
    await ui("command", { channel: GENERAL.id, command: "/executions", text: "" });
    const triggerId = new URLSearchParams(bot.last().body).get("trigger_id") ?? "";
    const opened = await web.views.open({
      trigger_id: triggerId,
      view: { type: "modal", title: { type: "plain_text", text: "Pick" }, blocks: [] },
    });
    const viewId = opened.view?.id ?? "";
    const values = { b: { a: { type: "plain_text_input", value: "typed" } } };
    const { json } = await ui("submit", { viewId, values });
    expect(json.ok).toBe(true);
    expect(interactionPayload(bot.last())).toMatchObject({
      type: "view_submission",
      view: { state: { values } },
    });
    expect(standIn.views().find((v) => v.id === viewId)?.closed).toBe(true);

    await ui("command", { channel: GENERAL.id, command: "/executions", text: "" });
    const second = new URLSearchParams(bot.last().body).get("trigger_id") ?? "";
    const root = await web.views.open({
      trigger_id: second,
      view: { type: "modal", title: { type: "plain_text", text: "1" }, blocks: [] },
    });
    const pushed = await web.views.push({
      trigger_id: second,
      view: { type: "modal", title: { type: "plain_text", text: "2" }, blocks: [] },
    });
    expect((await ui("close", { viewId: pushed.view?.id, all: true })).json.ok).toBe(true);
    expect(
      standIn
        .views()
        .filter((v) => [root.view?.id, pushed.view?.id].includes(v.id))
        .map((v) => v.closed),
    ).toEqual([true, true]);
  });

  it("opens the Home tab with app_home_opened", async () => {
    const { json } = await ui("home", {});
    expect(json.ok).toBe(true);
    expect(JSON.parse(bot.last().body)).toMatchObject({
      event: { type: "app_home_opened", user: STAND_IN_DEFAULTS.userId },
    });
  });

  it("posts the person's own message, escaped, in a channel or a thread", async () => {
    const { json } = await ui("message", { channel: GENERAL.id, text: "a <b> & @dev.user" });
    const message = standIn.messages(GENERAL.id).at(-1);
    expect(message).toMatchObject({
      ts: json.ts,
      user: STAND_IN_DEFAULTS.userId,
      text: `a &lt;b&gt; &amp; <@${STAND_IN_DEFAULTS.userId}|dev.user>`,
    });
    await ui("message", { channel: GENERAL.id, text: "reply", threadTs: json.ts });
    expect(standIn.messages(GENERAL.id).at(-1)).toMatchObject({ thread_ts: json.ts, text: "reply" });
  });
});

describe("the playground's simulator calls", () => {
  it("reach the simulator's control API", async () => {
    const state = (await (await fetch(`${standIn.url}/_standin/ui/sim/state`)).json()) as {
      namespaces: unknown[];
    };
    expect(state.namespaces.length).toBeGreaterThan(0);
    const latency = await fetch(`${standIn.url}/_standin/ui/sim/latency`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ms: 250 }),
    });
    expect(latency.status).toBe(200);
    expect(simulator.latency()).toBe(250);
    simulator.setLatency(0);
  });

  it("pass the simulator's refusals through", async () => {
    const bad = await fetch(`${standIn.url}/_standin/ui/sim/fail`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ namespace: "demo", retriever: "no-such-retriever" }),
    });
    expect(bad.status).toBe(404);
  });
});
