/** The process entry point as an operator meets it: bad configuration, a refused token, a clean stop. */
import { spawn } from "node:child_process";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, startSlackStandIn } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RefusalWatch, stopWatching, watchRefusals } from "../../helpers/refused-blocks.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";

function runMain(env: Record<string, string>, until?: (stdout: string) => boolean) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += String(d);
    if (until?.(stdout)) child.kill("SIGTERM");
  });
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let sim: Simulator;
let slack: SlackStandIn;
let refusals: RefusalWatch | undefined;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: TEST_SECRETS.apiKey });
  slack = await startSlackStandIn({ signingSecret: TEST_SECRETS.signingSecret });
  refusals = watchRefusals(slack);
});
afterAll(async () => {
  await slack?.close();
  await sim?.close();
  if (refusals) stopWatching(refusals);
});

const goodEnv = () => ({
  SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
  SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
  SLACK_API_URL: slack.apiUrl,
  MIXPEEK_API_KEY: TEST_SECRETS.apiKey,
  MIXPEEK_BASE_URL: sim.url,
  MIXPEEK_NAMESPACE: "demo",
  // Budgets have tests of their own; elsewhere the budget must never be what a test measures.
  MIXPEEK_MAX_REQUESTS_PER_MINUTE: "1000000",
  PORT: "0",
  DATABASE_URL: ":memory:",
});

describe("starting the bot", () => {
  it("stops with one line naming each missing or malformed variable, never a value", async () => {
    const { code, stderr, stdout } = await runMain({
      SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
      MIXPEEK_API_KEY: TEST_SECRETS.apiKey,
      PORT: "not-a-port",
    });
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/MIXPEEK_NAMESPACE is required/);
    expect(lines[0]).toMatch(/SLACK_SIGNING_SECRET/);
    expect(lines[0]).toMatch(/PORT is invalid/);
    expect(stderr + stdout).not.toContain(TEST_SECRETS.botToken);
    expect(stderr + stdout).not.toContain(TEST_SECRETS.apiKey);
  });

  it("says plainly when Slack refuses the bot token", async () => {
    const { code, stderr } = await runMain({ ...goodEnv(), SLACK_BOT_TOKEN: "not-a-slack-token" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect(stderr).not.toContain("not-a-slack-token");
  });

  it("starts, logs JSON, and stops cleanly on SIGTERM", async () => {
    const { code, stdout } = await runMain(goodEnv(), (out) => out.includes("executions-bot is running"));
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["executions-bot is running", "executions-bot stopped"]),
    );
    expect(stdout).not.toContain(TEST_SECRETS.botToken);
  });
});
