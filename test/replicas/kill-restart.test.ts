/**
 * The watcher killed with SIGKILL 20 times at random moments during bursts of failures, and restarted on
 * the same database each time: every failure is alerted, and none twice except through the one window
 * the design allows (the process died after Slack accepted a post and before it recorded it; see
 * src/alerts/watcher/delivery.ts). How many duplicates that window made is printed, so it can be watched.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createRandom } from "../../src/dev/simulator/random.js";
import { postgresAvailable } from "../helpers/databases.js";
import { FailureStream } from "./failure-stream.js";
import { explainedByKills, readLedger } from "./ledger.js";
import { type ReplicaWorld, startReplicaWorld } from "./world.js";

const KILLS = Number(process.env.KILLS ?? 20);
const SEED = 20_250_301;
const ALERTS = "C0ALERTS";
const GENERAL = "C0GENERAL";
/** A copy accepted this long before a kill, and posted again after it, is the allowed duplicate. */
const KILL_WINDOW_MS = 100;

const backends = [
  { backend: "sqlite" as const, enabled: true },
  { backend: "postgres" as const, enabled: await postgresAvailable() },
];

describe.each(backends)("kill and restart on $backend", ({ backend, enabled }) => {
  if (!enabled) {
    it.skip("needs a reachable PostgreSQL", () => {});
    return;
  }
  let world: ReplicaWorld | undefined;
  afterAll(async () => {
    await world?.close();
  });

  it(`loses no failure and doubles none outside the kill window, over ${KILLS} kills`, async () => {
    world = await startReplicaWorld(backend, {
      WATCH_INTERVAL_SECONDS: "1",
      // A dead process's retrievers come free after 1 s, and its unposted claims after 2 s.
      WATCH_LEASE_SECONDS: "1",
      LOG_LEVEL: "info",
    });
    const w = world;
    const random = createRandom(SEED);
    const retrievers = await w.watchRetrievers(6, (i) => (i < 3 ? [ALERTS, GENERAL] : [ALERTS]));
    const failures = new FailureStream(w.sim, retrievers, random);
    const kills: number[] = [];

    failures.start(60);
    for (let round = 1; round <= KILLS; round++) {
      // The same REPLICA_ID each time, as a restarted pod with a stable name would have.
      const bot = await w.replicas.start("solo");
      await sleep(random.int(100, 1200));
      kills.push(Date.now());
      await bot.kill();
      expect((await bot.exited).signal).toBe("SIGKILL");
    }
    failures.stop();

    const last = await w.replicas.start("solo");
    await waitUntil(async () => {
      const ledger = readLedger(w.slack, failures.caused);
      const open = await w.store.listUnfinishedClaims(new Date(Date.now() + 60_000));
      if (ledger.missing.length === 0 && open.length === 0) return undefined;
      const states = await w.database.query(
        "select state, last_error, attempts, count(*) as n from alerts group by state, last_error, attempts",
      );
      return `${ledger.missing.length} alerts not told, ${open.length} claims open; ${JSON.stringify(states)}`;
    }, 60_000);
    // Long enough for any late second copy to show up.
    await sleep(2_500);
    await last.stop();

    const ledger = readLedger(w.slack, failures.caused);
    const unexplained = ledger.doubled.filter((copy) => !explainedByKills(copy, kills, KILL_WINDOW_MS));
    console.info(
      "DEBUG",
      JSON.stringify(ledger.doubled.map((copy) => copy.postedAt.map((at) => kills.map((k) => at - k).filter((d) => Math.abs(d) < 1000)))),
    );
    console.info(
      `kill-restart on ${backend}: ${KILLS} kills, ${failures.caused.length} failures, ` +
        `${ledger.expected} alerts owed, ${ledger.delivered} told, ${ledger.doubled.length} told twice ` +
        `(all within ${KILL_WINDOW_MS} ms before a kill: ${unexplained.length === 0})`,
    );
    expect(ledger.missing).toEqual([]);
    expect(ledger.unrelated).toEqual([]);
    expect(unexplained).toEqual([]);
    expect(ledger.doubled.length).toBeLessThanOrEqual(KILLS);
  }, 240_000);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `pending` (what is still to happen, in words, or undefined once nothing is) until done. */
async function waitUntil(pending: () => Promise<string | undefined>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await pending();
    if (left === undefined) return;
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms: ${left}`);
    await sleep(100);
  }
}
