/**
 * The real bot in a process of its own, configured from the environment as main.ts configures it, with
 * its logs written to BENCH_LOG_FILE at the production level (writing them is part of the cost). The
 * runner starts it through bench/lib/world.ts and asks it for cache stats, memory and log counts.
 */
import { readFileSync } from "node:fs";
import { pino } from "pino";
import { startBot } from "../src/bot.js";
import { loadConfig } from "../src/config.js";
import { reportStartFailure, serveCommands } from "./lib/child.js";
import { watcherCommands } from "./watcher-hook.js";

export interface LogCounts {
  byLevel: Record<string, number>;
  /** The first few warning and error messages, to say what went wrong. */
  problems: string[];
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logFile = process.env.BENCH_LOG_FILE;
  if (!logFile) throw new Error("BENCH_LOG_FILE is required");
  const destination = pino.destination({ dest: logFile, sync: false, mkdir: true });
  const bot = await startBot(config, { logDestination: destination });

  const workspace = bot.workspace;
  if (!workspace) throw new Error("the bench runs the bot in single-workspace mode");
  serveCommands(
    bot.url,
    {
      stats: () => workspace.executions.stats(),
      logs: () => {
        destination.flushSync();
        return countLogs(readFileSync(logFile, "utf8"));
      },
      ...watcherCommands(bot),
    },
    async () => {
      await bot.stop();
      destination.flushSync();
    },
  );
}

function countLogs(text: string): LogCounts {
  const byLevel: Record<string, number> = {};
  const problems: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const entry = JSON.parse(line) as { level?: string; msg?: string; err?: { message?: string } };
    const level = entry.level ?? "unknown";
    byLevel[level] = (byLevel[level] ?? 0) + 1;
    if ((level === "warn" || level === "error" || level === "fatal") && problems.length < 5) {
      problems.push(`${level}: ${entry.msg ?? line}${entry.err?.message ? ` (${entry.err.message})` : ""}`);
    }
  }
  return { byLevel, problems };
}

main().catch(reportStartFailure);
