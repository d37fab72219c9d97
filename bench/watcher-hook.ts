/**
 * The bot-side half of the watcher benchmark, served by bench/serve-bot.ts: subscribe a channel to many
 * retrievers through the bot's own store, then run one watcher round while sampling the process's RSS.
 *
 * ▶ LEAD: `createBenchWatcher` is the one place that knows how to build the alert watcher. It builds an
 *   AlertWatcher from src/alerts/watcher/watcher.ts the way the bot will; once the bot owns its watcher
 *   (e.g. `bot.deps.watcher`), return that instead, keeping `maxWatchesPerRound` high enough for one
 *   round to cover every watch.
 */
import { WebClient } from "@slack/web-api";
import { watcherSettings, watcherSettingsFromConfig } from "../src/alerts/watcher/settings.js";
import { AlertWatcher } from "../src/alerts/watcher/watcher.js";
import type { RunningBot } from "../src/bot.js";

export interface SubscribeArgs {
  namespace: string;
  channelId: string;
  teamId: string;
  retrievers: Array<{ id: string; name: string }>;
}

export interface WatcherRoundResult {
  durationMs: number;
  /** Highest RSS sampled every 10 ms during the round. */
  peakRss: number;
  rssBefore: number;
  checked: number;
  upstreamErrors: number;
  concurrency: number;
}

interface BenchWatcher {
  runRound(): Promise<{ checked: number; upstreamErrors: number }>;
  concurrency: number;
}

/** The watcher under test: one round must reach `watches` retrievers. */
function createBenchWatcher(bot: RunningBot, watches: number): BenchWatcher {
  const { config, store, mixpeek, logger, now } = bot.deps;
  const settings = watcherSettings({ ...watcherSettingsFromConfig(config), maxWatchesPerRound: watches });
  const watcher = new AlertWatcher({
    store,
    mixpeek,
    slack: new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl }),
    logger,
    now,
    owner: "bench",
    settings,
  });
  return { runRound: () => watcher.runRound(), concurrency: settings.concurrency };
}

export function watcherCommands(bot: RunningBot) {
  let subscribed = 0;
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
      subscribed += retrievers.length;
      return subscribed;
    },
    watcherRound: async (): Promise<WatcherRoundResult> => {
      const watcher = createBenchWatcher(bot, Math.max(1, subscribed));
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }, 10);
      const started = performance.now();
      try {
        const report = await watcher.runRound();
        return {
          durationMs: performance.now() - started,
          peakRss: Math.max(peakRss, process.memoryUsage().rss),
          rssBefore,
          checked: report.checked,
          upstreamErrors: report.upstreamErrors,
          concurrency: watcher.concurrency,
        };
      } finally {
        clearInterval(sampler);
      }
    },
  };
}
