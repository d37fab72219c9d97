/**
 * Answer: the bot against a bare Bolt app on the comparison of issue 14. 20 workers each send a signed
 * `/executions product-search` (a cached page for the bot) and wait until its answer has been posted to
 * the response_url, then send the next. Both apps run under the same Node flags, in interleaved chunks;
 * the ratios (bot / bare) are printed beside the goals: answer p50 within 1.1×, requests a second at
 * least 0.9×, resident memory after the load within 1.15×.
 */
import type { ChildServer, CpuSample, MemorySample } from "./lib/child.js";
import { combineRuns, type LoadResult, type LoadRun, runClosedLoop } from "./lib/load.js";
import type { BenchContext, Benchmark, BenchReport } from "./lib/report.js";
import { SlackSender, slashCommandForm } from "./lib/slack-requests.js";
import { type LatencySummary, mb, ms, rate, ratio, summarize } from "./lib/stats.js";
import { BENCH_SECRETS, startWorld, type World } from "./lib/world.js";
import type { LogCounts } from "./serve-bot.js";

const CONCURRENCY = 20;
const WARM_UP = 600;
const CHUNKS = 8;
const MEMORY_CHUNKS = 3;
const PER_CHUNK = 500;
const COMMAND = "product-search";
const ANSWER_TIMEOUT_MS = 30_000;
const SETTLE_MS = 15_000;

const GOALS = { answerP50: 1.1, requestsPerSecond: 0.9, rss: 1.15 } as const;

interface AppResult extends LoadResult {
  ack: LatencySummary;
  /** CPU time the app's process spent per request (user + system), in ms. */
  cpuMsPerRequest: number;
}

interface App {
  label: string;
  target: ChildServer;
  sender: SlackSender;
  runs: LoadRun[];
  acks: number[];
  cpuMs: number;
  /** Read right after each of the app's measured chunks, after GC. */
  afterChunks: MemorySample[];
}

function appOf(label: string, target: ChildServer): App {
  const sender = new SlackSender(`${target.url}/slack/events`, BENCH_SECRETS.signingSecret, CONCURRENCY);
  return { label, target, sender, runs: [], acks: [], cpuMs: 0, afterChunks: [] };
}

/** `count` requests at CONCURRENCY, each timed from sending until its answer reached the sink. */
async function load(world: World, app: App, part: string, count: number, measured: boolean) {
  const run = await runClosedLoop(count, CONCURRENCY, async (i, worker) => {
    const id = `${app.label}-${part}-${i}`;
    const answered = world.sink.waitForAnswer(id, ANSWER_TIMEOUT_MS);
    const started = performance.now();
    const reply = await app.sender.send(slashCommandForm(COMMAND, world.sink.responseUrl(id)), worker);
    if (measured) app.acks.push(performance.now() - started);
    if (reply.status !== 200 || reply.body !== "") {
      answered.catch(() => undefined);
      return `HTTP ${reply.status}: ${reply.body.slice(0, 80)}`;
    }
    await answered;
    return true;
  });
  return run;
}

const cpuMs = (sample: CpuSample) => (sample.user + sample.system) / 1000;

async function measure(world: World, apps: App[], ctx: BenchContext): Promise<AppResult[]> {
  for (const app of apps) await load(world, app, "warm", WARM_UP, false);
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    ctx.progress(`answer: chunk ${chunk + 1} of ${CHUNKS}`);
    const order = chunk % 2 === 0 ? apps : [...apps].reverse();
    for (const app of order) {
      // One unmeasured request per worker reopens connections that went idle while the other app ran.
      await load(world, app, `reopen${chunk}`, CONCURRENCY, false);
      const before = await app.target.call<CpuSample>("cpu");
      app.runs.push(await load(world, app, `run${chunk}`, PER_CHUNK, true));
      app.cpuMs += cpuMs(await app.target.call<CpuSample>("cpu")) - cpuMs(before);
    }
  }
  // Memory has chunks of its own, after the timed ones: reading it means full collections, which would
  // slow the chunk after them. It is read at once after each, before the app idles through the other
  // app's chunk: an idle V8 soon gives back the young generation it grew under load, and whether it had
  // yet would otherwise decide the ratio.
  for (let chunk = 0; chunk < MEMORY_CHUNKS; chunk++) {
    ctx.progress(`answer: memory chunk ${chunk + 1} of ${MEMORY_CHUNKS}`);
    for (const app of chunk % 2 === 0 ? apps : [...apps].reverse()) {
      await load(world, app, `memory${chunk}`, PER_CHUNK, false);
      app.afterChunks.push(await app.target.memory());
    }
  }
  return apps.map((app) => {
    const combined = combineRuns(app.runs);
    return {
      ...combined,
      ack: summarize(app.acks),
      cpuMsPerRequest: app.cpuMs / Math.max(1, combined.latency.count),
    };
  });
}

/** The sample with the median RSS (its heap figure comes with it). */
function medianSample(samples: MemorySample[]): MemorySample {
  const sorted = [...samples].sort((a, b) => a.rss - b.rss);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new Error("no memory samples");
  return middle;
}

