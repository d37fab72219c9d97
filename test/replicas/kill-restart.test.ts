/**
 * The watcher killed with SIGKILL 10 times at random moments during bursts of failures, and restarted on
 * the same database each time: every failure is alerted, and none twice. Many of the kills catch a
 * post on its way to Slack, before the process could record Slack's answer; recovery then finds that
 * message by its metadata instead of posting it again (src/alerts/watcher/find-posted.ts). How many
 * alerts recovery found in Slack that way is printed. Stopped with SIGTERM instead, the watcher finishes
 * its round first, so nothing is left to recover at all.
 */

import { createRandom } from "@executions-bot/mixpeek-simulator";
import { afterEach, describe, expect, it } from "vitest";
import { postgresAvailable } from "../helpers/databases.js";
import { sleep, waitUntil } from "../helpers/waiting.js";
import { FailureStream } from "./failure-stream.js";
import { type Ledger, readLedger } from "./ledger.js";
import { waitForChecksSince } from "./polls.js";
import { type ReplicaWorld, startReplicaWorld, type WatchedRetriever } from "./world.js";

const KILLS = 10;
const STOPS = 5;
const SEED = 20_250_301;
const ALERTS = "C0ALERTS";
const GENERAL = "C0GENERAL";
const RETRIEVERS = 6;

const backends = [
  { backend: "sqlite" as const, enabled: true },
  { backend: "postgres" as const, enabled: await postgresAvailable() },
];

describe.each(backends)("one bot restarted again and again on $backend", ({ backend, enabled }) => {
  if (!enabled) {
    it.skip("needs a reachable PostgreSQL", () => {});
    return;
  }
  let world: ReplicaWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  /** A fresh world with a bot's retrievers subscribed: three by two channels, three by one. */
  async function setUp(): Promise<{ w: ReplicaWorld; retrievers: WatchedRetriever[] }> {
    world = await startReplicaWorld(backend, {
      WATCH_INTERVAL_SECONDS: "1",
      // A dead process's retrievers come free after 1 s, and the alerts it claimed but never posted after 2 s.
      WATCH_LEASE_SECONDS: "1",
      LOG_LEVEL: "info",
    });
    const retrievers = await world.watchRetrievers(RETRIEVERS, (i) => (i < 3 ? [ALERTS, GENERAL] : [ALERTS]));
    return { w: world, retrievers };
  }

  it(`SIGKILL ${KILLS} times: no failure lost, and none told twice`, async () => {
    const { w, retrievers } = await setUp();
    const random = createRandom(SEED);
    const failures = new FailureStream(w.sim, retrievers, random);

    failures.start(60);
    for (let round = 1; round <= KILLS; round++) {
      // The same REPLICA_ID each time, as a restarted pod with a stable name would have.
      const bot = await w.replicas.start("solo");
      await sleep(random.int(100, 1200));
      await bot.kill();
      expect((await bot.exited).signal).toBe("SIGKILL");
    }
    failures.stop();
    const ledger = await drain(w, failures, retrievers);

    const logs = w.replicas.all().flatMap((bot) => bot.logs());
    const found = logs.filter((line) => line.foundInSlack === true);
    console.info(
      `kill-restart on ${backend}: ${KILLS} kills, ${failures.caused.length} failures, ${ledger.expected} ` +
        `alerts owed, ${ledger.delivered} told, ${ledger.doubled.length} told more than once; ` +
        `at least ${found.length} found in Slack after a kill instead of being posted again (a killed bot ` +
        "may lose its last log lines)",
    );
    expect(ledger.missing).toEqual([]);
    expect(ledger.unrelated).toEqual([]);
    expect(ledger.doubled).toEqual([]);
    expect(ledger.delivered).toBe(ledger.expected);
  }, 240_000);

  it(`SIGTERM ${STOPS} times: the round in progress finishes, and every failure is told exactly once`, async () => {
    const { w, retrievers } = await setUp();
    const random = createRandom(SEED + 1);
    const failures = new FailureStream(w.sim, retrievers, random);

    failures.start(60);
    for (let round = 1; round <= STOPS; round++) {
      const bot = await w.replicas.start("solo");
      await sleep(random.int(100, 1200));
      await bot.stop();
      expect((await bot.exited).code).toBe(0);
      // A clean stop leaves no alert claimed and unposted behind it.
      expect(await openClaims(w)).toBe(0);
    }
    failures.stop();
    const ledger = await drain(w, failures, retrievers);

    expect(ledger.missing).toEqual([]);
    expect(ledger.doubled).toEqual([]);
    expect(ledger.unrelated).toEqual([]);
    expect(ledger.delivered).toBe(ledger.expected);
  }, 120_000);
});

/** Starts one more bot and lets it tell everything still owed, then stops it and reads Slack. */
async function drain(
  w: ReplicaWorld,
  failures: FailureStream,
  retrievers: readonly WatchedRetriever[],
): Promise<Ledger> {
  const last = await w.replicas.start("solo");
  await waitUntil(async () => {
    const ledger = readLedger(w.slack, failures.caused);
    const open = await openClaims(w);
    if (ledger.missing.length === 0 && open === 0) return undefined;
    const states = await w.database.query("select state, count(*) as n from alerts group by state");
    return `${ledger.missing.length} alerts not told, ${open} claims open; ${JSON.stringify(states)}`;
  }, 60_000);
  // A late second copy would come from a check under way now or started later: wait until those are over.
  await waitForChecksSince(
    Date.now(),
    w.sim,
    retrievers.map((r) => r.id),
  );
  await last.stop();
  return readLedger(w.slack, failures.caused);
}

async function openClaims(w: ReplicaWorld): Promise<number> {
  return (await w.store.listUnfinishedClaims(new Date(Date.now() + 60_000), 10_000)).length;
}
