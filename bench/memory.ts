/**
 * Memory: the bot's RSS idle and with its page cache filled to the key limit, against a bare Bolt app.
 * Both run in their own process and are measured after two full garbage collections.
 */
import type { PageQuery } from "../src/executions/types.js";
import type { ChildServer, MemorySample } from "./lib/child.js";
import { runClosedLoop } from "./lib/load.js";
import type { BenchContext, Benchmark, BenchReport } from "./lib/report.js";
import { nextClickForm, SlackSender } from "./lib/slack-requests.js";
import { mb, ratio } from "./lib/stats.js";
import { BENCH_SECRETS, startWorld, type World } from "./lib/world.js";
import type { LogCounts } from "./serve-bot.js";

const MAX_KEYS = 5000;
/** Distinct pages asked for beyond the limit, to show the cache stays bounded. */
const OVERFLOW = 1000;
const RUNS_PER_RETRIEVER = 100;
/** Page sizes and, for each, every page of a retriever's 100 runs: 20 + 10 = 30 pages per retriever. */
const PAGE_SIZES = [5, 10];
const CONCURRENCY = 20;

/** `count` distinct pages over retrievers added to the simulator for this benchmark. */
function distinctPages(world: World, count: number, from: number): PageQuery[] {
  const pages: PageQuery[] = [];
  for (let r = from; pages.length < count; r++) {
    const retriever = `bench-memory-${r}`;
    world.sim.addRetriever("demo", retriever, { executions: RUNS_PER_RETRIEVER });
    for (const limit of PAGE_SIZES) {
      for (let offset = 0; offset < RUNS_PER_RETRIEVER && pages.length < count; offset += limit) {
        pages.push({ namespace: "demo", retriever, status: "all", offset, limit });
      }
    }
  }
  return pages;
}

/** Clicks Next to each page (as Slack would post it) and waits until every click was answered. */
async function visit(world: World, target: ChildServer, pages: PageQuery[], label: string): Promise<number> {
  const sender = new SlackSender(`${target.url}/slack/events`, BENCH_SECRETS.signingSecret, CONCURRENCY);
  const result = await runClosedLoop(pages.length, CONCURRENCY, async (i, worker) => {
    const form = nextClickForm(pages[i]!, world.sink.responseUrl(`${label}-${i}`), `U0MEM${i % 50}`);
    const reply = await sender.send(form, worker);
    return reply.status === 200 ? true : `HTTP ${reply.status}`;
  });
  await sender.close();
  await world.sink.waitForAnswers(`${label}-`, pages.length, 60_000).catch(() => undefined);
  return result.errors + pages.length - world.sink.answered(`${label}-`).ids;
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const world = await startWorld(ctx.root);
  try {
    const bot = await world.startBot({ CACHE_MAX_KEYS: String(MAX_KEYS), CACHE_TTL_SECONDS: "1800" });
    const bare = await world.startBare();
    await settle();
    const botIdle = await bot.memory();
    const bareIdle = await bare.memory();

    ctx.progress(`memory: filling the cache with ${MAX_KEYS} pages`);
    const pages = distinctPages(world, MAX_KEYS, 0);
    let problems = await visit(world, bot, pages, "fill");
    const filledStats = await bot.call<{ keys: number; misses: number }>("stats");
    await settle();
    const botFilled = await bot.memory();

    ctx.progress(`memory: ${OVERFLOW} more pages past the limit`);
    const more = distinctPages(world, OVERFLOW, Math.ceil(MAX_KEYS / 30) + 1);
    problems += await visit(world, bot, more, "overflow");
    const overflowStats = await bot.call<{ keys: number }>("stats");
    await settle();
    const botOverflow = await bot.memory();

    ctx.progress(`memory: the same ${MAX_KEYS} clicks to the bare app`);
    problems += await visit(world, bare, pages, "bare");
    await settle();
    const bareAfter = await bare.memory();
    const logs = await bot.call<LogCounts>("logs");

    const row = (name: string, sample: MemorySample, base: MemorySample, baseName: string) => [
      name,
      mb(sample.rss),
      `${ratio(sample.rss, base.rss)} ${baseName}`,
      mb(sample.heapUsed),
      mb(sample.maxRss),
    ];
    const perKey = (botFilled.heapUsed - botIdle.heapUsed) / MAX_KEYS;
    return {
      summary: [
        `Cache after ${MAX_KEYS} distinct pages: ${filledStats.keys} keys (${filledStats.misses} misses); after ${OVERFLOW} more: ${overflowStats.keys} keys (bounded by CACHE_MAX_KEYS=${MAX_KEYS}).`,
        `Heap per cached page: about ${(perKey / 1024).toFixed(1)} KB ((filled − idle heap) / ${MAX_KEYS}; pages of 5 or 10 runs).`,
        `Errors or unanswered clicks: ${problems}. Bot log lines: ${JSON.stringify(logs.byLevel)}${logs.problems.length ? `; ${logs.problems.join("; ")}` : ""}.`,
      ],
      tables: [
        {
          title: "Resident memory after GC (× = vs the row named)",
          columns: ["Process", "RSS", "×", "Heap used", "Peak RSS so far"],
          rows: [
            row("bare Bolt app, idle", bareIdle, bareIdle, "bare idle"),
            row("bot, idle", botIdle, bareIdle, "bare idle"),
            row(`bot, cache full (${MAX_KEYS} pages)`, botFilled, botIdle, "bot idle"),
            row(`bot, ${OVERFLOW} pages past the limit`, botOverflow, botIdle, "bot idle"),
            row(`bare Bolt app after the same ${MAX_KEYS} clicks`, bareAfter, bareIdle, "bare idle"),
          ],
        },
      ],
      notes: [
        "Each app runs in its own Node process as production runs the bot (built by tools/build/bundle.mjs, plain node), started with --expose-gc; RSS and heap are read after two full collections.",
        `Idle: 1 s after start. Filling: ${MAX_KEYS} Next clicks (signed block_actions, ${CONCURRENCY} at a time), each to a different page: ${Math.ceil(MAX_KEYS / 30)} retrievers added to the simulator with ${RUNS_PER_RETRIEVER} runs each, every page at page sizes ${PAGE_SIZES.join(" and ")}. CACHE_MAX_KEYS=${MAX_KEYS}, CACHE_TTL_SECONDS=1800 so nothing expires while filling.`,
        "Peak RSS is the kernel's high-water mark for the process (getrusage maxrss), including the load itself.",
      ],
    };
  } finally {
    await world.close();
  }
}

export const memoryBenchmark: Benchmark = { name: "memory", title: "Memory", run };
