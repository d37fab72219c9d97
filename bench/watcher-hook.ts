/**
 * The bot-side half of the watcher benchmark, served by bench/serve-bot.ts: subscribe a channel to many
 * retrievers through the bot's own store, then let the bot's own alert watcher (`bot.deps.watcher`, as
 * bot.ts wires it) run rounds until no watch is due, sampling the process's RSS meanwhile.
 */
import { watcherSettingsFromConfig } from "../src/alerts/watcher/index.js";
import type { RunningBot } from "../src/bot.js";
import { summarize } from "./lib/stats.js";

export interface SubscribeArgs {
  namespace: string;
  channelId: string;
  teamId: string;
  retrievers: Array<{ id: string; name: string }>;
}

export interface WatcherPassResult {
  /** From the first round's start to the end of the last round that checked anything. */
  durationMs: number;
  rounds: number;
  roundP50Ms: number;
  roundMaxMs: number;
  checked: number;
  upstreamErrors: number;
  concurrency: number;
  maxWatchesPerRound: number;
  /** Highest RSS sampled every 10 ms during the pass. */
  peakRss: number;
}

export function watcherCommands(bot: RunningBot) {
  return {
    subscribe: async (args: unknown) => {
      const { namespace, channelId, teamId, retrievers } = args as SubscribeArgs;
      for (const retriever of retrievers) {
        await bot.deps.store.subscribe({
          teamId,
          channelId,
          namespace,
          retrieverId: retriever.id,
          retrieverName: retriever.name,
          mention: null,
          createdBy: "U0BENCH",
          now: bot.deps.now(),
        });
      }
      return retrievers.length;
    },
    /**
     * Rounds back to back until one finds nothing due. The watcher's own ticker may fire meanwhile; it then
     * joins the round in progress (rounds never overlap), so every watch is checked inside the timing.
     */
    watcherPass: async (): Promise<WatcherPassResult> => {
      const settings = watcherSettingsFromConfig(bot.deps.config);
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }, 10);
      const roundsMs: number[] = [];
      let checked = 0;
      let upstreamErrors = 0;
      const started = performance.now();
      let lastEnd = started;
      try {
        for (;;) {
          const roundStart = performance.now();
          const report = await bot.deps.watcher.runRound();
          if (report.checked === 0) break;
          lastEnd = performance.now();
          roundsMs.push(lastEnd - roundStart);
          checked += report.checked;
          upstreamErrors += report.upstreamErrors;
        }
      } finally {
        clearInterval(sampler);
      }
      const rounds = summarize(roundsMs);
      return {
        durationMs: lastEnd - started,
        rounds: roundsMs.length,
        roundP50Ms: rounds.p50,
        roundMaxMs: rounds.max,
        checked,
        upstreamErrors,
        concurrency: settings.concurrency,
        maxWatchesPerRound: settings.maxWatchesPerRound,
        peakRss: Math.max(peakRss, process.memoryUsage().rss),
      };
    },
  };
}
