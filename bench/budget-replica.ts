/**
 * The bot as `npm run bench -- budget` runs it: src/main.ts's start and stop, with the request budget's
 * window shortened to BENCH_BUDGET_WINDOW_MS (the budget per window unchanged), so the benchmark plays ten
 * minutes of budget in one. Production has no such knob; only this script reads it.
 */
import { startBot } from "../src/bot.js";
import { loadConfig } from "../src/config.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const windowMs = Number(process.env.BENCH_BUDGET_WINDOW_MS ?? "60000");
  if (!Number.isInteger(windowMs) || windowMs < 1_000) throw new Error("BENCH_BUDGET_WINDOW_MS: ms, ≥ 1000");
  const bot = await startBot(config, { budgetWindowMs: windowMs });
  const stop = () => {
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `budget bench replica could not start: ${error instanceof Error ? error.message : error}\n`,
  );
  process.exit(1);
});
