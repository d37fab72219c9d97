/**
 * The watcher against real parts on loopback: the Mixpeek simulator, the Slack stand-in, a real database
 * (a SQLite file in a temporary directory, or a fresh PostgreSQL schema), the real Mixpeek client and a
 * real WebClient. Time is a clock the test moves; rounds run when the test calls `runRound()`, so every
 * step is deterministic.
 */
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, it } from "vitest";
import type { AlertStore, Subscription } from "../../../src/alerts/store/index.js";
import { openStore } from "../../../src/alerts/store/index.js";
import {
  AlertWatcher,
  type AlertWatcherOptions,
  watcherSettings,
} from "../../../src/alerts/watcher/index.js";
import { createLogger } from "../../../src/logger.js";
import { createMixpeekClient, type MixpeekClient } from "../../../src/mixpeek/client.js";
import { NamespaceAccess } from "../../../src/workspaces/namespaces.js";
import {
  createTestDatabase,
  postgresAvailable,
  type TestBackend,
  type TestDatabase,
} from "../../helpers/databases.js";
import { captureLogs } from "../../helpers/log-capture.js";
import { type RefusalWatch, stopWatching, watchRefusals } from "../../helpers/refused-blocks.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";

export const T0 = new Date("2025-03-01T12:00:00.000Z");
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const INTERVAL = MINUTE;
export const ALERTS = "C0ALERTS";
export const GENERAL = "C0GENERAL";
export const TEAM = STAND_IN_DEFAULTS.teamId;

const API_KEY = TEST_SECRETS.apiKey;
const BOT_TOKEN = TEST_SECRETS.botToken;

export class Clock {
  private ms: number;
  constructor(start: Date) {
    this.ms = start.getTime();
  }
  now = (): Date => new Date(this.ms);
  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}

/**
 * The backends every alert test runs on. PostgreSQL is left out, with the standard warning, when it is not
 * reachable, and fails the run instead when REQUIRE_POSTGRES=1 (see postgresAvailable).
 */
export async function watcherBackends(): Promise<{ backend: TestBackend; enabled: boolean }[]> {
  return [
    { backend: "sqlite", enabled: true },
    { backend: "postgres", enabled: await postgresAvailable() },
  ];
}

/**
 * One describe per backend; on a machine without PostgreSQL its half is a single skipped test saying so
 * (watcherBackends already failed the run if PostgreSQL was required).
 */
export function describeEachBackend(
  backends: { backend: TestBackend; enabled: boolean }[],
  body: (backend: TestBackend) => void,
): void {
  describe.each(backends)("on $backend", ({ backend, enabled }) => {
    if (!enabled) {
      it.skip("needs a reachable PostgreSQL", () => {});
      return;
    }
    body(backend);
  });
}

/** A fresh watcher harness (store, simulator, Slack stand-in) for each test of the enclosing describe. */
export function freshWatcherHarness(backend: TestBackend, use: (harness: WatcherHarness) => void): void {
  let current: WatcherHarness | undefined;
  beforeEach(async () => {
    current = await startWatcherHarness(backend);
    use(current);
  });
  afterEach(async () => {
    await current?.close();
  });
}

export interface WatcherHarness {
  /** Where the store lives: a SQLite file, or a PostgreSQL schema of this test's own. */
  database: TestDatabase;
  sim: Simulator;
  slack: SlackStandIn;
  /** Fails the test when the stand-in refuses what the watcher sent; `refusals.expect(n)` announces refusals. */
  refusals: RefusalWatch;
  store: AlertStore;
  clock: Clock;
  mixpeek: MixpeekClient;
  client: WebClient;
  logs: string[];
  /** A new watcher (a new process, as far as the store can tell) on the current store. */
  watcher(overrides?: Partial<AlertWatcherOptions>): AlertWatcher;
  /** Closes the store and opens the same database again, as a restarted process would. */
  reopenStore(): Promise<AlertStore>;
  subscribe(options?: {
    channel?: string;
    retriever?: string;
    mention?: string | null;
  }): Promise<Subscription>;
  /** The simulator's id for a retriever of the demo namespace (what /executions subscribe stores). */
  retrieverId(name: string): string;
  close(): Promise<void>;
}

