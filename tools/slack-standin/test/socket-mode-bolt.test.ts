/** A real Bolt 5 app in Socket Mode, knowing the stand-in only by its API URL, as the bot in Socket Mode. */

import type { SlackStandIn } from "@executions-bot/slack-standin";
import { STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { App, SocketModeReceiver } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "./helpers.js";

let standIn: SlackStandIn;
let app: App;
const received: string[] = [];

function buildApp(apiUrl: string): App {
  const receiver = new SocketModeReceiver({
    appToken: "xapp-1-bolt-socket",
    // The client waits this long before reconnecting (5 s by default); short keeps the drop tests quick.
    clientPingTimeout: 300,
    installerOptions: { clientOptions: { slackApiUrl: apiUrl } },
    // Cutting the connection on purpose makes the client log errors.
    logger: silentLogger,
  });
  const bolt = new App({
    token: "xoxb-socket",
    receiver,
    clientOptions: { slackApiUrl: apiUrl },
    logger: silentLogger,
  });
  bolt.command("/executions", async ({ ack, respond, command }) => {
    received.push(`command ${command.text}`);
    if (command.text === "help") return ack({ response_type: "ephemeral", text: "How to use /executions" });
    await ack();
    await respond({ text: `Executions of ${command.text}` });
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
  bolt.action("next", async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: "Page 2" });
  });
  bolt.options("retriever", async ({ ack, options }) => {
    await ack({ options: [{ text: { type: "plain_text", text: `${options.value}-search` }, value: "r1" }] });
  });
  bolt.view("sub", async ({ ack, view }) => {
    const empty = Object.keys(view.state.values).length === 0;
    await ack(empty ? { response_action: "errors", errors: { retriever: "Pick one" } } : undefined);
  });
  bolt.event("app_home_opened", async ({ event, client }) => {
    received.push(`home ${event.user}`);
    await client.views.publish({ user_id: event.user, view: { type: "home", blocks: [] } });
  });
  return bolt;
}

beforeAll(async () => {
  standIn = await startSlackStandIn({});
  app = buildApp(standIn.apiUrl);
  await app.start();
});
afterAll(async () => {
  await app.stop();
  // Bolt's stop() does not wait for the close handshake (the bot's ClosingSocketModeReceiver does).
  await standIn.waitFor(() => !standIn.socketConnected());
  await standIn.close();
});

describe("a Bolt app in Socket Mode driven by the stand-in", () => {
  it("is connected once start() resolves", () => {
    expect(standIn.socketConnected()).toBe(true);
    expect(standIn.apiCalls("apps.connections.open")).toHaveLength(1);
  });

  it("runs a command over the socket, answers through the response URL, and pages on a click", async () => {
    const command = await standIn.slashCommand({ text: "my-retriever" });
    expect(command).toMatchObject({ status: 200, body: "" });
    const list = await standIn.waitFor(() => standIn.shownBy(command.responseUrlId));
    expect(list).toMatchObject({ text: "Executions of my-retriever", ephemeralTo: STAND_IN_DEFAULTS.userId });

    const click = await standIn.blockAction({
      responseUrlId: command.responseUrlId,
      action: { action_id: "next" },
    });
    expect(click).toMatchObject({ status: 200, body: "" });
    await standIn.waitFor(() => standIn.shownBy(command.responseUrlId)?.text === "Page 2");
  });

  it("returns what the app acked with as the reply: a message, options, a response_action", async () => {
    const help = await standIn.slashCommand({ text: "help" });
    expect(help.json).toEqual({ response_type: "ephemeral", text: "How to use /executions" });
    expect(standIn.shownBy(help.responseUrlId)?.text).toBe("How to use /executions");

    const options = await standIn.blockSuggestion({ actionId: "retriever", value: "product" });
    expect(options.json).toEqual({
      options: [{ text: { type: "plain_text", text: "product-search" }, value: "r1" }],
    });

    await standIn.slashCommand({ command: "/subscribe", text: "" });
    const modal = await standIn.waitFor(() =>
      standIn.views().find((v) => v.callback_id === "sub" && !v.closed),
    );
    const refused = await standIn.viewSubmission({ viewId: modal.id });
    expect(refused.json).toMatchObject({ response_action: "errors" });
    expect(standIn.views().find((v) => v.id === modal.id)?.closed).toBe(false);
    const accepted = await standIn.viewSubmission({
      viewId: modal.id,
      values: { retriever: { pick: { type: "static_select", selected_option: { value: "r1" } } } },
    });
    expect(accepted.body).toBe("");
    expect(standIn.views().find((v) => v.id === modal.id)?.closed).toBe(true);
  });

  it("delivers events as events_api envelopes", async () => {
    const reply = await standIn.appHomeOpened();
    expect(reply).toMatchObject({ status: 200, body: "" });
    await standIn.waitFor(() => standIn.homeView());
    expect(received).toContain(`home ${STAND_IN_DEFAULTS.userId}`);
  });

  it.each(["disconnect", "close", "terminate"] as const)(
    "reconnects through apps.connections.open after a %s",
    async (how) => {
      const opens = standIn.apiCalls("apps.connections.open").length;
      await standIn.dropSocket(how);
      expect(standIn.socketConnected()).toBe(false);
      await standIn.waitFor(() => standIn.socketConnected(), 5_000);
      expect(standIn.apiCalls("apps.connections.open")).toHaveLength(opens + 1);
      const reply = await standIn.slashCommand({ text: `after-${how}` });
      await standIn.waitFor(
        () => standIn.shownBy(reply.responseUrlId)?.text === `Executions of after-${how}`,
      );
    },
  );

  it("sees the app close its socket properly when it stops", async () => {
    await app.stop();
    await standIn.waitFor(() => !standIn.socketConnected());
    expect(standIn.socketConnections().at(-1)).toMatchObject({ closeCode: 1000, dropped: false });
    // Started again so afterAll's stop has a connection to close, as the other tests leave it.
    await app.start();
    expect(standIn.socketConnected()).toBe(true);
  });
});
