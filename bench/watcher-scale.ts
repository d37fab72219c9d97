/**
 * Watcher scale: the bot's alert watcher checking 1,000 subscribed retrievers while Mixpeek answers each
 * call in 200 ms, against the floor set by its concurrency (1000 × 200 ms / concurrency). The watcher is
 * the bot's own (bench/watcher-hook.ts runs it inside the bot's process, on the bot's store).
 */
import type { BenchContext, Benchmark, BenchReport } from "./lib/report.js";
import { mb, ms, ratio } from "./lib/stats.js";
import { startWorld } from "./lib/world.js";
import type { LogCounts } from "./serve-bot.js";
import type { SubscribeArgs, WatcherPassResult } from "./watcher-hook.js";

const RETRIEVERS = 1000;
const LATENCY_MS = 200;

async function run(ctx: BenchContext): Promise<BenchReport> {
  const world = await startWorld(ctx.root);
  try {
    const retrievers = Array.from({ length: RETRIEVERS }, (_, i) => {
      const model = world.sim.addRetriever("demo", `bench-watch-${i}`);
      return { id: model.retriever_id, name: model.retriever_name };
    });
    world.sim.setLatency(LATENCY_MS);
    // Subscribing right after start keeps clear of the watcher's first tick (10 s after its start round).
    const bot = await world.startBot();
    ctx.progress(`watcher: subscribing to ${RETRIEVERS} retrievers`);
    const args: SubscribeArgs = { namespace: "demo", teamId: "T0STANDIN", channelId: "C0ALERTS", retrievers };
    await bot.call("subscribe", args);
    const before = await bot.memory();
    world.sim.resetCalls();

    ctx.progress("watcher: rounds until every retriever was checked");
    const pass = await bot.call<WatcherPassResult>("watcherPass");
    const calls = world.sim.state().calls;
    const logs = await bot.call<LogCounts>("logs");
    const floorMs = (RETRIEVERS * LATENCY_MS) / pass.concurrency;
    const roundFloorMs = (Math.min(pass.maxWatchesPerRound, RETRIEVERS) * LATENCY_MS) / pass.concurrency;
    return {
      summary: [
        `Retrievers checked: ${pass.checked} of ${RETRIEVERS} in ${pass.rounds} rounds (at most ${pass.maxWatchesPerRound} watches per round); upstream errors: ${pass.upstreamErrors}; Mixpeek calls: ${JSON.stringify(calls)}.`,
        `Bot log lines: ${JSON.stringify(logs.byLevel)}${logs.problems.length ? `; ${logs.problems.join("; ")}` : ""}.`,
      ],
      tables: [
        {
          title: `The bot's watcher over ${RETRIEVERS} subscribed retrievers, Mixpeek at ${LATENCY_MS} ms (× = time / floor)`,
          columns: ["What", "Time", "Floor", "×"],
          rows: [
            [
              `one round (p50 of ${pass.rounds}, max ${ms(pass.roundMaxMs)})`,
              ms(pass.roundP50Ms),
              ms(roundFloorMs),
              ratio(pass.roundP50Ms, roundFloorMs),
            ],
            [
              `all ${RETRIEVERS} retrievers`,
              ms(pass.durationMs),
              ms(floorMs),
              ratio(pass.durationMs, floorMs),
            ],
          ],
        },
        {
          title: "Bot memory during the pass (× = peak / before)",
          columns: ["RSS before (after GC)", "Peak RSS during the rounds", "×"],
          rows: [[mb(before.rss), mb(pass.peakRss), ratio(pass.peakRss, before.rss)]],
        },
      ],
      notes: [
        `${RETRIEVERS} retrievers added to the simulator (no runs, so nothing to alert: the cost is polling and bookkeeping), one channel subscribed to each through the bot's store (SQLite), then \`watcher.runRound()\` back to back until a round finds nothing due.`,
        `The watcher is configured as the bot configures it: WATCH_CONCURRENCY=${pass.concurrency} (default), and ${pass.maxWatchesPerRound} watches per round, so one pass over ${RETRIEVERS} retrievers takes ${Math.ceil(RETRIEVERS / pass.maxWatchesPerRound)} rounds.`,
        "Floor: every retriever needs at least one Mixpeek call of 200 ms and at most `concurrency` run at once (a round: its watches × 200 ms / concurrency). Peak RSS is sampled every 10 ms during the rounds.",
      ],
    };
  } finally {
    await world.close();
  }
}

export const watcherScaleBenchmark: Benchmark = { name: "watcher", title: "Watcher scale", run };
