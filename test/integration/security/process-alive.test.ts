/**
 * Issue 7, against the bot as it runs in production (`node src/main.ts`, configured by its environment):
 * a signed `payload=null` or JSON `null` ended the process. Now each is answered 400 and the same process
 * goes on answering.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, signedHeaders, startSlackStandIn } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ReplicaProcess, startReplica } from "../../helpers/replica-process.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";

let sim: Simulator;
let slack: SlackStandIn;
let bot: ReplicaProcess;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: TEST_SECRETS.apiKey });
  slack = await startSlackStandIn({ signingSecret: TEST_SECRETS.signingSecret });
  dir = mkdtempSync(join(tmpdir(), "executions-bot-alive-"));
  bot = await startReplica({
    id: "alive",
    env: {
      SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
      SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: "0",
      MIXPEEK_API_KEY: TEST_SECRETS.apiKey,
      MIXPEEK_BASE_URL: sim.url,
      MIXPEEK_NAMESPACE: "demo",
      DATABASE_URL: join(dir, "bot.db"),
    },
    readyTimeoutMs: 60_000,
  });
  slack.setBotUrl(`${bot.url}/slack/events`);
}, 90_000);
afterAll(async () => {
  await bot?.stop();
  await slack?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("answers a signed null body with 400, and the process goes on", async () => {
  const bodies = [
    ["payload=null", "application/x-www-form-urlencoded"],
    ["null", "application/json"],
  ] as const;
  for (const [body, contentType] of bodies) {
    const reply = await slack.sendRaw(body, {
      "content-type": contentType,
      ...signedHeaders(TEST_SECRETS.signingSecret, body, Math.floor(Date.now() / 1000)),
    });
    expect(reply.status).toBe(400);
  }
  const help = await slack.slashCommand({ text: "help" });
  expect(help.status).toBe(200);
  expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  const ended = await Promise.race([bot.exited.then(() => true), Promise.resolve(false)]);
  expect(ended).toBe(false);
}, 30_000);
