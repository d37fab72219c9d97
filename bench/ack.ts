/**
 * Ack: how fast the HTTP answer to a signed `/executions product-search` comes back, from the bot and from
 * a bare Bolt app, at concurrency 1, 20 and 200; then the bot again with Mixpeek answering in 2.5 s, where
 * the ack must not move because the page is fetched after it.
 */
import type { ChildServer } from "./lib/child.js";
import { combineRuns, type LoadResult, type LoadRun, runClosedLoop } from "./lib/load.js";
import type { BenchContext, Benchmark, BenchReport, Table } from "./lib/report.js";
import { SlackSender, slashCommandForm } from "./lib/slack-requests.js";
import { ms, rate, ratio } from "./lib/stats.js";
import { BENCH_SECRETS, startWorld, type World } from "./lib/world.js";
import type { LogCounts } from "./serve-bot.js";

const LEVELS = [
  { concurrency: 1, total: 400 },
  { concurrency: 20, total: 2000 },
  { concurrency: 200, total: 4000 },
] as const;
const JIT_WARM_UP = { concurrency: 20, total: 300 };
const SLOW_MIXPEEK_MS = 2500;
const COMMAND = "product-search";

type Level = { concurrency: number; total: number };

/** One app (or one setting of it) measured at a level. */
interface Variant {
  label: string;
  target: ChildServer;
  /** Runs before each of this variant's chunks, e.g. to set the simulator's latency. */
  before?: () => void;
}

interface VariantResult extends LoadResult {
  /** Requests whose response_url got a post, and posts beyond one per request. */
  answered: number;
  duplicates: number;
}

/**
 * Measures the variants at one level in `chunks` interleaved pieces (A B B A …), each piece waiting until
 * all its requests were answered through their response_url. Every piece starts with one unmeasured
 * request per worker (max(50, 2 × concurrency) before the first): connections that went idle are closed
 * after a few seconds, and a burst of 200 new ones measures connection setup rather than the app.
 */
async function measureLevel(
  world: World,
  variants: Variant[],
  level: Level,
  chunks: number,
): Promise<VariantResult[]> {
  const senders = variants.map(
    (v) => new SlackSender(`${v.target.url}/slack/events`, BENCH_SECRETS.signingSecret, level.concurrency),
  );
  const send = (v: number, prefix: string) => async (i: number, worker: number) => {
    const form = slashCommandForm(COMMAND, world.sink.responseUrl(`${prefix}${i}`));
    const reply = await senders[v]!.send(form, worker);
    return reply.status === 200 && reply.body === ""
      ? true
      : `HTTP ${reply.status}: ${reply.body.slice(0, 80)}`;
  };
  const prefixOf = (v: number, part: string) => `${variants[v]!.label}-${part}-c${level.concurrency}-`;
  const warmUp = (v: number, count: number, chunk: number) =>
    runClosedLoop(count, level.concurrency, send(v, prefixOf(v, `warm${chunk}`))).then(() =>
      world.sink.waitForAnswers(prefixOf(v, `warm${chunk}`), count, 30_000).catch(() => undefined),
    );
  for (const v of variants.keys()) {
    variants[v]!.before?.();
    await warmUp(v, Math.max(50, 2 * level.concurrency), -1);
  }
  const runs: LoadRun[][] = variants.map(() => []);
  const perChunk = Math.ceil(level.total / chunks);
  for (let chunk = 0; chunk < chunks; chunk++) {
    const order = [...variants.keys()];
    if (chunk % 2 === 1) order.reverse();
    for (const v of order) {
      variants[v]!.before?.();
      // Connections idle while the other variant ran may have been closed; reopen them unmeasured.
      await warmUp(v, level.concurrency, chunk);
      const prefix = prefixOf(v, "run");
      runs[v]!.push(await runClosedLoop(perChunk, level.concurrency, send(v, prefix), chunk * perChunk));
      await world.sink.waitForAnswers(prefix, (chunk + 1) * perChunk, 30_000).catch(() => undefined);
    }
  }
  await Promise.all(senders.map((s) => s.close()));
  return variants.map((_, v) => {
    const { ids, duplicates } = world.sink.answered(prefixOf(v, "run"));
    return { ...combineRuns(runs[v]!), answered: ids, duplicates };
  });
}

async function warmJit(world: World, target: ChildServer, label: string): Promise<void> {
  await measureLevel(world, [{ label, target }], JIT_WARM_UP, 1);
}

function problemCount(results: VariantResult[], total: number): number {
  return results.reduce((sum, r) => sum + r.errors + r.duplicates + (total - r.answered), 0);
}

function firstError(results: LoadResult[]): string {
  const found = results.find((r) => r.firstError !== undefined)?.firstError;
  return found ? ` (first: ${found})` : "";
}

function logLine(logs: LogCounts): string {
  return `${JSON.stringify(logs.byLevel)}${logs.problems.length ? `; ${logs.problems.join("; ")}` : ""}`;
}

