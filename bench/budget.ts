/**
 * The request budget with real bot processes: 100 subscribed retrievers, a budget of 30 per window, two
 * replicas on PostgreSQL (the world and helpers of test/replicas/budget.test.ts). Counts what reached the
 * simulator in every sliding window, whether every retriever was checked, how long a failure of each took
 * to be posted against the effective interval, and how signed /executions commands fared meanwhile; then
 * the same with the simulator answering 429 for a while. The window is shortened (see WINDOW_MS) so the
 * run takes minutes, not an hour; every time is scaled with it and the output says so.
 */
import { postgresAvailable } from "../test/helpers/databases.js";
import type { ReplicaProcess } from "../test/helpers/replica-process.js";
import { pollsPerRetriever } from "../test/replicas/polls.js";
import { NAMESPACE, type ReplicaWorld, startReplicaWorld } from "../test/replicas/world.js";
import type { BenchContext, Benchmark, BenchReport, Table } from "./lib/report.js";
import { percentile } from "./lib/stats.js";

const RETRIEVERS = 100;
const BUDGET = 30;
const REPLICAS = 2;
/** 60 s ÷ 10: ten minutes of budget played in one; every duration below is scaled by the same factor. */
const SCALE = 10;
const WINDOW_MS = 60_000 / SCALE;
/** retrievers × window ÷ (⅔ × budget): 5 min at the real window. */
const EFFECTIVE_INTERVAL_MS = (RETRIEVERS * WINDOW_MS) / ((2 / 3) * BUDGET);
const OUTAGE_MS = 30_000 / SCALE;
const COMMANDS = 6;
const COMMAND_EVERY_MS = 4_000;
const CHANNEL = "C0ALERTS";

interface ScenarioResult {
  name: string;
  calls: number;
  /** The most calls in any sliding window. */
  busiest: number;
  /** Calls in each window that starts at a call and ends before the run does. */
  windows: number[];
  checkedAll: boolean;
  latenciesMs: number[];
  missing: number;
  answered: number;
  budgetSpent: number;
  peopleShare: number;
  botIntervalSeconds: unknown;
  tooMany: number;
  pauseMs: number | undefined;
  durationMs: number;
}

const s = (msValue: number | undefined) =>
  msValue === undefined || !Number.isFinite(msValue) ? "–" : `${(msValue / 1000).toFixed(1)} s`;
const real = (msValue: number | undefined) => (msValue === undefined ? "–" : s(msValue * SCALE));

async function run(ctx: BenchContext): Promise<BenchReport> {
  if (!(await postgresAvailable())) {
    return { summary: ["Skipped: PostgreSQL not reachable (TEST_POSTGRES_URL)."], tables: [], notes: [] };
  }
  const results = [await scenario(ctx, false), await scenario(ctx, true)];
  return {
    summary: results.flatMap((r) => [
      `${r.name}: busiest sliding window ${r.busiest} calls (budget ${BUDGET}) over ${r.windows.length} windows; every retriever checked: ${r.checkedAll ? "yes" : "no"}; alerts posted ${r.latenciesMs.length}/${RETRIEVERS}, latest ${s(Math.max(...r.latenciesMs))} against an effective interval of ${s(EFFECTIVE_INTERVAL_MS)} (the bot said ${String(r.botIntervalSeconds)} s); commands answered ${r.answered}/${COMMANDS}; people's share of granted slots ${(r.peopleShare * 100).toFixed(0)} %${r.name.includes("429") ? outageLine(r) : ""}.`,
    ]),
    tables: [tableOf(results)],
    notes: [
      `Time scaled by ${SCALE}: the budget window is ${WINDOW_MS / 1000} s instead of 60 s (bench/budget-replica.ts passes it as startBot's budgetWindowMs), with ${BUDGET} calls per window, so every duration measured is ${SCALE}× shorter than with the real window; the "real" column multiplies it back. The effective interval is ${RETRIEVERS} retrievers ÷ (⅔ × ${BUDGET}) per window = ${s(EFFECTIVE_INTERVAL_MS)} (5 min at the real window); the 429 outage lasts ${s(OUTAGE_MS)} (30 s) with Retry-After ${OUTAGE_MS / 1000} s, counted from the first 429 (the watcher spends its share in bursts, so an outage timed otherwise can fall between two and meet no call).`,
      `${REPLICAS} bot processes (node --import tsx, real processes) share one PostgreSQL schema; ${RETRIEVERS} retrievers each subscribed by one channel. Once every retriever has been checked once, one failure is made on each at the same moment; its latency is the time until its alert is in the channel (seen by polling the Slack stand-in every 250 ms).`,
      `Meanwhile ${COMMANDS} signed /executions <retriever> commands, one every ${COMMAND_EVERY_MS / 1000} s, alternating between the replicas; answered = a listing shown, not "the budget is spent". The people's share is the people's granted slots over all granted slots, from both replicas' /metrics.`,
      "All 100 failures are made at once, so each alert's own calls (the run's details) come out of the watcher's same share as the checks: the pass that finds them is longer than a plain one, and the latest alerts come after up to about two effective intervals.",
      "Windows: one sliding window starts at each call the simulator received, from the first call to the end of the run.",
    ],
  };
}

