import type { AddressInfo } from "node:net";
import type { SlackStandIn } from "@executions-bot/slack-standin";
import { STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import type { RespondFn } from "@slack/bolt";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedHeaders } from "../src/signing.js";

const SECRET = "bolt-round-trip-secret";
let standIn: SlackStandIn;
let app: App;
const respondErrors: unknown[] = [];

/** A real Bolt 5 app that only knows the stand-in through its URLs, as the bot will. */
function buildApp(apiUrl: string): App {
  const bolt = new App({
    token: "xoxb-round-trip",
    receiver: new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR }),
    clientOptions: { slackApiUrl: apiUrl },
    logLevel: LogLevel.ERROR,
  });
  bolt.command("/executions", async ({ ack, respond, command }) => {
    await ack();
    await respond({
      text: `Executions of ${command.text}`,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `Executions of *${command.text}*` } },
        {
          type: "actions",
          block_id: "paging",
          elements: [
            { type: "button", action_id: "next", text: { type: "plain_text", text: "Next" }, value: "10" },
          ],
        },
      ],
    });
  });
  bolt.action("next", async ({ ack, respond, body }) => {
    await ack();
    const offset =
      body.type === "block_actions" && body.actions[0]?.type === "button" ? body.actions[0].value : "";
    await respond({ replace_original: true, text: `From ${offset}` });
  });
  bolt.action("spam", async ({ ack, respond }) => {
    await ack();
    await respondSixTimes(respond);
  });
  bolt.command("/subscribe", async ({ ack, client, command }) => {
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: {
        type: "modal",
        callback_id: "sub",
        title: { type: "plain_text", text: "Subscribe" },
        blocks: [],
      },
    });
  });
  return bolt;
}

async function respondSixTimes(respond: RespondFn): Promise<void> {
  try {
    for (let i = 0; i < 6; i++) await respond({ text: `try ${i}`, replace_original: true });
  } catch (error) {
    respondErrors.push(error);
  }
}

beforeAll(async () => {
  standIn = await startSlackStandIn({ signingSecret: SECRET });
  app = buildApp(standIn.apiUrl);
  const server = await app.start({ port: 0, host: "127.0.0.1" });
  standIn.setBotUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
});
afterAll(async () => {
  await app.stop();
  await standIn.close();
});

describe("a Bolt app driven by the stand-in", () => {
  it("runs a command, answers through the response URL, and pages on a click", async () => {
    const command = await standIn.slashCommand({ text: "my-retriever" });
    expect(command.status).toBe(200);
    const list = await standIn.waitFor(() => standIn.shownBy(command.responseUrlId));
    expect(list).toMatchObject({ text: "Executions of my-retriever", ephemeralTo: STAND_IN_DEFAULTS.userId });

    const click = await standIn.blockAction({
      responseUrlId: command.responseUrlId,
      action: { action_id: "next", block_id: "paging", value: "10" },
    });
    expect(click.status).toBe(200);
    await standIn.waitFor(() => standIn.shownBy(command.responseUrlId)?.text === "From 10");
    expect(standIn.shownBy(command.responseUrlId)).toMatchObject({ ts: list.ts, edited: 1 });
    expect(standIn.apiCalls("auth.test").length).toBeGreaterThan(0);
  });

  it("opens a modal with the command's trigger ID", async () => {
    await standIn.slashCommand({ command: "/subscribe", text: "" });
    const opened = await standIn.waitFor(() => standIn.views().find((v) => v.callback_id === "sub"));
    expect(opened.type).toBe("modal");
    expect(standIn.apiCalls("views.open").at(-1)?.outcome).toBe("ok");
  });

  it("makes Bolt's respond() throw once a response URL is used up", async () => {
    const command = await standIn.slashCommand({ text: "r" });
    await standIn.waitFor(() => standIn.shownBy(command.responseUrlId));
    await standIn.blockAction({ responseUrlId: command.responseUrlId, action: { action_id: "spam" } });
    const [error] = await standIn.waitFor(() => respondErrors.length > 0 && respondErrors);
    expect(error).toMatchObject({ code: "slack_bolt_respond_error" });
  });

  it("is refused by Bolt when the signature is forged or the timestamp stale", async () => {
    const body = "command=%2Fexecutions&text=x";
    const forged = await standIn.sendRaw(body, {
      "Content-Type": "application/x-www-form-urlencoded",
      ...signedHeaders("wrong-secret", body, Math.floor(Date.now() / 1000)),
    });
    expect(forged.status).toBe(401);
    const stale = await standIn.sendRaw(body, {
      "Content-Type": "application/x-www-form-urlencoded",
      ...signedHeaders(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60),
    });
    expect(stale.status).toBe(401);
  });
});
