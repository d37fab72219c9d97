/**
 * `npm run demo`: try the whole bot in a browser, with no Slack workspace and no Mixpeek account.
 * DEMO_PORT (default 3000) is the page's port; DEMO_TRICKLE_SECONDS (default 15, 0 = off) how often a new
 * simulated run arrives (about a third of them fail); DEMO_DATABASE_URL keeps subscriptions between runs
 * (a temporary file otherwise); LOG_LEVEL (default warn) for the bot's log lines on stderr.
 */
import { startDemo } from "./index.js";

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got '${raw}'`);
  return value;
}

async function main(): Promise<void> {
  const port = numberFromEnv("DEMO_PORT", 3000);
  const demo = await startDemo({
    port,
    trickleSeconds: numberFromEnv("DEMO_TRICKLE_SECONDS", 15),
    ...(process.env.DEMO_DATABASE_URL ? { databaseUrl: process.env.DEMO_DATABASE_URL } : {}),
    logLevel: process.env.LOG_LEVEL?.trim() || "warn",
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(`Port ${port} is already in use: set DEMO_PORT to another port.`);
    }
    throw error;
  });
  console.log(`executions-bot demo: open ${demo.url}  (Ctrl-C stops it)`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The demo could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
