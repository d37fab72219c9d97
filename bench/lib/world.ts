/**
 * Everything around the app under test, in the runner's process: the Mixpeek simulator, the Slack
 * stand-in (auth.test, response URLs, clicks) and the response sink. The bot and the bare Bolt app run in
 * child processes pointed at these, with the same signing secret and the same Slack URL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { type ChildServer, startChild } from "./child.js";
import { type ResponseSink, startResponseSink } from "./response-sink.js";

export const BENCH_SECRETS = {
  botToken: "xoxb-bench-0000-bot-token",
  signingSecret: "bench-signing-secret-0123456789",
  apiKey: "sk_bench_mixpeek_key_0123456789",
} as const;

export interface World {
  sim: Simulator;
  slack: SlackStandIn;
  sink: ResponseSink;
  /** A scratch directory for databases and log files; removed on close. */
  dir: string;
  /** Starts the real bot in a child (bench/serve-bot.ts); `env` adds to or overrides its configuration. */
  startBot(env?: Record<string, string>): Promise<ChildServer>;
  /** Starts the baseline: a bare Bolt app that only acks and responds (bench/serve-bare.ts). */
  startBare(): Promise<ChildServer>;
  close(): Promise<void>;
}

export async function startWorld(root: string): Promise<World> {
  const sim = await startSimulator({ apiKey: BENCH_SECRETS.apiKey });
  const slack = await startSlackStandIn({ signingSecret: BENCH_SECRETS.signingSecret });
  const sink = await startResponseSink({ slackOrigin: new URL(slack.apiUrl).origin });
  const dir = mkdtempSync(join(tmpdir(), "executions-bot-bench-"));
  const children: ChildServer[] = [];
  const passThrough = Object.fromEntries(
    ["HOME", "TMPDIR"].flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])),
  );
  const common = {
    ...passThrough,
    SLACK_BOT_TOKEN: BENCH_SECRETS.botToken,
    SLACK_SIGNING_SECRET: BENCH_SECRETS.signingSecret,
    SLACK_API_URL: sink.apiUrl,
    PORT: "0",
  };
  let bots = 0;
  const track = (child: ChildServer) => {
    children.push(child);
    return child;
  };
  return {
    sim,
    slack,
    sink,
    dir,
    async startBot(env = {}) {
      bots += 1;
      return track(
        await startChild(root, "serve-bot.ts", {
          ...common,
          MIXPEEK_API_KEY: BENCH_SECRETS.apiKey,
          MIXPEEK_BASE_URL: sim.url,
          MIXPEEK_NAMESPACE: "demo",
          // Budgets have tests of their own; elsewhere the budget must never be what a test measures.
          MIXPEEK_MAX_REQUESTS_PER_MINUTE: "1000000",
          DATABASE_URL: join(dir, `bot-${bots}.db`),
          LOG_LEVEL: "info",
          BENCH_LOG_FILE: join(dir, `bot-${bots}.log`),
          ...env,
        }),
      );
    },
    async startBare() {
      return track(
        await startChild(root, "serve-bare.ts", {
          ...common,
          BENCH_BOT_ID: STAND_IN_DEFAULTS.botId,
          BENCH_BOT_USER_ID: STAND_IN_DEFAULTS.botUserId,
        }),
      );
    },
    async close() {
      await Promise.all(children.map((child) => child.stop()));
      await sink.close();
      await slack.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
