/**
 * What the bot processes under test talk to, run inside the test process: the Mixpeek simulator on the
 * real clock, the Slack stand-in, a database of the test's own, and a store opened on that database so the
 * test can subscribe channels and read the tables the replicas share.
 */

import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import type { AlertStore } from "../../src/alerts/store/index.js";
import { openStore } from "../../src/alerts/store/index.js";
import { createTestDatabase, type TestBackend, type TestDatabase } from "../helpers/databases.js";
import { type RefusalWatch, stopWatching, watchRefusals } from "../helpers/refused-blocks.js";
import { botDatabaseUrl, ReplicaGroup } from "../helpers/replica-process.js";
import { TEST_SECRETS } from "../helpers/secrets.js";

export const NAMESPACE = "demo";
export const TEAM = STAND_IN_DEFAULTS.teamId;

export interface WatchedRetriever {
  id: string;
  name: string;
  /** The channels subscribed to its failures. */
  channels: string[];
}

export interface ReplicaWorld {
  sim: Simulator;
  slack: SlackStandIn;
  /** Fails the test when the stand-in refuses what a replica sent. */
  refusals: RefusalWatch;
  database: TestDatabase;
  /** The test's own connection to the tables the replicas share. */
  store: AlertStore;
  replicas: ReplicaGroup;
  /** Adds `count` retrievers to the simulator and subscribes `channels(i)` to the i-th. */
  watchRetrievers(count: number, channels: (index: number) => string[]): Promise<WatchedRetriever[]>;
  close(): Promise<void>;
}

/**
 * `env` tunes every replica (WATCH_INTERVAL_SECONDS, WATCH_LEASE_SECONDS, …); each replica then adds its
 * own REPLICA_ID. `entry` is the script the replicas run (src/main.ts unless a benchmark brings its own).
 */
export async function startReplicaWorld(
  backend: TestBackend,
  env: Record<string, string>,
  entry?: string,
): Promise<ReplicaWorld> {
  const sim = await startSimulator({ apiKey: TEST_SECRETS.apiKey });
  const slack = await startSlackStandIn({ signingSecret: TEST_SECRETS.signingSecret });
  const refusals = watchRefusals(slack);
  const database = await createTestDatabase(backend);
  const store = await openStore(database.url, { schema: database.schema, poolSize: 4 });
  const replicas = new ReplicaGroup(
    {
      SLACK_BOT_TOKEN: TEST_SECRETS.botToken,
      SLACK_SIGNING_SECRET: TEST_SECRETS.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: "0",
      MIXPEEK_API_KEY: TEST_SECRETS.apiKey,
      MIXPEEK_BASE_URL: sim.url,
      MIXPEEK_NAMESPACE: NAMESPACE,
      // Budgets have tests of their own; elsewhere the budget must never be what a test measures.
      MIXPEEK_MAX_REQUESTS_PER_MINUTE: "1000000",
      DATABASE_URL: botDatabaseUrl(database),
      // A thread per channel and one message per failure keep the count of messages the count of alerts.
      ALERT_ROLLUP_THRESHOLD: "1000",
      ...env,
    },
    entry,
  );

  return {
    sim,
    slack,
    refusals,
    database,
    store,
    replicas,
    async watchRetrievers(count, channels) {
      const watched: WatchedRetriever[] = [];
      for (let i = 0; i < count; i++) {
        const model = sim.addRetriever(NAMESPACE, `watched-${String(i).padStart(3, "0")}`);
        const retriever = { id: model.retriever_id, name: model.retriever_name, channels: channels(i) };
        for (const channelId of retriever.channels) {
          await store.subscribe({
            teamId: TEAM,
            channelId,
            namespace: NAMESPACE,
            retrieverId: retriever.id,
            retrieverName: retriever.name,
            mention: null,
            createdBy: STAND_IN_DEFAULTS.userId,
            now: new Date(),
          });
        }
        watched.push(retriever);
      }
      return watched;
    },
    async close() {
      await replicas.killAll();
      await store.close();
      await slack.close();
      await sim.close();
      await database.drop();
      stopWatching(refusals);
    },
  };
}
