import type { SlackStandIn } from "@executions-bot/slack-standin";
import { STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { verifySlackRequest } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ReceivedRequest } from "./helpers.js";
import { interactionPayload, silentLogger, startFakeBot } from "./helpers.js";

const SECRET = "user-actions-secret";
const [GENERAL, ALERTS] = STAND_IN_DEFAULTS.channels;
const USER = STAND_IN_DEFAULTS.userId;

let standIn: SlackStandIn;
let bot: Awaited<ReturnType<typeof startFakeBot>>;
let web: WebClient;

beforeAll(async () => {
  bot = await startFakeBot(SECRET);
  standIn = await startSlackStandIn({ signingSecret: SECRET });
  standIn.setBotUrl(bot.url);
  web = new WebClient("xoxb-test", { slackApiUrl: standIn.apiUrl, logger: silentLogger });
});
afterAll(async () => {
  await standIn.close();
  await bot.close();
});
beforeEach(() => bot.answerWith(() => ({})));

function expectSignedForm(request: ReceivedRequest): void {
  expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  expect(request.signatureValid).toBe(true);
  // Bolt's own verifier must accept it too, since the real bot runs it.
  verifySlackRequest({
    signingSecret: SECRET,
    body: request.body,
    headers: {
      "x-slack-request-timestamp": Number(request.headers["x-slack-request-timestamp"]),
      "x-slack-signature": String(request.headers["x-slack-signature"]),
    },
  });
}

describe("slash commands", () => {
  it("arrive signed and form-encoded with every field Slack sends", async () => {
    const reply = await standIn.slashCommand({ text: "my-retriever status:failed", channelId: ALERTS?.id });
    expect(reply.status).toBe(200);
    expect(reply.durationMs).toBeGreaterThan(0);
    const request = bot.last();
    expectSignedForm(request);
    const form = Object.fromEntries(new URLSearchParams(request.body));
    expect(form).toEqual({
      token: expect.any(String),
      team_id: STAND_IN_DEFAULTS.teamId,
      team_domain: STAND_IN_DEFAULTS.teamDomain,
      channel_id: ALERTS?.id,
      channel_name: ALERTS?.name,
      user_id: USER,
      user_name: STAND_IN_DEFAULTS.userName,
      command: "/executions",
      text: "my-retriever status:failed",
      api_app_id: STAND_IN_DEFAULTS.appId,
      is_enterprise_install: "false",
      response_url: `${standIn.url}/response/${reply.responseUrlId}`,
      trigger_id: expect.any(String),
    });
  });

  it("show the acknowledgement's message to the user, as Slack does", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "Loading…" } }];
    bot.answerWith(() => ({
      contentType: "application/json",
      body: JSON.stringify({ text: "Loading", blocks }),
    }));
    const reply = await standIn.slashCommand({ text: "r1" });
    expect(standIn.shownBy(reply.responseUrlId)).toMatchObject({
      text: "Loading",
      blocks,
      ephemeralTo: USER,
    });

    bot.answerWith(() => ({ body: "plain words" }));
    const plain = await standIn.slashCommand({ text: "r2" });
    expect(standIn.shownBy(plain.responseUrlId)?.text).toBe("plain words");

    bot.answerWith(() => ({ contentType: "application/json", body: JSON.stringify({ blocks: "nope" }) }));
    expect((await standIn.slashCommand({ text: "r3" })).ackError).toBe("invalid_blocks_format");
  });
});

describe("block actions", () => {
  it("on an ephemeral message continue its conversation through a fresh response URL", async () => {
    bot.answerWith(() => ({ contentType: "application/json", body: JSON.stringify({ text: "page 1" }) }));
    const command = await standIn.slashCommand({ text: "r" });
    const shown = standIn.shownBy(command.responseUrlId);

    const click = await standIn.blockAction({
      responseUrlId: command.responseUrlId,
      action: { action_id: "executions_next", block_id: "paging", value: '{"offset":10}' },
    });

    expect(click.responseUrlId).not.toBe(command.responseUrlId);
    expect(standIn.shownBy(click.responseUrlId)?.ts).toBe(shown?.ts);
    const request = bot.last();
    expectSignedForm(request);
    const payload = interactionPayload(request);
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: USER, username: STAND_IN_DEFAULTS.userName, team_id: STAND_IN_DEFAULTS.teamId },
      api_app_id: STAND_IN_DEFAULTS.appId,
      token: expect.any(String),
      container: { type: "message", message_ts: shown?.ts, channel_id: GENERAL?.id, is_ephemeral: true },
      trigger_id: expect.any(String),
      team: { id: STAND_IN_DEFAULTS.teamId, domain: STAND_IN_DEFAULTS.teamDomain },
      channel: { id: GENERAL?.id, name: GENERAL?.name },
      state: { values: {} },
      response_url: `${standIn.url}/response/${click.responseUrlId}`,
      actions: [
        {
          type: "button",
          action_id: "executions_next",
          block_id: "paging",
          value: '{"offset":10}',
          action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
        },
      ],
    });
    // Slack leaves the message out for ephemeral messages: it does not keep them.
    expect(payload).not.toHaveProperty("message");
  });

  it("on a channel message carry the message, and selects carry the selected option", async () => {
    const posted = await web.chat.postMessage({ channel: GENERAL?.id ?? "", text: "alert", blocks: [] });
    const option = { text: { type: "plain_text" as const, text: "Failed" }, value: "failed" };
    await standIn.blockAction({
      messageTs: posted.ts,
      action: { type: "static_select", action_id: "status_filter", selected_option: option },
      values: { filter: { status_filter: { type: "static_select", selected_option: option } } },
    });
    const payload = interactionPayload(bot.last());
    expect(payload).toMatchObject({
      container: { type: "message", message_ts: posted.ts, is_ephemeral: false },
      message: { type: "message", ts: posted.ts, text: "alert", bot_id: STAND_IN_DEFAULTS.botId },
      state: { values: { filter: { status_filter: { selected_option: option } } } },
      actions: [{ type: "static_select", action_id: "status_filter", selected_option: option }],
    });
  });
});