/** Says plainly when the simulator answered no 429, so that run is not read as a 429 measurement. */
function outageLine(r: ScenarioResult): string {
  if (r.tooMany > 0) return `; 429s received ${r.tooMany}, pause ${s(r.pauseMs)}`;
  return "; NOT MEASURED: the simulator answered no 429 (the injected fault did not take effect), so this run is only a second steady run";
}

async function scenario(ctx: BenchContext, with429: boolean): Promise<ScenarioResult> {
  const name = with429 ? `429 for ${s(OUTAGE_MS)}` : "steady";
  ctx.progress(`budget: ${name}: starting ${REPLICAS} replicas, ${RETRIEVERS} retrievers`);
  const w = await startReplicaWorld(
    "postgres",
    {
      MIXPEEK_MAX_REQUESTS_PER_MINUTE: String(BUDGET),
      WATCH_INTERVAL_SECONDS: "1",
      BENCH_BUDGET_WINDOW_MS: String(WINDOW_MS),
    },
    "bench/budget-replica.ts",
  );
  try {
    const retrievers = await w.watchRetrievers(RETRIEVERS, () => [CHANNEL]);
    const ids = retrievers.map((r) => r.id);
    const started = Date.now();
    const replicas = await Promise.all(
      Array.from({ length: REPLICAS }, (_, i) => w.replicas.start(`budget-bench-${i + 1}`)),
    );
    ctx.progress(`budget: ${name}: waiting for every retriever's first check`);
    await w.slack.waitFor(
      () => pollsPerRetriever(w.sim.calls(), ids, started, Infinity).every((p) => p.count > 0),
      4 * EFFECTIVE_INTERVAL_MS + 30_000,
    );
    const injected = Date.now();
    const executions = retrievers.map(
      (r) =>
        w.sim.failNow(NAMESPACE, r.id, { error: "Simulated failure for the budget benchmark" }).execution_id,
    );
    if (with429) {
      w.sim.injectFault({ kind: "status", status: 429, retryAfterSeconds: OUTAGE_MS / 1000, times: 10_000 });
      // The watcher spends its share in bursts, so an outage timed from now could fall between two and
      // meet no call; it is timed from the first 429 instead.
      void w.slack
        .waitFor(() => w.sim.calls().some((call) => call.status === 429), 4 * WINDOW_MS)
        .catch(() => undefined)
        .then(() => setTimeout(() => w.sim.clearFaults(), OUTAGE_MS));
    }
    ctx.progress(`budget: ${name}: ${RETRIEVERS} failures made; commands and alerts under way`);
    const [latenciesMs, commands] = await Promise.all([
      alertLatencies(w, executions, injected),
      sendCommands(
        w,
        replicas,
        retrievers.map((r) => r.name),
      ),
    ]);
    const ended = Date.now();
    const calls = w.sim.calls().filter((call) => call.at.getTime() >= started);
    const times = calls.map((call) => call.at.getTime());
    const statuses = new Map<string, number>();
    for (const call of calls) statuses.set(String(call.status), (statuses.get(String(call.status)) ?? 0) + 1);
    ctx.progress(`budget: ${name}: statuses at the simulator ${JSON.stringify([...statuses])}`);
    const first429 = calls.find((call) => call.status === 429)?.at.getTime();
    const afterPause =
      first429 === undefined
        ? undefined
        : calls.find((call) => call.at.getTime() >= first429 && call.status !== 429)?.at.getTime();
    const slots = await Promise.all(replicas.map(grantedSlots));
    const people = slots.reduce((sum, x) => sum + x.people, 0);
    const all = slots.reduce((sum, x) => sum + x.people + x.watcher, 0);
    return {
      name,
      calls: calls.length,
      ...windowCounts(times, ended),
      checkedAll: pollsPerRetriever(calls, ids, injected, Infinity).every((p) => p.count > 0),
      latenciesMs,
      missing: RETRIEVERS - latenciesMs.length,
      ...commands,
      peopleShare: all === 0 ? 0 : people / all,
      botIntervalSeconds: await effectiveIntervalSaid(replicas[0] as ReplicaProcess),
      tooMany: calls.filter((call) => call.status === 429).length,
      pauseMs: first429 === undefined || afterPause === undefined ? undefined : afterPause - first429,
      durationMs: ended - started,
    };
  } finally {
    await w.close();
  }
}

