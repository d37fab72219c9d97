/**
 * Ack: how fast the HTTP answer to a signed `/executions product-search` comes back, from the bot and from
 * a bare Bolt app, at concurrency 1, 20 and 200; then the bot again with Mixpeek answering in 2.5 s, where
 * the ack must not move because the page is fetched after it.
 */
import type { ChildServer } from "./lib/child.js";
import { type LoadResult, runClosedLoop } from "./lib/load.js";
import type { Benchmark, BenchContext, BenchReport } from "./lib/report.js";
import { SlackSender, slashCommandForm } from "./lib/slack-requests.js";
import { ms, rate, ratio } from "./lib/stats.js";
import { BENCH_SECRETS, startWorld, type World } from "./lib/world.js";
import type { LogCounts } from "./serve-bot.js";

const LEVELS = [
  { concurrency: 1, total: 400 },
  { concurrency: 20, total: 2000 },
  { concurrency: 200, total: 4000 },
] as const;
const WARM_UP = { concurrency: 20, total: 300 };
const SLOW_MIXPEEK_MS = 2500;
const COMMAND = "product-search";

type Level = { concurrency: number; total: number };

interface LevelResult extends LoadResult {
  /** Requests whose response_url got exactly one post. */
  answered: number;
  duplicates: number;
}

/** Sends `level.total` commands, then waits until each was answered through its response_url. */
async function measure(world: World, target: ChildServer, label: string, level: Level): Promise<LevelResult> {
  const sender = new SlackSender(`${target.url}/slack/events`, BENCH_SECRETS.signingSecret, level.concurrency);
  const prefix = `${label}-c${level.concurrency}-`;
  const load = await runClosedLoop(level.total, level.concurrency, async (i) => {
    const reply = await sender.send(slashCommandForm(COMMAND, world.sink.responseUrl(`${prefix}${i}`)));
    return reply.status === 200 && reply.body === "" ? true : `HTTP ${reply.status}: ${reply.body.slice(0, 80)}`;
  });
  await sender.close();
  await world.sink.waitForAnswers(prefix, level.total, 30_000).catch(() => undefined);
  const { ids, duplicates } = world.sink.answered(prefix);
  return { ...load, answered: ids, duplicates };
}

function problems(results: LevelResult[], totals: number[]): number {
  return results.reduce((sum, r, i) => sum + r.errors + r.duplicates + (totals[i]! - r.answered), 0);
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const world = await startWorld(ctx.root);
  try {
    const bare = await world.startBare();
    const bot = await world.startBot();
    ctx.progress("ack: warming up");
    await measure(world, bare, "bare-warm", WARM_UP);
    await measure(world, bot, "bot-warm", WARM_UP);

    const rows: string[][] = [];
    const all: LevelResult[] = [];
    for (const level of LEVELS) {
      ctx.progress(`ack: concurrency ${level.concurrency}`);
      // Interleaved per level, so drift in the machine's speed hits both apps alike.
      const b = await measure(world, bare, "bare", level);
      const o = await measure(world, bot, "bot", level);
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
    const botLogs = await bot.call<LogCounts>("logs");
    await bot.stop();
    await bare.stop();

    ctx.progress("ack: slow Mixpeek");
    const slow = await slowMixpeek(world, ctx);
    const totals = [...LEVELS.flatMap((l) => [l.total, l.total])];
    const mainProblems = problems(all, totals);
    return {
      summary: [
        `Errors, unanswered or doubly answered requests: ${mainProblems} (bare and bot, all levels)${firstError(all)}.`,
        `Bot log lines: ${JSON.stringify(botLogs.byLevel)}${botLogs.problems.length ? `; ${botLogs.problems.join("; ")}` : ""}.`,
        ...slow.summary,
      ],
      tables: [
        {
          title: `Ack of \`/executions ${COMMAND}\`: bare Bolt app vs bot (ratio = bot / bare)`,
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
        slow.table,
      ],
      notes: [
        `Closed loop: each of N workers sends a signed slash command over a keep-alive undici pool, waits for the HTTP answer, sends the next. ${WARM_UP.total} warm-up requests per app first.`,
        "Latency is until the ack (the HTTP answer); req/s is requests over the level's wall time. Each request's response_url points at a counting sink, and every level waits until all requests were answered before the next starts.",
        "The bot's page is cached after the first request (TTL 30 s), so this measures the bot's own per-request work: signature check, parsing, cache lookup, rendering, logging and the response_url post.",
        `Slow Mixpeek: a second bot with CACHE_TTL_SECONDS=1, so the page keeps expiring and requests wait on Mixpeek (${SLOW_MIXPEEK_MS} ms) for their answer; same levels at 0 ms and at ${SLOW_MIXPEEK_MS} ms (set before the level starts).`,
      ],
    };
  } finally {
    await world.close();
  }
}

async function slowMixpeek(world: World, ctx: BenchContext) {
  const bot = await world.startBot({ CACHE_TTL_SECONDS: "1" });
  await measure(world, bot, "ttl1-warm", WARM_UP);
  const rows: string[][] = [];
  const all: LevelResult[] = [];
  for (const level of LEVELS) {
    ctx.progress(`ack: slow Mixpeek, concurrency ${level.concurrency}`);
    world.sim.setLatency(0);
    const fast = await measure(world, bot, "ttl1-fast", level);
    world.sim.setLatency(SLOW_MIXPEEK_MS);
    world.sim.resetCalls();
    const slow = await measure(world, bot, "ttl1-slow", level);
    const calls = world.sim.callCount("listExecutions");
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
      `${slow.answered}`,
      String(calls),
    ]);
  }
  world.sim.setLatency(0);
  const logs = await bot.call<LogCounts>("logs");
  await bot.stop();
  const totals = LEVELS.flatMap((l) => [l.total, l.total]);
  return {
    table: {
      title: `Bot ack with Mixpeek at 0 ms vs ${SLOW_MIXPEEK_MS} ms (cache TTL 1 s; ratio = slow / fast)`,
      columns: [
        "Concurrency",
        "Requests",
        "p50 @0",
        `p50 @${SLOW_MIXPEEK_MS}`,
        "×",
        "p99 @0",
        `p99 @${SLOW_MIXPEEK_MS}`,
        "×",
        "Answered (slow)",
        "Mixpeek calls (slow)",
      ],
      rows,
    },
    summary: [
      `Slow Mixpeek: errors, unanswered or doubly answered requests: ${problems(all, totals)}${firstError(all)}; bot log lines: ${JSON.stringify(logs.byLevel)}${logs.problems.length ? `; ${logs.problems.join("; ")}` : ""}.`,
    ],
  };
}

function firstError(results: LoadResult[]): string {
  const found = results.find((r) => r.firstError !== undefined)?.firstError;
  return found ? ` (first: ${found})` : "";
}

export const ackBenchmark: Benchmark = { name: "ack", title: "Ack latency and throughput", run };
