/**
 * Crash recovery with the default lease (WATCH_LEASE_SECONDS unset, 30 s) and a short interval, on real
 * bot processes killed with SIGKILL:
 * - one bot on SQLite, killed mid-round and restarted at once: what failed during the downtime, and what
 *   it had claimed but not posted, is told within two intervals of the restart; a burst right after is
 *   rolled up; nothing is told twice (an alert whose message reached Slack before the kill is found there);
 * - three replicas on PostgreSQL, one killed mid-round while it holds leases: the others post its
 *   retrievers' failures within lease + interval, and what it had claimed within twice that, once each.
 * The deadlines are the product's, read on the stand-in's clock (each message's ts).
 */
import { WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import { alertMetadata, readAlertMetadata } from "../../src/alerts/watcher/alert-metadata.js";
import { postgresAvailable } from "../helpers/databases.js";
import type { ReplicaProcess } from "../helpers/replica-process.js";
import { TEST_SECRETS } from "../helpers/secrets.js";
import { waitUntil } from "../helpers/waiting.js";
import { pollsPerRetriever } from "./polls.js";
import { NAMESPACE, type ReplicaWorld, startReplicaWorld } from "./world.js";

const ALERTS = "C0ALERTS";
const LEASE_MS = 30_000;

/** Every message naming each alert id in its metadata, with the message's ts in ms. */
function toldAlerts(w: ReplicaWorld): Map<number, { ts: number; kind: string }[]> {
  const told = new Map<number, { ts: number; kind: string }[]>();
  for (const message of w.slack.messages()) {
    const label = readAlertMetadata(message);
    if (!label) continue;
    for (const id of label.alertIds) {
      const list = told.get(id) ?? [];
      list.push({ ts: Math.round(Number(message.ts) * 1000), kind: label.kind });
      told.set(id, list);
    }
  }
  return told;
}

async function alertIds(w: ReplicaWorld, executionIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await w.database.query<{ id: number | string; execution_id: string }>(
    `select id, execution_id from alerts where execution_id in (${executionIds.map((id) => `'${id}'`).join(",")})`,
  );
  return new Map(rows.map((row) => [row.execution_id, Number(row.id)]));
}

/** Waits until every one of these executions has its alert row and that alert is told. */
async function waitUntilTold(w: ReplicaWorld, executionIds: readonly string[], limitMs: number) {
  await waitUntil(async () => {
    const ids = await alertIds(w, executionIds);
    const told = toldAlerts(w);
    const missing = executionIds.filter((id) => !told.has(ids.get(id) ?? -1));
    return missing.length === 0 ? undefined : `${missing.length} of ${executionIds.length} not told yet`;
  }, limitMs);
}

/** Waits until `ids` have all been polled at least once, so the bots are past their start. */
async function waitForFirstPolls(w: ReplicaWorld, ids: readonly string[]): Promise<void> {
  await waitUntil(async () => {
    const left = pollsPerRetriever(w.sim.calls(), ids, 0, Number.POSITIVE_INFINITY).filter(
      (p) => p.count === 0,
    );
    return left.length === 0 ? undefined : `${left.length} retrievers not polled yet`;
  }, 30_000);
}

/** The retrievers `replica` holds a lease on, once it holds at least one (it is mid-round). */
async function leasesHeldBy(w: ReplicaWorld, replicas: readonly ReplicaProcess[]) {
  let found: { replica: ReplicaProcess; retrievers: string[] } | undefined;
  await waitUntil(
    async () => {
      const rows = await w.database.query<{ lease_owner: string; retriever_id: string }>(
        "select lease_owner, retriever_id from watches where lease_owner is not null",
      );
      for (const replica of replicas) {
        const retrievers = rows
          .filter((row) => row.lease_owner === replica.id)
          .map((row) => row.retriever_id);
        if (retrievers.length > 0) {
          found = { replica, retrievers };
          return undefined;
        }
      }
      return "a replica holding a lease";
    },
    20_000,
    20,
  );
  if (!found) throw new Error("no replica holds a lease");
  return found;
}

/** A claim as a bot leaves it when it is killed between claiming a failure and posting it. */
async function claimLeftBy(w: ReplicaWorld, owner: string, retrieverId: string) {
  const run = w.sim.failNow(NAMESPACE, retrieverId, { error: "Failed while the bot was being killed" });
  const [sub] = await w.store.listWatchSubscribers({ namespace: NAMESPACE, retrieverId });
  if (!sub) throw new Error("no subscriber");
  const alert = await w.store.claimAlert({
    kind: "failure",
    subscriptionId: sub.id,
    executionId: run.execution_id,
    executionCreatedAt: new Date(run.created_at),
    owner,
    now: new Date(),
  });
  if (!alert) throw new Error("could not claim");
  return { run, alert };
}

let world: ReplicaWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("one bot on SQLite, SIGKILLed mid-round and restarted at once, with the default lease", () => {
  const INTERVAL_MS = 3_000;

  it("tells the downtime's failures within two intervals, rolls up a burst right after, and nothing twice", async () => {
    world = await startReplicaWorld("sqlite", {
      WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
      // The default, stated because the replica world raises it to keep one message per failure.
      ALERT_ROLLUP_THRESHOLD: "5",
      LOG_LEVEL: "info",
    });
    const w = world;
    const [quiet, bursty, slow] = await w.watchRetrievers(3, () => [ALERTS]);
    if (!quiet || !bursty || !slow) throw new Error("three retrievers");
    const first = await w.replicas.start("solo");
    await waitForFirstPolls(w, [quiet.id, bursty.id, slow.id]);

    // Mixpeek slows down, so a check holds its lease for seconds: the kill catches it mid-round.
    w.sim.setLatency(2_000);
    await leasesHeldBy(w, [first]);
    await first.kill();
    w.sim.setLatency(0);

    // During the downtime: a new failure; a claim the killed bot never posted; and one whose message
    // reached Slack before the kill (the bot died before recording it).
    const during = w.sim.failNow(NAMESPACE, quiet.id, { error: "Failed while the bot was down" });
    const unposted = await claimLeftBy(w, "solo", slow.id);
    const reachedSlack = await claimLeftBy(w, "solo", slow.id);
    const client = new WebClient(TEST_SECRETS.botToken, { slackApiUrl: w.slack.apiUrl });
    await client.chat.postMessage({
      channel: ALERTS,
      text: `Execution ${reachedSlack.run.execution_id} failed`,
      metadata: alertMetadata("alert", [reachedSlack.alert.id]),
    });

    await w.replicas.start("solo");
    const restartedAt = Date.now();
    // Thirty failures at once, right after the restart.
    const burst = Array.from({ length: 30 }, () => w.sim.failNow(NAMESPACE, bursty.id));
    const burstAt = Date.now();

    const owed = [during.execution_id, unposted.run.execution_id, ...burst.map((run) => run.execution_id)];
    await waitUntilTold(w, [...owed, reachedSlack.run.execution_id], 60_000);
    const ids = await alertIds(w, [...owed, reachedSlack.run.execution_id]);
    const told = toldAlerts(w);
    const at = (executionId: string) => told.get(ids.get(executionId) ?? -1) ?? [];

    console.info(
      `sqlite kill+restart: downtime failure told ${(at(during.execution_id)[0]?.ts ?? 0) - restartedAt} ms after ` +
        `the restart, the unposted claim ${(at(unposted.run.execution_id)[0]?.ts ?? 0) - restartedAt} ms, ` +
        `the burst ${Math.max(...burst.map((run) => at(run.execution_id)[0]?.ts ?? 0)) - burstAt} ms after it`,
    );
    expect(at(during.execution_id)[0]?.ts).toBeLessThanOrEqual(restartedAt + 2 * INTERVAL_MS);
    expect(at(unposted.run.execution_id)[0]?.ts).toBeLessThanOrEqual(restartedAt + 2 * INTERVAL_MS);
    // The burst: one roll-up, within two intervals.
    const burstMessages = new Set(burst.map((run) => at(run.execution_id)[0]?.ts));
    expect(burstMessages.size).toBe(1);
    expect(burst.every((run) => at(run.execution_id)[0]?.kind === "rollup")).toBe(true);
    expect([...burstMessages][0]).toBeLessThanOrEqual(burstAt + 2 * INTERVAL_MS);
    // Nothing twice: each alert in one message, the one already in Slack found there, not posted again.
    for (const executionId of [...owed, reachedSlack.run.execution_id])
      expect(at(executionId)).toHaveLength(1);
    const reached = await w.store.getAlert(reachedSlack.alert.id);
    expect(reached?.state).toBe("sent");
    w.refusals.expect(0);
  }, 120_000);
});

const pgEnabled = await postgresAvailable();

describe("three replicas on PostgreSQL, one SIGKILLed mid-round while it holds leases, with the default lease", () => {
  if (!pgEnabled) {
    it.skip("needs a reachable PostgreSQL", () => {});
    return;
  }
  const INTERVAL_MS = 2_000;

  it("its retrievers' failures are told by the others within lease + interval, its claims within twice that, once each", async () => {
    world = await startReplicaWorld("postgres", {
      WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
      LOG_LEVEL: "info",
    });
    const w = world;
    const retrievers = await w.watchRetrievers(12, () => [ALERTS]);
    const replicas = await Promise.all(
      ["replica-1", "replica-2", "replica-3"].map((id) => w.replicas.start(id)),
    );
    await waitForFirstPolls(
      w,
      retrievers.map((r) => r.id),
    );

    // Mixpeek slows down, so rounds last seconds and leases are held through them.
    w.sim.setLatency(1_500);
    const { replica: victim, retrievers: held } = await leasesHeldBy(w, replicas);
    const claimed = await claimLeftBy(w, victim.id, held[0] ?? "");
    await victim.kill();
    const killedAt = Date.now();
    w.sim.setLatency(100);

    // Each retriever it was checking fails right after the kill.
    const failures = held.map((retrieverId) =>
      w.sim.failNow(NAMESPACE, retrieverId, { error: "Failed after its replica died" }),
    );
    const owed = [...failures.map((run) => run.execution_id), claimed.run.execution_id];
    await waitUntilTold(w, owed, 2 * (LEASE_MS + INTERVAL_MS) + 30_000);
    const ids = await alertIds(w, owed);
    const told = toldAlerts(w);
    const at = (executionId: string) => told.get(ids.get(executionId) ?? -1) ?? [];

    const latest = Math.max(...failures.map((run) => at(run.execution_id)[0]?.ts ?? 0));
    console.info(
      `pg kill of ${victim.id} holding ${held.length} leases: its retrievers' failures told within ` +
        `${latest - killedAt} ms (deadline ${LEASE_MS + INTERVAL_MS}), its claim within ` +
        `${(at(claimed.run.execution_id)[0]?.ts ?? 0) - killedAt} ms (deadline ${2 * (LEASE_MS + INTERVAL_MS)})`,
    );
    expect(latest).toBeLessThanOrEqual(killedAt + LEASE_MS + INTERVAL_MS);
    expect(at(claimed.run.execution_id)[0]?.ts).toBeLessThanOrEqual(killedAt + 2 * (LEASE_MS + INTERVAL_MS));
    for (const executionId of owed) expect(at(executionId)).toHaveLength(1);
    const claimers = await w.database.query<{ claimed_by: string }>(
      `select claimed_by from alerts where execution_id in (${owed.map((id) => `'${id}'`).join(",")})`,
    );
    expect(claimers.map((row) => row.claimed_by)).not.toContain(victim.id);
  }, 180_000);
});
