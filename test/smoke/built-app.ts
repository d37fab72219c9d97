/**
 * The production build as the Dockerfile runs it: `node dist/main.js`, configured from the
 * environment, against the simulator and the Slack stand-in. Run after `npm run build`
 * (`npm run test:built`); exits non-zero on any problem. BUILT_APP_DIR runs the build in another folder
 * (CI points it at the tree test/smoke/production-tree.ts makes the Dockerfile's way).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator } from "@executions-bot/mixpeek-simulator";
import { startSlackStandIn } from "@executions-bot/slack-standin";
import { TEST_SECRETS } from "../helpers/secrets.js";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const sim = await startSimulator({ apiKey: TEST_SECRETS.apiKey });
  const slack = await startSlackStandIn({ signingSecret: TEST_SECRETS.signingSecret });
  const dir = mkdtempSync(join(tmpdir(), "executions-bot-built-"));
  const port = await freePort();
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: process.env.BUILT_APP_DIR ?? process.cwd(),
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
      SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      MIXPEEK_API_KEY: TEST_SECRETS.apiKey,
      MIXPEEK_BASE_URL: sim.url,
      MIXPEEK_NAMESPACE: "demo",
      // Budgets have tests of their own; elsewhere the budget must never be what a test measures.
      MIXPEEK_MAX_REQUESTS_PER_MINUTE: "1000000",
      PORT: String(port),
      DATABASE_URL: join(dir, "bot.db"),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    await slack.waitFor(() => output.includes("executions-bot is running"), 15_000);
    slack.setBotUrl(`http://127.0.0.1:${port}/slack/events`);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (health.status !== 200) throw new Error(`/healthz answered ${health.status}: ${await health.text()}`);

    const reply = await slack.slashCommand({ text: "product-search limit:3" });
    if (reply.status !== 200) throw new Error(`the command was answered ${reply.status}`);
    const shown = await slack.waitFor(() => slack.shownBy(reply.responseUrlId), 10_000);
    if (!shown.text.includes("product-search")) throw new Error(`unexpected answer: ${shown.text}`);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    if (!metrics.includes('executions_bot_requests_total{type="command",name="list",outcome="ok"} 1')) {
      throw new Error("the command is missing from /metrics");
    }

    child.kill("SIGTERM");
    const code = await exited;
    if (code !== 0) throw new Error(`the bot exited with ${code} on SIGTERM`);
    if (output.includes(TEST_SECRETS.botToken) || output.includes(TEST_SECRETS.apiKey)) {
      throw new Error("a secret reached the log");
    }
    console.log("built app: started, answered /healthz, a command and /metrics, stopped cleanly on SIGTERM");
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    await slack.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`built app smoke test failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