function verdict(value: number, goal: number, atMost: boolean): string {
  if (!Number.isFinite(value)) return "–";
  const met = atMost ? value <= goal : value >= goal;
  return `${met ? "met" : "NOT met"} (${atMost ? "≤" : "≥"} ${goal.toFixed(2)}×)`;
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const world = await startWorld(ctx.root);
  try {
    const bareChild = await world.startBare();
    const botChild = await world.startBot({ CACHE_TTL_SECONDS: "600" });
    const idle: [MemorySample, MemorySample] = [await bareChild.memory(), await botChild.memory()];
    const apps = [appOf("bare", bareChild), appOf("bot", botChild)];
    const [bare, bot] = (await measure(world, apps, ctx)) as [AppResult, AppResult];
    const after = apps.map((app) => medianSample(app.afterChunks)) as [MemorySample, MemorySample];
    // V8 gives back the young generation it grew only once a process has been idle a while; both settle alike.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settled: [MemorySample, MemorySample] = [await bareChild.memory(), await botChild.memory()];
    await Promise.all(apps.map((app) => app.sender.close()));
    const logs = await botChild.call<LogCounts>("logs");
    const stats = await botChild.call<{ hits: number; misses: number }>("stats");

    const doubled = world.sink.answered("bot-").duplicates + world.sink.answered("bare-").duplicates;
    const x = (b: number, a: number) => b / a;
    const row = (figure: string, a: string, b: string, r: string, goal = "") => [figure, a, b, r, goal];
    const requests = bare.latency.count;
    const errors = bare.errors + bot.errors;
    return {
      summary: [
        `Requests measured: ${requests} per app (${CHUNKS} chunks of ${PER_CHUNK}); errors or unanswered: ${errors}; answered twice: ${doubled}${(bare.firstError ?? bot.firstError) ? ` (first: ${bare.firstError ?? bot.firstError})` : ""}.`,
        `Bot cache during the run: ${stats.hits} hits, ${stats.misses} misses. Bot log lines: ${JSON.stringify(logs.byLevel)}${logs.problems.length ? `; ${logs.problems.join("; ")}` : ""}.`,
      ],
      tables: [
        {
          title: `\`/executions ${COMMAND}\` on a cached page, ${CONCURRENCY} at a time: bare Bolt app vs bot (× = bot / bare)`,
          columns: ["Figure", "bare Bolt", "bot", "×", "goal"],
          rows: [
            row(
              "answer p50 (sent → posted)",
              ms(bare.latency.p50),
              ms(bot.latency.p50),
              ratio(bot.latency.p50, bare.latency.p50),
              verdict(x(bot.latency.p50, bare.latency.p50), GOALS.answerP50, true),
            ),
            row(
              "answer p99",
              ms(bare.latency.p99),
              ms(bot.latency.p99),
              ratio(bot.latency.p99, bare.latency.p99),
            ),
            row("ack p50", ms(bare.ack.p50), ms(bot.ack.p50), ratio(bot.ack.p50, bare.ack.p50)),
            row(
              "requests a second",
              rate(bare.requestsPerSecond),
              rate(bot.requestsPerSecond),
              ratio(bot.requestsPerSecond, bare.requestsPerSecond),
              verdict(x(bot.requestsPerSecond, bare.requestsPerSecond), GOALS.requestsPerSecond, false),
            ),
            row(
              "CPU per request",
              ms(bare.cpuMsPerRequest),
              ms(bot.cpuMsPerRequest),
              ratio(bot.cpuMsPerRequest, bare.cpuMsPerRequest),
            ),
            row("RSS idle (after GC)", mb(idle[0].rss), mb(idle[1].rss), ratio(idle[1].rss, idle[0].rss)),
            row(
              "RSS after the load (after GC)",
              mb(after[0].rss),
              mb(after[1].rss),
              ratio(after[1].rss, after[0].rss),
              verdict(x(after[1].rss, after[0].rss), GOALS.rss, true),
            ),
            row(
              `RSS ${SETTLE_MS / 1000} s after the load (after GC)`,
              mb(settled[0].rss),
              mb(settled[1].rss),
              ratio(settled[1].rss, settled[0].rss),
            ),
            row(
              "young generation after the load",
              mb(after[0].youngGeneration),
              mb(after[1].youngGeneration),
              ratio(after[1].youngGeneration, after[0].youngGeneration),
            ),
            row(
              "heap used after the load",
              mb(after[0].heapUsed),
              mb(after[1].heapUsed),
              ratio(after[1].heapUsed, after[0].heapUsed),
            ),
          ],
        },
      ],
      notes: [
        `Closed loop: ${CONCURRENCY} workers, each on its own keep-alive connection, send a signed \`/executions ${COMMAND}\` and wait until its answer was posted to its response_url (a counting sink in the runner), then send the next. Answer latency is from sending the command until the post arrived; requests a second are measured requests over the chunks' summed wall time.`,
        `Both apps run in child processes as production runs the bot: built as \`npm run build\` builds it (tools/build/bundle.mjs), under plain node with the same flags (--expose-gc, and BENCH_CHILD_ARGS if set), pointed at the same stand-in and sink. ${WARM_UP} unmeasured requests each first; then ${CHUNKS} chunks of ${PER_CHUNK} per app, interleaved (A B B A …) so a noisy neighbour hits both alike, each chunk after one unmeasured request per worker.`,
        "The bot's page is cached after the first request (CACHE_TTL_SECONDS=600): what is measured is the bot's own work per request on top of Bolt (parse, look up, render, log, metrics, post). The bare app posts a one-line message; the bot posts the whole page (10 runs).",
        `CPU per request: user + system time of the app's process over the measured chunks, divided by their requests. RSS is read after two full garbage collections: idle before the load; right after each of ${MEMORY_CHUNKS} more chunks of ${PER_CHUNK} per app, untimed, after the timed ones (the median of the ${MEMORY_CHUNKS} is the figure; read at once, because an idle V8 gives back the young generation it grew under load, and whether it had yet would otherwise decide the ratio); and ${SETTLE_MS / 1000} s after the load, once both had time to give it back.`,
      ],
    };
  } finally {
    await world.close();
  }
}

export const answerBenchmark: Benchmark = { name: "answer", title: "Answer vs bare Bolt", run };
