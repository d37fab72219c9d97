/**
 * Scheduled digests posted by real bot processes on a shared database: a process killed with SIGKILL in
 * the middle of a round of 20 digests and started again, and two processes racing on one PostgreSQL
 * schema with the one that claimed the round killed. Each channel gets its digest exactly once: claims
 * the dead process never finished are taken over, and a post that reached Slack before the kill is found
 * there (message metadata) instead of being posted again.
 *
 * A dead process's claims are taken over after 5 minutes; the test moves them 6 minutes back instead of
 * waiting (the only thing it changes in the tables the bots share). Mixpeek and Slack are on loopback.
 */

import type { SlackStandIn } from "@executions-bot/slack-standin";
import { afterEach, describe, expect, it } from "vitest";
import { DIGEST_EVENT_TYPE } from "../../src/digests/digest-metadata.js";
import { postgresAvailable } from "../helpers/databases.js";
import type { ReplicaProcess } from "../helpers/replica-process.js";
import { waitUntil } from "../helpers/waiting.js";
import { NAMESPACE, type ReplicaWorld, startReplicaWorld, TEAM } from "./world.js";

const CHANNELS = Array.from({ length: 20 }, (_, i) => `C0DIGEST${String(i).padStart(2, "0")}`);
const STALE_MS = 5 * 60_000;

const backends = [
  { backend: "sqlite" as const, enabled: true },
  { backend: "postgres" as const, enabled: await postgresAvailable() },
];

let world: ReplicaWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function startWorld(backend: "sqlite" | "postgres"): Promise<ReplicaWorld> {
  world = await startReplicaWorld(backend, { WATCH_INTERVAL_SECONDS: "3600", LOG_LEVEL: "info" });
  for (const id of CHANNELS) world.slack.putChannel({ id, name: id.toLowerCase() });
  return world;
}

/**
 * A daily digest in each channel, of `retrievers` in turn, all falling due at once: written due next
 * year, then made due by one statement, so no round can see only some of them.
 */
async function addDigests(w: ReplicaWorld, retrievers: string[]): Promise<void> {
  const ids = Object.fromEntries(w.sim.retrievers(NAMESPACE).map((r) => [r.retriever_name, r.retriever_id]));
  const later = new Date(Date.now() + 365 * 86_400_000);
  for (const [i, channelId] of CHANNELS.entries()) {
    const name = retrievers[i % retrievers.length] as string;
    await w.store.setDigest({
      teamId: TEAM,
      channelId,
      namespace: NAMESPACE,
      retrieverId: ids[name] ?? name,
      retrieverName: name,
      cadence: "daily",
      atMinutes: 9 * 60,
      timeZone: "UTC",
      createdBy: "U0DEVUSER",
      now: new Date(),
      nextDueAt: later,
    });
  }
  await w.database.query(`update digests set next_due_at = ${Date.now() - 1_000} returning id`);
}

const digestMessages = (slack: SlackStandIn, channel: string) =>
  slack.messages(channel).filter((m) => m.metadata?.event_type === DIGEST_EVENT_TYPE);

/** How many digests each channel got, keyed by channel. */
function postsPerChannel(slack: SlackStandIn): Record<string, number> {
  return Object.fromEntries(CHANNELS.map((channel) => [channel, digestMessages(slack, channel).length]));
}

const channelsWithADigest = (slack: SlackStandIn) =>
  CHANNELS.filter((channel) => digestMessages(slack, channel).length > 0).length;

