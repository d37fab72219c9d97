/**
 * The whole bot on one machine with no Slack workspace and no Mixpeek account: the Mixpeek simulator,
 * the Slack stand-in serving a Slack-like web page, and the real bot between them in HTTP mode. `npm run
 * demo` runs it; the browser tests start it in-process on free ports.
 */
import { randomBytes as cryptoRandomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import {
  type SlackStandIn,
  type SlashCommandInfo,
  STAND_IN_DEFAULTS,
  startSlackStandIn,
} from "@executions-bot/slack-standin";
import type { DestinationStream } from "pino";
import { type RunningBot, startBot } from "../../../src/bot.js";
import { loadConfig } from "../../../src/config.js";
import { slashCommandsFromManifest } from "./manifest.js";

export interface DemoOptions {
  /** Port of the web page; 0 picks a free one. The bot and the simulator always take free ports. */
  port?: number;
  host?: string;
  /** Seconds between new simulated runs (some failing); 0 turns them off. */
  trickleSeconds?: number;
  /** Share of new runs that fail, 0..1. */
  failureRate?: number;
  /** How often the bot checks subscribed retrievers for failures. */
  watchIntervalSeconds?: number;
  /** Where the bot keeps subscriptions; a temporary file, removed on close, when not given. */
  databaseUrl?: string;
  logLevel?: string;
  /** Where the bot's log lines go; stderr by default, so the terminal shows only the URL. */
  logDestination?: DestinationStream;
  /** Source of the generated secrets (signing secret, bot token, API key). */
  randomBytes?: (size: number) => Buffer;
  seed?: number;
  /** The Slack app manifest the composer reads its slash commands from. */
  manifestPath?: string;
}

export interface RunningDemo {
  /** The page to open, e.g. http://localhost:3000. */
  url: string;
  slack: SlackStandIn;
  simulator: Simulator;
  bot: RunningBot;
  close(): Promise<void>;
}

const DEFAULT_MANIFEST = new URL("../../../manifest/manifest.yml", import.meta.url);
const FALLBACK_COMMANDS: SlashCommandInfo[] = [{ command: "/executions", usageHint: "<retriever> · help" }];

function readCommands(path: string | URL): SlashCommandInfo[] {
  try {
    const found = slashCommandsFromManifest(readFileSync(path, "utf8"));
    return found.length > 0 ? found : FALLBACK_COMMANDS;
  } catch {
    return FALLBACK_COMMANDS;
  }
}

/**
 * The address to open, on `localhost`: a browser may refuse a loopback IP where it takes the name. Built
 * with URL, so a default port (80) is left out instead of leaving a dangling `localhost:`.
 */
export function pageUrl(standInUrl: string): string {
  const url = new URL(standInUrl);
  url.hostname = "localhost";
  return url.origin;
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const random = options.randomBytes ?? cryptoRandomBytes;
  const secrets = {
    signingSecret: random(16).toString("hex"),
    botToken: `xoxb-demo-${random(12).toString("hex")}`,
    apiKey: `sk_demo_${random(12).toString("hex")}`,
  };
  const trickleSeconds = options.trickleSeconds ?? 0;
  const cleanups: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  };

  try {
    const simulator = await startSimulator({
      apiKey: secrets.apiKey,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      trickle:
        trickleSeconds > 0
          ? { intervalMs: trickleSeconds * 1000, failureRate: options.failureRate ?? 0.3 }
          : false,
    });
    cleanups.push(() => simulator.close());

    // The bot starts after the page's server: the playground's "Send digests now" reaches it once it runs.
    let bot: RunningBot | undefined;
    const slack = await startSlackStandIn({
      signingSecret: secrets.signingSecret,
      port: options.port ?? 3000,
      host: options.host ?? "127.0.0.1",
      ui: {
        commands: readCommands(options.manifestPath ?? DEFAULT_MANIFEST),
        simulatorUrl: simulator.url,
        workspaceName: "Executions demo",
        sendDigests: async () => {
          if (!bot) return { posted: 0, skipped: 0, failed: 0 };
          return bot.deps.digests.sendNow(STAND_IN_DEFAULTS.teamId);
        },
      },
    });
    cleanups.push(() => slack.close());

    let databaseUrl = options.databaseUrl;
    if (databaseUrl === undefined) {
      const dir = mkdtempSync(join(tmpdir(), "executions-bot-demo-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      databaseUrl = join(dir, "demo.db");
    }

    const config = loadConfig({
      SLACK_BOT_TOKEN: secrets.botToken,
      SLACK_SIGNING_SECRET: secrets.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: "0",
      MIXPEEK_API_KEY: secrets.apiKey,
      MIXPEEK_BASE_URL: simulator.url,
      MIXPEEK_NAMESPACE: simulator.namespaces()[0]?.name ?? "demo",
      DATABASE_URL: databaseUrl,
      WATCH_INTERVAL_SECONDS: String(options.watchIntervalSeconds ?? 10),
      CACHE_TTL_SECONDS: "10",
      // The playground is clicked faster than a team would; the budget still applies, only larger.
      MIXPEEK_MAX_REQUESTS_PER_MINUTE: "300",
      LOG_LEVEL: options.logLevel ?? "warn",
    });
    const running = await startBot(config, { logDestination: options.logDestination ?? process.stderr });
    bot = running;
    cleanups.push(() => running.stop());
    slack.setBotUrl(`${running.url}/slack/events`);

    return { url: pageUrl(slack.url), slack, simulator, bot: running, close };
  } catch (error) {
    await close();
    throw error;
  }
}
