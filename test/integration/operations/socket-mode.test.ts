/**
 * The real bot in Socket Mode (an app-level token, no signing secret): it asks the Slack stand-in for a
 * WebSocket URL, connects, and takes commands and clicks as envelopes on that socket, while its own HTTP
 * server on PORT still answers /healthz and /metrics.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, startSlackStandIn } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBot, startBot } from "../../../src/bot.js";
import { loadConfig } from "../../../src/config.js";
import { ACTION_IDS } from "../../../src/views/executions/action-ids.js";
import { button, textOf } from "../../helpers/blocks.js";
import { captureLogs } from "../../helpers/log-capture.js";
import { type RefusalWatch, stopWatching, watchRefusals } from "../../helpers/refused-blocks.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";
import { openRaw, statusOf } from "../security/raw-http.js";

let sim: Simulator;
let slack: SlackStandIn;
let refusals: RefusalWatch | undefined;
let bot: RunningBot;
let dir: string;
let port: number;
const { lines: logs, destination } = captureLogs();

/** A port nothing listens on right now: the receiver's HTTP server cannot report the one it got for 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Whether anything accepts TCP connections on the port. */
function listening(onPort: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(onPort, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

beforeAll(async () => {
  sim = await startSimulator({ apiKey: TEST_SECRETS.apiKey });
  slack = await startSlackStandIn({});
  refusals = watchRefusals(slack);
  dir = mkdtempSync(join(tmpdir(), "executions-bot-socket-"));
  port = await freePort();
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
    SLACK_APP_TOKEN: TEST_SECRETS.appToken,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    MIXPEEK_API_KEY: TEST_SECRETS.apiKey,
    MIXPEEK_BASE_URL: sim.url,
    MIXPEEK_NAMESPACE: "demo",
    // Budgets have tests of their own; elsewhere the budget must never be what a test measures.
    MIXPEEK_MAX_REQUESTS_PER_MINUTE: "1000000",
    DATABASE_URL: join(dir, "bot.db"),
    LOG_LEVEL: "debug",
  });
  // HTTP mode's limits, shortened so the slow-client test waits for them rather than for 10 s.
  bot = await startBot(config, {
    logDestination: destination,
    http: { headersTimeoutMs: 300, requestTimeoutMs: 600 },
  });
});
afterAll(async () => {
  await bot?.stop();
  await slack?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (refusals) stopWatching(refusals);
});

describe("a bot in Socket Mode", () => {
  it("connects through apps.connections.open with its app-level token", () => {
    expect(bot.deps.config.slack.mode).toBe("socket");
    expect(slack.socketConnected()).toBe(true);
    const opens = slack.apiCalls("apps.connections.open");
    expect(opens).toHaveLength(1);
    expect(opens[0]?.outcome).toBe("ok");
    expect(opens[0]?.token).toBe(true);
  });

  it("acks /executions <retriever> on the socket and shows the list through the response_url", async () => {
    const reply = await slack.slashCommand({ text: "product-search" });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe("");
    const shown = await slack.waitFor(() => slack.shownBy(reply.responseUrlId));
    expect(textOf(shown.blocks)).toContain("product-search");
    expect(textOf(shown.blocks)).toMatch(/1–10 of \d+/);
    expect(shown.ephemeralTo).toBeDefined();

    const next = button(shown.blocks, ACTION_IDS.nextPage);
    expect(next).toBeDefined();
    const before = slack.responses().length;
    const click = await slack.blockAction({ responseUrlId: reply.responseUrlId, action: next! });
    expect(click.status).toBe(200);
    await slack.waitFor(() => slack.responses().length > before);
    expect(slack.responses().at(-1)?.body.replace_original).toBe(true);
    expect(textOf(slack.shownBy(reply.responseUrlId)?.blocks)).toMatch(/11–20/);
  });

  it("answers /executions help in the ack itself", async () => {
    const reply = await slack.slashCommand({ text: "help" });
    expect(reply.status).toBe(200);
    const json = reply.json as { response_type: string; blocks: unknown[] };
    expect(json.response_type).toBe("ephemeral");
    expect(textOf(json.blocks)).toContain("subscribe");
    // The ack's message is shown to the person, as Slack does with an HTTP reply body.
    expect(textOf(slack.shownBy(reply.responseUrlId)?.blocks)).toContain("subscribe");
  });

  it("serves /healthz and /metrics on PORT", async () => {
    expect(bot.port).toBe(port);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
    const metrics = await fetch(`${bot.url}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/executions_bot_requests_total\{type="command",name="list",outcome="ok"\} 1/);
    expect(text).toMatch(/executions_bot_requests_total\{type="command",name="help",outcome="ok"\} 1/);
  });

  it("cuts off a client on PORT whose headers do not arrive in time, and keeps serving /healthz", async () => {
    const raw = await openRaw(bot.port);
    raw.socket.write("GET /healthz HTTP/1.1\r\nHost: bot\r\n");
    const answer = await raw.closed;
    expect(statusOf(answer)).toBe(408);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it("reconnects through apps.connections.open when Slack drops the socket", async () => {
    await slack.dropSocket();
    expect(slack.socketConnected()).toBe(false);
    // The client waits its client ping timeout (5 s by default) before it asks for a new URL.
    await slack.waitFor(() => slack.socketConnected(), 15_000);
    expect(slack.apiCalls("apps.connections.open")).toHaveLength(2);
    const [first, second] = slack.socketConnections();
    expect(first).toMatchObject({ closeCode: 1000, dropped: true });
    expect(second?.closedAt).toBeUndefined();

    const reply = await slack.slashCommand({ text: "video-moments limit:2" });
    expect(reply.status).toBe(200);
    const shown = await slack.waitFor(() => slack.shownBy(reply.responseUrlId));
    expect(textOf(shown.blocks)).toContain("video-moments");
  });

  it("never logs the app-level token, even in an error that carries it", () => {
    bot.deps.logger.error({ err: new Error(`refused ${TEST_SECRETS.appToken}`) }, "socket refused");
    const all = logs.join("");
    expect(all).toContain("apps.connections.open");
    expect(all).toContain('"message":"refused [redacted]"');
    for (const secret of Object.values(TEST_SECRETS)) expect(all).not.toContain(secret);
  });

  it("stops promptly: closes its socket properly and stops listening on PORT", async () => {
    const started = performance.now();
    await bot.stop();
    expect(performance.now() - started).toBeLessThan(5_000);
    // stop() waits for the client's side of the close handshake; the stand-in sees the TCP close just after.
    await slack.waitFor(() => !slack.socketConnected());
    const last = slack.socketConnections().at(-1);
    expect(last).toMatchObject({ closeCode: 1000, dropped: false });
    expect(await listening(port)).toBe(false);
    expect(slack.apiCalls("apps.connections.open")).toHaveLength(2);
  });
});