async function openClaims(w: ReplicaWorld, owner?: string): Promise<number> {
  const rows = await w.database.query<{ n: number | string }>(
    `select count(*) as n from digest_runs where state = 'claimed'${owner ? ` and claimed_by = '${owner}'` : ""}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The dead process's claims, made old enough for another process to take them over. */
async function ageClaims(w: ReplicaWorld, owner: string): Promise<void> {
  await w.database.query(
    `update digest_runs set claimed_at = claimed_at - ${STALE_MS + 60_000} ` +
      `where state = 'claimed' and claimed_by = '${owner}' returning digest_id`,
  );
}

/** Kills `bot` once its round has posted a first digest, and says how many had been posted by then. */
async function killMidRound(w: ReplicaWorld, bot: ReplicaProcess): Promise<number> {
  await w.slack.waitFor(() => channelsWithADigest(w.slack) > 0, 60_000);
  await bot.kill();
  expect((await bot.exited).signal).toBe("SIGKILL");
  return channelsWithADigest(w.slack);
}

async function waitUntilEveryChannelHasItsDigest(w: ReplicaWorld): Promise<void> {
  await waitUntil(async () => {
    const got = channelsWithADigest(w.slack);
    const open = await openClaims(w);
    if (got === CHANNELS.length && open === 0) return undefined;
    const runs = await w.database.query(
      "select state, claimed_by, attempts, last_error, count(*) as n from digest_runs " +
        "group by state, claimed_by, attempts, last_error",
    );
    return `${CHANNELS.length - got} channels without their digest, ${open} claims open; ${JSON.stringify(runs)}`;
  }, 90_000);
}

const recoveredInLogs = (bot: ReplicaProcess) =>
  bot
    .logs()
    .filter((line) => line.msg === "digest round")
    .reduce((sum, line) => sum + Number(line.recovered ?? 0), 0);

describe.each(backends)("digests posted by bot processes on $backend", ({ backend, enabled }) => {
  if (!enabled) {
    it.skip("needs a reachable PostgreSQL", () => {});
    return;
  }

  it("a process killed mid-round and started again posts each channel's digest once", async () => {
    const w = await startWorld(backend);
    await addDigests(w, ["product-search"]);
    const first = await w.replicas.start("solo");
    const beforeKill = await killMidRound(w, first);
    // The premise: the kill caught the round with digests claimed and not yet posted.
    expect(beforeKill).toBeLessThan(CHANNELS.length);
    expect(await openClaims(w, "solo")).toBeGreaterThan(0);

    await ageClaims(w, "solo");
    // The same REPLICA_ID, as a restarted pod with a stable name has.
    const second = await w.replicas.start("solo");
    await waitUntilEveryChannelHasItsDigest(w);
    await second.stop();

    expect(postsPerChannel(w.slack)).toEqual(Object.fromEntries(CHANNELS.map((c) => [c, 1])));
    expect(recoveredInLogs(second)).toBeGreaterThan(0);
    console.info(
      `digest restart on ${backend}: ${beforeKill} of ${CHANNELS.length} posted before SIGKILL, ` +
        `${recoveredInLogs(second)} claims taken over by the restarted process, every channel told once`,
    );
  }, 180_000);
});

// Replicas share PostgreSQL; SQLite is for one process.
describe("two bot processes on one PostgreSQL schema", () => {
  const backend = "postgres";
  if (!backends[1]?.enabled) {
    it.skip("needs a reachable PostgreSQL", () => {});
    return;
  }

  it("each channel's digest once, the survivor finishing what the killed one claimed", async () => {
    const w = await startWorld(backend);
    // Both run before the digests fall due: whichever's round (every 20 s) comes first claims them.
    const a = await w.replicas.start("replica-a");
    const b = await w.replicas.start("replica-b");
    w.sim.resetCalls();
    await addDigests(w, ["product-search", "video-moments"]);
    await w.slack.waitFor(() => channelsWithADigest(w.slack) > 0, 60_000);
    const owners = await w.database.query<{ claimed_by: string }>(
      "select distinct claimed_by from digest_runs where state = 'claimed' order by claimed_by",
    );
    expect(owners.length).toBeGreaterThan(0);
    const victim = owners[0]?.claimed_by === "replica-a" ? a : b;
    const survivor = victim === a ? b : a;
    const beforeKill = await killMidRound(w, victim);
    expect(beforeKill).toBeLessThan(CHANNELS.length);

    await ageClaims(w, victim.id);
    // The survivor's next round (every 20 s) takes the dead one's claims over.
    await waitUntilEveryChannelHasItsDigest(w);
    await survivor.stop();

    expect(postsPerChannel(w.slack)).toEqual(Object.fromEntries(CHANNELS.map((c) => [c, 1])));
    expect(recoveredInLogs(survivor)).toBeGreaterThan(0);
    // Two retrievers, fetched at most once per process each: two performance windows a fetch.
    expect(w.sim.callCount("getRetrieverPerformance")).toBeLessThanOrEqual(2 * 2 * 2);
    console.info(
      `digest replicas on ${backend}: ${victim.id} killed after ${beforeKill} of ${CHANNELS.length} ` +
        `digests, ${survivor.id} took ${recoveredInLogs(survivor)} claims over, every channel told once, ` +
        `${w.sim.callCount()} Mixpeek calls in all`,
    );
  }, 180_000);
});