describe("views", () => {
  async function openModal(): Promise<string> {
    await standIn.slashCommand({ text: "open" });
    const triggerId = new URLSearchParams(bot.last().body).get("trigger_id") ?? "";
    const opened = await web.views.open({
      trigger_id: triggerId,
      view: {
        type: "modal",
        callback_id: "subscribe",
        private_metadata: "retriever=r1",
        title: { type: "plain_text", text: "Subscribe" },
        blocks: [{ type: "section", block_id: "b", text: { type: "mrkdwn", text: "x" } }],
      },
    });
    return opened.view?.id ?? "";
  }

  it("send view_submission with the view and its state, and close the modal on an empty answer", async () => {
    const viewId = await openModal();
    const values = { b: { channel: { type: "conversations_select", selected_conversation: GENERAL?.id } } };
    const reply = await standIn.viewSubmission({ viewId, values });
    expect(reply.status).toBe(200);
    expectSignedForm(bot.last());
    expect(interactionPayload(bot.last())).toMatchObject({
      type: "view_submission",
      team: { id: STAND_IN_DEFAULTS.teamId },
      user: { id: USER },
      api_app_id: STAND_IN_DEFAULTS.appId,
      token: expect.any(String),
      trigger_id: expect.any(String),
      view: { id: viewId, callback_id: "subscribe", private_metadata: "retriever=r1", state: { values } },
    });
    expect(standIn.views().find((v) => v.id === viewId)?.closed).toBe(true);
  });

  it("keep the modal open on errors and replace it on response_action update", async () => {
    const viewId = await openModal();
    bot.answerWith(() => ({
      contentType: "application/json",
      body: JSON.stringify({ response_action: "errors", errors: { b: "Pick a channel" } }),
    }));
    await standIn.viewSubmission({ viewId });
    expect(standIn.views().find((v) => v.id === viewId)?.closed).toBe(false);

    const updated = { type: "modal", title: { type: "plain_text", text: "Done" }, blocks: [] };
    bot.answerWith(() => ({
      contentType: "application/json",
      body: JSON.stringify({ response_action: "update", view: updated }),
    }));
    await standIn.viewSubmission({ viewId });
    expect(standIn.views().find((v) => v.id === viewId)).toMatchObject({
      closed: false,
      definition: updated,
    });
  });

  it("send block_suggestion for external selects and hand back the bot's options", async () => {
    const viewId = await openModal();
    const options = [{ text: { type: "plain_text", text: "r1" }, value: "r1" }];
    bot.answerWith(() => ({ contentType: "application/json", body: JSON.stringify({ options }) }));
    const reply = await standIn.blockSuggestion({ viewId, actionId: "retriever", blockId: "b", value: "r" });
    expect(reply.json).toEqual({ options });
    expectSignedForm(bot.last());
    expect(interactionPayload(bot.last())).toMatchObject({
      type: "block_suggestion",
      user: { id: USER },
      container: { type: "view", view_id: viewId },
      action_id: "retriever",
      block_id: "b",
      value: "r",
      view: { id: viewId },
    });
  });

  it("send app_home_opened as a signed JSON event with the published Home tab", async () => {
    const home = await web.views.publish({ user_id: USER, view: { type: "home", blocks: [] } });
    await standIn.appHomeOpened();
    const request = bot.last();
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.signatureValid).toBe(true);
    expect(JSON.parse(request.body)).toMatchObject({
      token: expect.any(String),
      team_id: STAND_IN_DEFAULTS.teamId,
      api_app_id: STAND_IN_DEFAULTS.appId,
      type: "event_callback",
      event_id: expect.any(String),
      event_time: expect.any(Number),
      event: { type: "app_home_opened", user: USER, tab: "home", view: { id: home.view?.id } },
    });
  });
});

describe("sendRaw", () => {
  it("sends exactly the headers given, so tests can forge signatures", async () => {
    const reply = await standIn.sendRaw("command=%2Fexecutions", {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Slack-Request-Timestamp": "1000",
      "X-Slack-Signature": "v0=forged",
    });
    expect(reply.status).toBe(200);
    expect(bot.last()).toMatchObject({ body: "command=%2Fexecutions", signatureValid: false });
    expect(bot.last().headers["x-slack-signature"]).toBe("v0=forged");
  });

  it("refuses to send before a bot URL is known", async () => {
    const lonely = await startSlackStandIn({ signingSecret: SECRET });
    await expect(lonely.slashCommand({ text: "x" })).rejects.toThrow(/no bot URL/);
    await lonely.close();
  });
});
