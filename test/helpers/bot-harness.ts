/**
 * The whole bot on loopback: the Mixpeek simulator, the Slack stand-in and the real bot between them,
 * configured exactly as main.ts would configure it from the environment. Every log line is kept so
 * tests can read them (and check that no secret ever reaches them).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, type SimulatorOptions, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, startSlackStandIn } from "@executions-bot/slack-standin";
import { type RunningBot, type StartBotOptions, startBot } from "../../src/bot.js";
import { loadConfig } from "../../src/config.js";
import type { RequestType } from "../../src/observability/labels.js";
import { captureLogs } from "./log-capture.js";
import { type RefusalWatch, stopWatching, watchRefusals } from "./refused-blocks.js";
import { TEST_SECRETS } from "./secrets.js";

export { TEST_SECRETS };

export interface Harness {
  sim: Simulator;
  slack: SlackStandIn;
  bot: RunningBot;
  /** Fails the test when the stand-in refuses what the bot sent; `refusals.expect(n)` announces refusals. */
  refusals: RefusalWatch;
  logs: string[];
  dir: string;
  /**
   * How many requests of this type (and name) the bot has finished: a request's outcome is logged after
   * its last answer, so once this counts a request, nothing more can come from it.
   */
  handled(type: RequestType, name?: string): number;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  simulator?: Partial<SimulatorOptions>;
  bot?: StartBotOptions;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ apiKey: TEST_SECRETS.apiKey, ...options.simulator });
  const slack = await startSlackStandIn({ signingSecret: TEST_SECRETS.signingSecret });
  const refusals = watchRefusals(slack);
  const dir = mkdtempSync(join(tmpdir(), "executions-bot-test-"));
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
    SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
    SLACK_API_URL: slack.apiUrl,
    PORT: "0",
    MIXPEEK_API_KEY: TEST_SECRETS.apiKey,
    MIXPEEK_BASE_URL: sim.url,
    MIXPEEK_NAMESPACE: "demo",
    // Budgets have tests of their own; elsewhere the budget must never be what a test measures.
    MIXPEEK_MAX_REQUESTS_PER_MINUTE: "1000000",
    DATABASE_URL: join(dir, "bot.db"),
    LOG_LEVEL: "debug",
    ...options.env,
  });
  // The bot scrubs what it derives from the config, as in production; the harness only keeps the lines.
  const { lines: logs, destination } = captureLogs();
  // Short retry waits keep fault tests quick; the retry logic itself is the real one.
  const bot = await startBot(config, {
    logDestination: destination,
    mixpeek: { retry: { baseDelayMs: 10, maxDelayMs: 50, maxTotalMs: 3000 }, timeouts: { responseMs: 5000 } },
    ...options.bot,
  });
  slack.setBotUrl(`${bot.url}/slack/events`);
  return {
    sim,
    slack,
    bot,
    refusals,
    logs,
    dir,
    handled(type, name) {
      return logs
        .map((line) => JSON.parse(line) as { event?: unknown; name?: unknown; outcome?: unknown })
        .filter(
          (line) =>
            line.event === type && (name === undefined || line.name === name) && line.outcome !== undefined,
        ).length;
    },
    async close() {
      await bot.stop();
      await slack.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
      stopWatching(refusals);
    },
  };
}
