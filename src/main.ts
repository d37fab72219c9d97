/** The process entry point: configuration from the environment, start, and a clean stop on signals. */
import { startBot } from "./bot.js";
import { loadConfig } from "./config.js";
import { guardProcess } from "./process-guards.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const bot = await startBot(config);
  let stopping = false;
  const stop = (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    bot.deps.logger.info({ signal }, "stopping");
    bot.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        bot.deps.logger.error({ err: error }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  guardProcess(process, { logger: bot.deps.logger, stop });
}

main().catch((error: unknown) => {
  // One clear line; ConfigError and StartupError messages name variables, never their values.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`executions-bot could not start: ${message}\n`);
  process.exit(1);
});
