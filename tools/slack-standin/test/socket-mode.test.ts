import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SlackStandIn } from "@executions-bot/slack-standin";
import { STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { envelopeFor, SocketModeServer } from "../src/socket-mode.js";
import { silentLogger } from "./helpers.js";

const APP_TOKEN = "xapp-1-A0STANDIN-unit";

/** A bare Socket Mode client on `ws`: every message it gets, and the pings. */
async function connectRaw(url: string) {
  const socket = new WebSocket(url);
  const messages: Array<Record<string, unknown>> = [];
  let pings = 0;
  socket.on("message", (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  socket.on("ping", () => {
    pings += 1;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return {
    socket,
    messages,
    pings: () => pings,
    ack(envelopeId: unknown, payload?: Record<string, unknown>): void {
      socket.send(JSON.stringify({ envelope_id: envelopeId, ...(payload ? { payload } : {}) }));
    },
    closed: () => new Promise<number>((resolve) => socket.once("close", (code) => resolve(code))),
  };
}

/** The HTTP status the stand-in refuses an upgrade with, or "open" when it accepts it. */
function upgradeOutcome(url: string): Promise<number | "open"> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    socket.once("open", () => {
      socket.terminate();
      resolve("open");
    });
    socket.once("error", () => {});
  });
}

describe("envelopeFor", () => {
  it("turns a slash command's form into a slash_commands payload of its fields", () => {
    const body = new URLSearchParams({ command: "/executions", text: "a b", trigger_id: "T1" }).toString();
    expect(envelopeFor(body, "application/x-www-form-urlencoded")).toEqual({
      type: "slash_commands",
      payload: { command: "/executions", text: "a b", trigger_id: "T1" },
    });
  });

  it("unwraps an interaction's payload field and keeps an event's JSON body", () => {
    const interaction = new URLSearchParams({ payload: JSON.stringify({ type: "block_actions" }) });
    expect(envelopeFor(interaction.toString(), "application/x-www-form-urlencoded")).toEqual({
      type: "interactive",
      payload: { type: "block_actions" },
    });
    expect(envelopeFor('{"type":"event_callback"}', "application/json")).toEqual({
      type: "events_api",
      payload: { type: "event_callback" },
    });
  });
});

describe("the Socket Mode protocol, seen by a bare client", () => {
  let standIn: SlackStandIn;
  let web: WebClient;
  const open: Array<{ socket: WebSocket }> = [];

  async function connect() {
    const answer = await web.apps.connections.open();
    const client = await connectRaw(String(answer.url));
    open.push(client);
    await standIn.waitFor(() => client.messages.length > 0);
    return client;
  }

  beforeAll(async () => {
    standIn = await startSlackStandIn({ socketPingIntervalMs: 50 });
    web = new WebClient(APP_TOKEN, { slackApiUrl: standIn.apiUrl, logger: silentLogger });
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.socket.terminate();
  });
  afterAll(async () => {
    await standIn.close();
  });

  it("hands out a one-use WebSocket URL on the stand-in for an app-level token only", async () => {
    const answer = await web.apps.connections.open();
    expect(answer.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket-mode\?ticket=[\w-]+&app_id=A0STANDIN$/);
    expect(await upgradeOutcome(String(answer.url))).toBe("open");
    expect(await upgradeOutcome(String(answer.url))).toBe(401);
    expect(await upgradeOutcome(String(answer.url).replace(/ticket=[\w-]+/, "ticket=forged"))).toBe(401);

    const botToken = new WebClient("xoxb-not-an-app-token", {
      slackApiUrl: standIn.apiUrl,
      logger: silentLogger,
      retryConfig: { retries: 0 },
    });
    await expect(botToken.apps.connections.open()).rejects.toMatchObject({
      data: { error: "not_allowed_token_type" },
    });
    expect(standIn.apiCalls("apps.connections.open").map((c) => c.outcome)).toEqual([
      "ok",
      { error: "not_allowed_token_type" },
    ]);
  });

  it("says hello first and pings the client", async () => {
    const client = await connect();
    expect(client.messages[0]).toEqual({
      type: "hello",
      num_connections: expect.any(Number),
      debug_info: expect.any(Object),
      connection_info: { app_id: STAND_IN_DEFAULTS.appId },
    });
    expect(standIn.socketConnected()).toBe(true);
    await standIn.waitFor(() => client.pings() >= 2);
  });

  it("sends a slash command as an envelope and returns the ack's payload as the reply", async () => {
    const client = await connect();
    const replying = standIn.slashCommand({ text: "help" });
    const envelope = await standIn.waitFor(() => client.messages.find((m) => m.type === "slash_commands"));
    expect(envelope).toMatchObject({
      envelope_id: expect.any(String),
      accepts_response_payload: true,
      payload: { command: "/executions", text: "help", user_id: STAND_IN_DEFAULTS.userId },
    });
    client.ack(envelope.envelope_id, { text: "How to use it", response_type: "ephemeral" });
    const reply = await replying;
    expect(reply).toMatchObject({ status: 200, json: { text: "How to use it" } });
    expect(JSON.parse(reply.body)).toEqual({ text: "How to use it", response_type: "ephemeral" });
    // Shown to the person like an HTTP reply body.
    expect(standIn.shownBy(reply.responseUrlId)?.text).toBe("How to use it");
  });

  it("reads an empty ack as an empty reply body, as HTTP mode would", async () => {
    const client = await connect();
    const replying = standIn.appHomeOpened();
    const envelope = await standIn.waitFor(() => client.messages.find((m) => m.type === "events_api"));
    expect(envelope).toMatchObject({
      accepts_response_payload: false,
      retry_attempt: 0,
      payload: { type: "event_callback", event: { type: "app_home_opened" } },
    });
    client.ack(envelope.envelope_id);
    expect(await replying).toMatchObject({ status: 200, body: "", json: undefined });
  });

  it("rejects a delivery whose socket closes before the ack", async () => {
    const client = await connect();
    const replying = standIn.slashCommand({ text: "never acked" });
    await standIn.waitFor(() => client.messages.some((m) => m.type === "slash_commands"));
    client.socket.terminate();
    await expect(replying).rejects.toThrow(/closed before the ack/);
    await expect(standIn.slashCommand({ text: "x" })).rejects.toThrow(/no bot URL/);
  });

  it("asks the client to leave with a disconnect message, and records who ended each connection", async () => {
    const client = await connect();
    const closed = client.closed();
    const dropping = standIn.dropSocket("disconnect");
    const disconnect = await standIn.waitFor(() => client.messages.find((m) => m.type === "disconnect"));
    expect(disconnect.reason).toBe("refresh_requested");
    client.socket.close(1000);
    await dropping;
    expect(await closed).toBe(1000);
    expect(standIn.socketConnections().at(-1)).toMatchObject({ closeCode: 1000, dropped: true });
    expect(standIn.socketConnected()).toBe(false);
    await expect(standIn.dropSocket()).rejects.toThrow(/No bot is connected/);
  });
});

describe("SocketModeServer on its own", () => {
  it("gives up on an envelope nobody acks", async () => {
    const server = createServer();
    const sockets = new SocketModeServer({ now: () => new Date(), appId: "A1", ackTimeoutMs: 50 });
    sockets.attach(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = await connectRaw(sockets.issueUrl(base));
    await expect(sockets.deliver("events_api", { type: "event_callback" })).rejects.toThrow(
      /did not ack events_api envelope within 50 ms/,
    );
    // A late ack is ignored rather than mistaken for another envelope's.
    client.ack(client.messages.at(-1)?.envelope_id, { text: "late" });
    await sockets.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe("choosing the transport", () => {
  it("goes over HTTP when told to, even with a socket open", async () => {
    const standIn = await startSlackStandIn({ signingSecret: "s", transport: "http" });
    const web = new WebClient(APP_TOKEN, { slackApiUrl: standIn.apiUrl, logger: silentLogger });
    const client = await connectRaw(String((await web.apps.connections.open()).url));
    await standIn.waitFor(() => standIn.socketConnected());
    await expect(standIn.slashCommand({ text: "x" })).rejects.toThrow(/no bot URL/);
    client.socket.terminate();
    await standIn.close();
  });

  it("goes over the socket when told to, and says so when none is open", async () => {
    const standIn = await startSlackStandIn({ transport: "socket", botUrl: "http://127.0.0.1:9/unused" });
    await expect(standIn.slashCommand({ text: "x" })).rejects.toThrow(/No bot is connected/);
    await standIn.close();
  });

  it("needs a signing secret only to send over HTTP", async () => {
    const standIn = await startSlackStandIn({ botUrl: "http://127.0.0.1:9/unused" });
    await expect(standIn.slashCommand({ text: "x" })).rejects.toThrow(/no signing secret/);
    await standIn.close();
  });
});
