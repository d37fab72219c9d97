/**
 * Digests end to end: the Mixpeek simulator and bots on a clock the test moves, the Slack stand-in, and a
 * database of the test's own (SQLite or PostgreSQL) that every bot started here shares, as replicas or
 * as one bot restarted. Rounds run when the test calls them: the schedulers' own ticks are far apart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { openStore } from "../../../src/alerts/store/index.js";
import type { AlertStore } from "../../../src/alerts/store/types.js";
import { type RunningBot, startBot } from "../../../src/bot.js";
import { loadConfig } from "../../../src/config.js";
import { createTestDatabase, type TestBackend, type TestDatabase } from "../../helpers/databases.js";
import { type RefusalWatch, stopWatching, watchRefusals } from "../../helpers/refused-blocks.js";
import { botDatabaseUrl } from "../../helpers/replica-process.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";

export const TEAM = STAND_IN_DEFAULTS.teamId;
export const GENERAL = STAND_IN_DEFAULTS.channels[0].id;

export class Clock {
  constructor(private ms: number) {}
  now = (): Date => new Date(this.ms);
  set(date: Date): void {
    this.ms = date.getTime();
  }
}

export interface DigestWorld {
  sim: Simulator;
  slack: SlackStandIn;
  refusals: RefusalWatch;
  clock: Clock;
  database: TestDatabase;
  store: AlertStore;
  logs: string[];
  /** A bot process's worth of parts on the shared database, with its own id. */
  startBot(id: string): Promise<RunningBot>;
  close(): Promise<void>;
}

export async function startDigestWorld(backend: TestBackend, start: Date): Promise<DigestWorld> {
  const clock = new Clock(start.getTime());
  const sim = await startSimulator({ apiKey: TEST_SECRETS.apiKey, now: clock.now });
  // Requests are signed on the real clock: Bolt checks their age against it.
  const slack = await startSlackStandIn({
    signingSecret: TEST_SECRETS.signingSecret,
    channels: channels(24),
  });
  const refusals = watchRefusals(slack);
  const database = await createTestDatabase(backend);
  const store = await openStore(database.url, { schema: database.schema, poolSize: 4 });
  const dir = mkdtempSync(join(tmpdir(), "executions-bot-digests-"));
  const logs: string[] = [];
  const bots: RunningBot[] = [];
  return {
    sim,
    slack,
    refusals,
    clock,
    database,
    store,
    logs,
    async startBot(id) {
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
        DATABASE_URL: botDatabaseUrl(database),
        REPLICA_ID: id,
        WATCH_INTERVAL_SECONDS: "3600",
        LOG_LEVEL: "info",
      });
      const bot = await startBot(config, {
        logDestination: { write: (line: string) => logs.push(line) },
        now: clock.now,
        digests: { tickMs: 3_600_000, staleMs: 5 * 60_000 },
      });
      slack.setBotUrl(`${bot.url}/slack/events`);
      bots.push(bot);
      return bot;
    },
    async close() {
      for (const bot of bots) await bot.stop();
      stopWatching(refusals);
      await store.close();
      await slack.close();
      await sim.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function channels(count: number) {
  return [
    ...STAND_IN_DEFAULTS.channels.map((channel) => ({ ...channel })),
    ...Array.from({ length: count }, (_, i) => ({
      id: `C0TEAM${String(i).padStart(2, "0")}`,
      name: `team-${i}`,
    })),
  ];
}