export async function startWatcherHarness(backend: TestBackend = "sqlite"): Promise<WatcherHarness> {
  const clock = new Clock(T0);
  const sim = await startSimulator({ apiKey: API_KEY, now: clock.now });
  const slack = await startSlackStandIn({ signingSecret: "unused-signing-secret", now: clock.now });
  const refusals = watchRefusals(slack);
  const database = await createTestDatabase(backend);
  const open = () => openStore(database.url, { schema: database.schema, poolSize: 4 });
  let store = await open();
  const mixpeek = createMixpeekClient({
    baseUrl: sim.url,
    apiKey: API_KEY,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxTotalMs: 2000 },
  });
  // Quick retries keep the 429 test short; the retrying itself is the WebClient's own.
  const client = new WebClient(BOT_TOKEN, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
    logLevel: LogLevel.ERROR,
  });
  // Nothing is scrubbed here: the watcher's own lines must hold no secret at all, so the run-wide check
  // (test/global-setup.ts) would see one that only the bot's scrubbing hides in production.
  const { lines: logs, destination } = captureLogs();
  const logger = createLogger({ level: "debug", secrets: [], destination });
  let replicas = 0;
  const watchers: AlertWatcher[] = [];

  const harness: WatcherHarness = {
    database,
    sim,
    slack,
    refusals,
    get store() {
      return store;
    },
    clock,
    mixpeek,
    client,
    logs,
    watcher(overrides = {}) {
      replicas += 1;
      const watcher = new AlertWatcher({
        store,
        mixpeek,
        // As the bot runs by default: MIXPEEK_NAMESPACES unset, only the default namespace.
        namespaces: new NamespaceAccess("demo", undefined),
        slack: client,
        logger,
        now: clock.now,
        owner: `replica-${replicas}`,
        // A 5-minute lease: claims left by a "dead" watcher (one that runs no more rounds) count as
        // abandoned after 10 minutes, the timing these tests step the clock by.
        settings: watcherSettings({ intervalMs: INTERVAL, pageSize: 10, tickMs: 20, leaseMs: 5 * MINUTE }),
        ...overrides,
      });
      watchers.push(watcher);
      return watcher;
    },
    async reopenStore() {
      await store.close();
      store = await open();
      return store;
    },
    async subscribe(options = {}) {
      const name = options.retriever ?? "product-search";
      const known = sim.retrievers("demo").find((r) => r.retriever_name === name);
      const { subscription } = await store.subscribe({
        teamId: TEAM,
        channelId: options.channel ?? ALERTS,
        namespace: "demo",
        retrieverId: known?.retriever_id ?? name,
        retrieverName: name,
        mention: options.mention === undefined ? "<@U0DEVUSER>" : options.mention,
        createdBy: "U0DEVUSER",
        now: clock.now(),
      });
      return subscription;
    },
    retrieverId(name) {
      const known = sim.retrievers("demo").find((r) => r.retriever_name === name);
      if (!known) throw new Error(`no retriever ${name} in the simulator`);
      return known.retriever_id;
    },
    async close() {
      await Promise.all(watchers.map((w) => w.stop()));
      await store.close();
      await mixpeek.close();
      await slack.close();
      await sim.close();
      await database.drop();
      stopWatching(refusals);
    },
  };
  return harness;
}

/** Messages the bot posted in a channel, thread replies included. */
export function posted(h: WatcherHarness, channel = ALERTS) {
  return h.slack.messages(channel);
}

/** The failure alert of `run` claimed for `sub` by another process (`owner`), as a replica that died would leave it. */
export function claimAs(
  h: WatcherHarness,
  sub: Subscription,
  run: { execution_id: string; created_at: string },
  owner: string,
) {
  return h.store.claimAlert({
    kind: "failure",
    subscriptionId: sub.id,
    executionId: run.execution_id,
    executionCreatedAt: new Date(run.created_at),
    owner,
    now: h.clock.now(),
  });
}
