/**
 * The check that fails a bot test when the Slack stand-in refused its blocks: first the watch itself on a
 * bare stand-in, then a real bot test file run in a vitest of its own, where a refusal must fail the test.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type SlackStandIn, startSlackStandIn } from "@executions-bot/slack-standin";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RefusalWatch } from "./refused-blocks.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

let slack: SlackStandIn;
let client: WebClient;

beforeAll(async () => {
  slack = await startSlackStandIn({});
  client = new WebClient("xoxb-refusal-test", { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await slack.close();
});

const pastTheLimit = [{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }];

/** What the bot's WebClient does with a message: send it, and carry on if Slack says no. */
async function post(blocks: unknown[]): Promise<void> {
  await client.chat
    .postMessage({ channel: "C0ALERTS", text: "alert", blocks: blocks as never })
    .catch(() => {});
}

describe("RefusalWatch", () => {
  it("names each refusal since the last check with its pointer, then starts afresh", async () => {
    const watch = new RefusalWatch(slack);
    await post(pastTheLimit);
    expect(() => watch.check()).toThrow(
      "unannounced: chat.postMessage in C0ALERTS: invalid_blocks (/blocks/0/text/text: is 3001 chars (max 3000))",
    );
    expect(() => watch.check()).not.toThrow();
  });

  it("lets a test announce refusals, and holds it to the count", async () => {
    const watch = new RefusalWatch(slack);
    watch.expect(1);
    await post(pastTheLimit);
    expect(watch.problems()).toEqual([]);

    watch.expect(2);
    await post(pastTheLimit);
    expect(watch.problems()).toEqual(["announced 2, refused 1"]);

    watch.expect(1);
    await post(pastTheLimit);
    await post(pastTheLimit);
    expect(watch.problems()).toHaveLength(1);
  });

  it("passes what Slack takes, and a failure the test scripted itself", async () => {
    const watch = new RefusalWatch(slack);
    await post([{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3000) } }]);
    slack.failNext("chat.postMessage", "invalid_blocks");
    await post([{ type: "divider" }]);
    expect(watch.problems()).toEqual([]);
  });
});

interface JsonReport {
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

/** Runs the fixture bot tests (fixtures/refused-blocks.fixture.ts) in a vitest of their own. */
function runFixture(): Promise<JsonReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "node_modules/vitest/vitest.mjs",
        "run",
        "--config",
        "test/helpers/fixtures/vitest.config.ts",
        "--reporter=json",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", () => {
      try {
        resolve(JSON.parse(stdout) as JsonReport);
      } catch {
        reject(new Error(`the fixture run printed no report:\n${stderr}`));
      }
    });
  });
}

describe("a bot test whose stand-in refused blocks", () => {
  it("fails, unless it announced the refusal", async () => {
    const report = await runFixture();
    const results = Object.fromEntries(
      report.testResults.flatMap((file) => file.assertionResults).map((r) => [r.title, r]),
    );
    expect(results["unannounced refusal"]?.status).toBe("failed");
    expect(results["unannounced refusal"]?.failureMessages.join("\n")).toContain(
      "chat.postMessage in C0ALERTS: invalid_blocks (/blocks/0/text/text: is 3001 chars (max 3000))",
    );
    expect(results["announced refusal"]?.status).toBe("passed");
    expect(results["announced refusal that never came"]?.status).toBe("failed");
    expect(results["nothing refused"]?.status).toBe("passed");
  }, 60_000);
});