/** Calls in [t, t + window) for each call's time t: the most of all, and those of full windows. */
function windowCounts(times: readonly number[], ended: number) {
  const counts = times.map((t) => ({ t, n: times.filter((x) => x >= t && x < t + WINDOW_MS).length }));
  return {
    busiest: Math.max(0, ...counts.map((c) => c.n)),
    windows: counts.filter((c) => c.t + WINDOW_MS <= ended).map((c) => c.n),
  };
}

/** Time from `since` until each failure's alert is in the channel; those never posted are left out. */
async function alertLatencies(w: ReplicaWorld, executions: string[], since: number): Promise<number[]> {
  const posted = new Map<string, number>();
  const deadline = since + 4 * EFFECTIVE_INTERVAL_MS + 60_000;
  while (posted.size < executions.length && Date.now() < deadline) {
    const text = w.slack.messages(CHANNEL).map((m) => JSON.stringify(m));
    for (const id of executions) {
      if (!posted.has(id) && text.some((t) => t.includes(id))) posted.set(id, Date.now() - since);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return [...posted.values()];
}

async function sendCommands(w: ReplicaWorld, replicas: ReplicaProcess[], names: string[]) {
  let answered = 0;
  let budgetSpent = 0;
  for (let i = 0; i < COMMANDS; i++) {
    await new Promise((resolve) => setTimeout(resolve, COMMAND_EVERY_MS));
    w.slack.setBotUrl(`${(replicas[i % replicas.length] as ReplicaProcess).url}/slack/events`);
    const reply = await w.slack.slashCommand({ text: names[(i * 17) % names.length] as string });
    const shown = await w.slack
      .waitFor(() => w.slack.shownBy(reply.responseUrlId), 15_000)
      .catch(() => undefined);
    const text = shown ? JSON.stringify(shown) : "";
    if (text.includes("budget is spent")) budgetSpent++;
    else if (shown && reply.status === 200) answered++;
  }
  return { answered, budgetSpent };
}

async function grantedSlots(replica: ReplicaProcess): Promise<{ people: number; watcher: number }> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  const granted = (caller: string) => {
    const line = text
      .split("\n")
      .find(
        (l) =>
          l.startsWith("executions_bot_mixpeek_budget_slots_total{") &&
          l.includes(`caller="${caller}"`) &&
          l.includes('outcome="granted"'),
      );
    return line ? Number(line.split(" ").at(-1)) : 0;
  };
  return { people: granted("people"), watcher: granted("watcher") };
}

async function effectiveIntervalSaid(replica: ReplicaProcess): Promise<unknown> {
  const text = await (await fetch(`${replica.url}/healthz`)).text();
  return /"effectiveIntervalSeconds":\s*(\d+|null)/.exec(text)?.[1] ?? "?";
}

function tableOf(results: readonly ScenarioResult[]): Table {
  return {
    title: `${RETRIEVERS} retrievers, budget ${BUDGET} per ${WINDOW_MS / 1000}-s window (time ÷ ${SCALE}), ${REPLICAS} replicas on PostgreSQL`,
    columns: ["Run", "What", "Measured", `Real (× ${SCALE})`],
    rows: results.flatMap((r) => {
      const sorted = [...r.latenciesMs].sort((a, b) => a - b);
      const rows = [
        [r.name, "calls at the simulator", String(r.calls), ""],
        [
          r.name,
          `calls per sliding window (max / median / min), ${r.windows.length} windows`,
          `${r.busiest} / ${percentile(
            [...r.windows].sort((a, b) => a - b),
            50,
          )} / ${Math.min(...r.windows)}`,
          `budget ${BUDGET}`,
        ],
        [r.name, "every retriever checked after the failures", r.checkedAll ? "yes" : "no", ""],
        [
          r.name,
          "effective interval (computed / the bot's /healthz)",
          `${s(EFFECTIVE_INTERVAL_MS)} / ${String(r.botIntervalSeconds)} s`,
          real(EFFECTIVE_INTERVAL_MS),
        ],
        [r.name, `alerts posted (of ${RETRIEVERS})`, String(r.latenciesMs.length), ""],
        [r.name, "alert latency p50", s(percentile(sorted, 50)), real(percentile(sorted, 50))],
        [r.name, "alert latency p95", s(percentile(sorted, 95)), real(percentile(sorted, 95))],
        [r.name, "alert latency max", s(sorted.at(-1)), real(sorted.at(-1))],
        [
          r.name,
          "commands answered / asked (budget spent)",
          `${r.answered} / ${COMMANDS} (${r.budgetSpent})`,
          "",
        ],
        [r.name, "people's share of granted slots", `${(r.peopleShare * 100).toFixed(1)} %`, ""],
      ];
      if (r.name.includes("429")) {
        rows.push([r.name, "429s received", String(r.tooMany), ""]);
        rows.push([r.name, "pause after the first 429", s(r.pauseMs), real(r.pauseMs)]);
      }
      return rows;
    }),
  };
}

export const budgetBenchmark: Benchmark = {
  name: "budget",
  title: "Request budget",
  run,
};
