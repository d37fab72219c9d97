/**
 * Watcher scale: one alert-watcher round over 1,000 subscribed retrievers while Mixpeek answers each call
 * in 200 ms, against the floor set by the watcher's concurrency (1000 × 200 ms / concurrency).
 * The watcher is built in bench/watcher-hook.ts, inside the bot's process, on the bot's own store.
 */
import type { BenchContext, Benchmark, BenchReport } from "./lib/report.js";
import { mb, ms, ratio } from "./lib/stats.js";
import { startWorld } from "./lib/world.js";
import type { LogCounts } from "./serve-bot.js";
import type { SubscribeArgs, WatcherRoundResult } from "./watcher-hook.js";

const RETRIEVERS = 1000;
const LATENCY_MS = 200;

async function run(ctx: BenchContext): Promise<BenchReport> {
  const world = await startWorld(ctx.root);
  try {
    const bot = await world.startBot();
    ctx.progress(`watcher: subscribing to ${RETRIEVERS} retrievers`);
    const retrievers = Array.from({ length: RETRIEVERS }, (_, i) => {
      const model = world.sim.addRetriever("demo", `bench-watch-${i}`);
      return { id: model.retriever_id, name: model.retriever_name };
    });
    const args: SubscribeArgs = { namespace: "demo", teamId: "T0STANDIN", channelId: "C0ALERTS", retrievers };
    await bot.call("subscribe", args);

    ctx.progress("watcher: one round");
    world.sim.setLatency(LATENCY_MS);
    world.sim.resetCalls();
    const idle = await bot.memory();
    const round = await bot.call<WatcherRoundResult>("watcherRound");
    const calls = world.sim.state().calls;
    const logs = await bot.call<LogCounts>("logs");
    const floorMs = (RETRIEVERS * LATENCY_MS) / round.concurrency;
    return {
      summary: [
        `Retrievers checked: ${round.checked} of ${RETRIEVERS}; upstream errors: ${round.upstreamErrors}; Mixpeek calls: ${JSON.stringify(calls)}.`,
        `Bot log lines: ${JSON.stringify(logs.byLevel)}${logs.problems.length ? `; ${logs.problems.join("; ")}` : ""}.`,
      ],
      tables: [
        {
          title: `One watcher round over ${RETRIEVERS} retrievers, Mixpeek at ${LATENCY_MS} ms (× = vs floor / vs idle)`,
          columns: ["Concurrency", "Round", "Floor", "×", "RSS before (after GC)", "Peak RSS in round", "×"],
          rows: [
            [
              String(round.concurrency),
              ms(round.durationMs),
              ms(floorMs),
              ratio(round.durationMs, floorMs),
              mb(idle.rss),
              mb(round.peakRss),
              ratio(round.peakRss, idle.rss),
            ],
          ],
        },
      ],
      notes: [
        `${RETRIEVERS} retrievers added to the simulator (no runs, so nothing to alert: the round's cost is polling and bookkeeping), one channel subscribed to each through the bot's store (SQLite).`,
        `The watcher uses the bot's configuration (WATCH_CONCURRENCY, default 8) with maxWatchesPerRound raised to ${RETRIEVERS} so one round covers every watch (the default takes 200 per round and leaves the rest to the next ticks).`,
        "Floor: every retriever needs at least one Mixpeek call of 200 ms, and at most `concurrency` run at once. Peak RSS is sampled every 10 ms during the round.",
      ],
    };
  } finally {
    await world.close();
  }
}

export const watcherScaleBenchmark: Benchmark = { name: "watcher", title: "Watcher scale", run };