async function botVersusBare(world: World, ctx: BenchContext): Promise<{ table: Table; summary: string[] }> {
  const bare = await world.startBare();
  const bot = await world.startBot();
  ctx.progress("ack: warming up");
  await warmJit(world, bare, "bare-jit");
  await warmJit(world, bot, "bot-jit");
  const rows: string[][] = [];
  let problems = 0;
  const all: VariantResult[] = [];
  for (const level of LEVELS) {
    ctx.progress(`ack: concurrency ${level.concurrency}`);
    const [b, o] = (await measureLevel(
      world,
      [
        { label: "bare", target: bare },
        { label: "bot", target: bot },
      ],
      level,
      4,
    )) as [VariantResult, VariantResult];
    problems += problemCount([b, o], level.total);
    all.push(b, o);
    rows.push([
      String(level.concurrency),
      String(level.total),
      ms(b.latency.p50),
      ms(o.latency.p50),
      ratio(o.latency.p50, b.latency.p50),
      ms(b.latency.p99),
      ms(o.latency.p99),
      ratio(o.latency.p99, b.latency.p99),
      rate(b.requestsPerSecond),
      rate(o.requestsPerSecond),
      ratio(o.requestsPerSecond, b.requestsPerSecond),
      `${b.errors} / ${o.errors}`,
      `${b.answered} / ${o.answered}`,
    ]);
  }
  const logs = await bot.call<LogCounts>("logs");
  await bot.stop();
  await bare.stop();
  return {
    table: {
      title: `Ack of \`/executions ${COMMAND}\`: bare Bolt app vs bot (× = bot / bare)`,
      columns: [
        "Concurrency",
        "Requests",
        "p50 bare",
        "p50 bot",
        "×",
        "p99 bare",
        "p99 bot",
        "×",
        "req/s bare",
        "req/s bot",
        "×",
        "Errors bare / bot",
        "Answered bare / bot",
      ],
      rows,
    },
    summary: [
      `Errors, unanswered or doubly answered requests: ${problems} (bare and bot, all levels)${firstError(all)}.`,
      `Bot log lines: ${logLine(logs)}.`,
    ],
  };
}

/**
 * A bot whose cache keeps expiring (TTL 1 s), so most requests wait on Mixpeek for their answer, measured
 * with Mixpeek at 0 ms and at 2.5 s in interleaved chunks.
 */
async function slowMixpeek(world: World, ctx: BenchContext): Promise<{ table: Table; summary: string[] }> {
  const bot = await world.startBot({ CACHE_TTL_SECONDS: "1" });
  await warmJit(world, bot, "ttl1-jit");
  const rows: string[][] = [];
  let problems = 0;
  const all: VariantResult[] = [];
  for (const level of LEVELS) {
    ctx.progress(`ack: slow Mixpeek, concurrency ${level.concurrency}`);
    const [fast, slow] = (await measureLevel(
      world,
      [
        { label: "fast", target: bot, before: () => world.sim.setLatency(0) },
        { label: "slow", target: bot, before: () => world.sim.setLatency(SLOW_MIXPEEK_MS) },
      ],
      level,
      2,
    )) as [VariantResult, VariantResult];
    problems += problemCount([fast, slow], level.total);
    all.push(fast, slow);
    rows.push([
      String(level.concurrency),
      String(level.total),
      ms(fast.latency.p50),
      ms(slow.latency.p50),
      ratio(slow.latency.p50, fast.latency.p50),
      ms(fast.latency.p99),
      ms(slow.latency.p99),
      ratio(slow.latency.p99, fast.latency.p99),
      `${fast.answered} / ${slow.answered}`,
    ]);
  }
  world.sim.setLatency(0);
  const logs = await bot.call<LogCounts>("logs");
  await bot.stop();
  return {
    table: {
      title: `Bot ack with Mixpeek answering in 0 ms vs ${SLOW_MIXPEEK_MS} ms (cache TTL 1 s; × = slow / fast)`,
      columns: [
        "Concurrency",
        "Requests",
        "p50 @0",
        `p50 @${SLOW_MIXPEEK_MS}`,
        "×",
        "p99 @0",
        `p99 @${SLOW_MIXPEEK_MS}`,
        "×",
        "Answered fast / slow",
      ],
      rows,
    },
    summary: [
      `Slow Mixpeek: errors, unanswered or doubly answered requests: ${problems}${firstError(all)}; bot log lines: ${logLine(logs)}.`,
    ],
  };
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const world = await startWorld(ctx.root);
  try {
    const main = await botVersusBare(world, ctx);
    const slow = await slowMixpeek(world, ctx);
    return {
      summary: [...main.summary, ...slow.summary],
      tables: [main.table, slow.table],
      notes: [
        "Closed loop: N workers each send a signed slash command over its own keep-alive connection (undici Client), wait for the HTTP answer (the ack), and send the next. Latency is until the ack; req/s is requests over the level's summed wall time.",
        `Warm-up: ${JIT_WARM_UP.total} requests per app at concurrency ${JIT_WARM_UP.concurrency} first; before each level max(50, 2 × concurrency) unmeasured requests open the connections, and each chunk starts with one unmeasured request per worker to reopen connections that went idle.`,
        "The two apps (or the two Mixpeek latencies) are measured in interleaved chunks (A B B A), so drift on a shared machine hits both alike. Every chunk waits until each of its requests was answered through its response_url (a counting sink) before the next starts.",
        "The bot's page is cached after the first request (TTL 30 s), so the first table is the bot's own per-request work on top of Bolt: parsing, cache lookup, rendering the list, a log line and the response_url post.",
        `Slow Mixpeek: a bot with CACHE_TTL_SECONDS=1, so the page keeps expiring and requests keep waiting (single flight) on Mixpeek for their answer; latency is set before each chunk. The ack does not wait for Mixpeek; when Mixpeek is slow the rendering and posting happen after the acks, which is why the ack can even get faster.`,
        "Client, simulator and sink share the runner's process and the machine's cores with the app under test; absolute numbers are for this machine, the ratios are the point.",
      ],
    };
  } finally {
    await world.close();
  }
}

export const ackBenchmark: Benchmark = { name: "ack", title: "Ack latency and throughput", run };
