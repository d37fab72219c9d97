/**
 * Replicas: how long one pass over 10,000 subscribed retrievers takes with 1, 2 and 3 alert watchers
 * sharing one PostgreSQL schema (Mixpeek answering each call in 50 ms), and whether each retriever was
 * polled exactly once in the pass. Each watcher has its own store pool and Mixpeek client, as a replica
 * would; they run in this process. Skipped, with a line saying so, when PostgreSQL is not reachable.
 */
import { randomUUID } from "node:crypto";
import { type Simulator, startSimulator } from "@executions-bot/mixpeek-simulator";
import { type SlackStandIn, STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { LogLevel, WebClient } from "@slack/web-api";
import pg from "pg";
import { pino } from "pino";
import { type AlertStore, openStore } from "../src/alerts/store/index.js";
import { AlertWatcher, watcherSettings } from "../src/alerts/watcher/index.js";
import { createMixpeekClient } from "../src/mixpeek/client.js";
import { NamespaceAccess } from "../src/workspaces/namespaces.js";
import type { BenchContext, Benchmark, BenchReport, Table } from "./lib/report.js";
import { tableAsMarkdown } from "./lib/report.js";
import { rate, ratio } from "./lib/stats.js";

const RETRIEVERS = 10_000;
const LATENCY_MS = 50;
const REPLICA_COUNTS = [1, 2, 3];
const SUBSCRIBE_CONCURRENCY = 16;
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_POSTGRES_URL ??
  "postgres://postgres@127.0.0.1:5432/test";
const SECRETS = { apiKey: "sk_bench_replicas_key_0123456789", botToken: "xoxb-bench-replicas-token" };

export interface ReplicaBenchRow {
  replicas: number;
  /** From the watchers' start until the last retriever's check was recorded. */
  durationMs: number;
  /** List calls the simulator served in the pass (one per retriever when each is polled once). */
  polls: number;
  /** Retrievers polled at least once. */
  distinct: number;
  /** Retrievers each watcher checked, in the order they were started. */
  shares: number[];
}

interface Setup {
  sim: Simulator;
  slack: SlackStandIn;
  schema: string;
  admin: pg.Client;
  retrieverIds: string[];
}

/** The rows and their Markdown table, for callers that want the numbers without the runner. */
export async function benchReplicas(
  progress: (line: string) => void = () => {},
): Promise<{ rows: ReplicaBenchRow[]; markdown: string }> {
  const rows = await measure(progress);
  const table = rows && tableOf(rows);
  return { rows: rows ?? [], markdown: table ? tableAsMarkdown(table) : skippedLine() };
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const rows = await measure(ctx.progress);
  if (rows === undefined) return { summary: [skippedLine()], tables: [], notes: [] };
  const base = rows[0];
  const exact = rows.every(polledOnceEach);
  return {
    summary: [
      `Every retriever polled exactly once in every pass: ${exact ? "yes" : "no"} (list calls: ${rows
        .map((row) => `${row.polls} with ${row.replicas}`)
        .join(", ")}; retrievers polled: ${rows.map((row) => row.distinct).join(", ")}).`,
      ...rows
        .slice(1)
        .map(
          (row) =>
            `${row.replicas} replicas: ${ratio(base?.durationMs ?? Number.NaN, row.durationMs)} as fast as one.`,
        ),
    ],
    tables: [tableOf(rows)],
    notes: [
      `${RETRIEVERS} retrievers in the simulator (no runs, so nothing to post: the cost is polling and bookkeeping), one channel subscribed to each through the store, Mixpeek answering every call in ${LATENCY_MS} ms.`,
      "Each watcher has the bot's defaults (8 checks at once, 200 watches leased per round) with a 1 h interval, so a pass checks each retriever once; between passes every watch is made due again.",
      "The watchers run in the benchmark's process (one event loop, shared with the simulator); each has its own PostgreSQL pool and Mixpeek connection pool, as separate replicas would. Floor: retrievers × latency / (8 × replicas).",
    ],
  };
}

export const replicasBenchmark: Benchmark = {
  name: "replicas",
  title: "Replicas on one PostgreSQL",
  run,
};

const seconds = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;

function polledOnceEach(row: ReplicaBenchRow): boolean {
  return row.polls === RETRIEVERS && row.distinct === RETRIEVERS;
}

function skippedLine(): string {
  return `Skipped: PostgreSQL not reachable at ${POSTGRES_URL} (set BENCH_POSTGRES_URL).`;
}

function tableOf(rows: readonly ReplicaBenchRow[]): Table {
  const base = rows[0]?.durationMs ?? Number.NaN;
  return {
    title: `One pass over ${RETRIEVERS} retrievers, Mixpeek at ${LATENCY_MS} ms (× = time with one replica / time)`,
    columns: ["Replicas", "Pass", "Floor", "Polls/s", "×", "Retrievers polled", "Checks per replica"],
    rows: rows.map((row) => [
      String(row.replicas),
      seconds(row.durationMs),
      seconds((RETRIEVERS * LATENCY_MS) / (8 * row.replicas)),
      rate((row.polls * 1000) / row.durationMs),
      ratio(base, row.durationMs),
      polledOnceEach(row) ? "each once" : `${row.polls} calls, ${row.distinct} retrievers`,
      row.shares.join(" / "),
    ]),
  };
}

/** Undefined when PostgreSQL is not there. */
async function measure(progress: (line: string) => void): Promise<ReplicaBenchRow[] | undefined> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch {
    await admin.end().catch(() => undefined);
    return undefined;
  }
  const schema = `bench_replicas_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const sim = await startSimulator({ apiKey: SECRETS.apiKey });
  const slack = await startSlackStandIn({ signingSecret: "bench-replicas-signing-secret" });
  try {
    await admin.query(`create schema "${schema}"`);
    const retrieverIds = Array.from(
      { length: RETRIEVERS },
      (_, i) => sim.addRetriever("demo", `replica-bench-${i}`).retriever_id,
    );
    progress(`replicas: subscribing to ${RETRIEVERS} retrievers`);
    await subscribeAll(schema, retrieverIds);
    sim.setLatency(LATENCY_MS);
    const rows: ReplicaBenchRow[] = [];
    for (const replicas of REPLICA_COUNTS) {
      progress(`replicas: one pass with ${replicas} watcher${replicas > 1 ? "s" : ""}`);
      rows.push(await pass({ sim, slack, schema, admin, retrieverIds }, replicas));
    }
    return rows;
  } finally {
    await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await admin.end();
    await slack.close();
    await sim.close();
  }
}

async function subscribeAll(schema: string, retrieverIds: readonly string[]): Promise<void> {
  const store = await openStore(POSTGRES_URL, { schema, poolSize: SUBSCRIBE_CONCURRENCY });
  try {
    let next = 0;
    const worker = async () => {
      while (next < retrieverIds.length) {
        const retrieverId = retrieverIds[next++] as string;
        await store.subscribe({
          teamId: STAND_IN_DEFAULTS.teamId,
          channelId: "C0ALERTS",
          namespace: "demo",
          retrieverId,
          retrieverName: retrieverId,
          mention: null,
          createdBy: "U0BENCH",
          now: new Date(),
        });
      }
    };
    await Promise.all(Array.from({ length: SUBSCRIBE_CONCURRENCY }, worker));
  } finally {
    await store.close();
  }
}

async function pass(setup: Setup, replicas: number): Promise<ReplicaBenchRow> {
  const { sim, slack, schema, admin, retrieverIds } = setup;
  const now = Date.now();
  await admin.query(
    `update "${schema}".watches set next_attempt_at = $1, lease_owner = null, lease_expires_at = null`,
    [now],
  );
  sim.resetCalls();
  const logger = pino({ level: "silent" });
  const settings = watcherSettings({ intervalMs: 3_600_000, tickMs: 20 });
  const stores: AlertStore[] = [];
  const clients: Array<ReturnType<typeof createMixpeekClient>> = [];
  const shares = Array.from({ length: replicas }, () => 0);
  const watchers = await Promise.all(
    shares.map(async (_, i) => {
      const store = await openStore(POSTGRES_URL, { schema });
      const mixpeek = createMixpeekClient({ baseUrl: sim.url, apiKey: SECRETS.apiKey });
      stores.push(store);
      clients.push(mixpeek);
      return new AlertWatcher({
        store,
        mixpeek,
        namespaces: new NamespaceAccess("demo", undefined),
        slack: new WebClient(SECRETS.botToken, { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR }),
        logger,
        now: () => new Date(),
        owner: `bench-replica-${i + 1}`,
        settings,
        onRound: (report) => {
          shares[i] = (shares[i] ?? 0) + report.checked;
        },
      });
    }),
  );

  const started = Date.now();
  for (const watcher of watchers) watcher.start();
  try {
    for (;;) {
      const { rows } = await admin.query<{ left: string }>(
        `select count(*) as left from "${schema}".watches where last_success_at is null or last_success_at < $1`,
        [started],
      );
      if (Number(rows[0]?.left ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await Promise.all(watchers.map((watcher) => watcher.stop()));
  }
  const { rows } = await admin.query<{ last: string }>(
    `select max(last_success_at) as last from "${schema}".watches`,
  );
  const durationMs = Number(rows[0]?.last ?? Date.now()) - started;
  await Promise.all([...stores.map((store) => store.close()), ...clients.map((client) => client.close())]);
  return { replicas, durationMs, ...pollCounts(sim, retrieverIds), shares };
}

/**
 * The call log keeps the latest 10,000 records, enough for one pass when nothing is polled twice; the
 * total is counted exactly, so a repeat shows as polls > retrievers even when the records are cut.
 */
function pollCounts(sim: Simulator, retrieverIds: readonly string[]) {
  const polled = new Set<string>();
  for (const call of sim.calls()) {
    if (call.kind === "listExecutions" && call.retriever !== undefined) polled.add(call.retriever);
  }
  return {
    polls: sim.callCount("listExecutions"),
    distinct: retrieverIds.filter((id) => polled.has(id)).length,
  };
}
