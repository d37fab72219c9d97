/**
 * `npm run simulator`: a local Mixpeek for the demo and for trying the bot without an account.
 * SIMULATOR_PORT (default 4010), SIMULATOR_HOST (default 127.0.0.1), MIXPEEK_API_KEY (default
 * sk_demo_local), SIMULATOR_TRICKLE_MS (default 20000, 0 turns new runs off), SIMULATOR_FAILURE_RATE
 * (default 0.25), SIMULATOR_SEED.
 */
import { startSimulator } from "./index.js";

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got '${raw}'`);
  return value;
}

async function main(): Promise<void> {
  const apiKey = process.env.MIXPEEK_API_KEY?.trim() || "sk_demo_local";
  const trickleMs = numberFromEnv("SIMULATOR_TRICKLE_MS", 20_000);
  const failureRate = Math.min(1, numberFromEnv("SIMULATOR_FAILURE_RATE", 0.25));
  const seed = process.env.SIMULATOR_SEED ? numberFromEnv("SIMULATOR_SEED", 0) : undefined;
  const simulator = await startSimulator({
    apiKey,
    port: numberFromEnv("SIMULATOR_PORT", 4010),
    host: process.env.SIMULATOR_HOST ?? "127.0.0.1",
    ...(seed === undefined ? {} : { seed }),
    trickle: trickleMs > 0 ? { intervalMs: trickleMs, failureRate } : false,
    onTrickle: ({ namespace, retriever, execution }) =>
      console.log(`+ ${namespace}/${retriever}: ${execution.execution_id} ${execution.status}`),
  });

  const lines = [
    `Mixpeek simulator listening on ${simulator.url}`,
    `  MIXPEEK_BASE_URL=${simulator.url}`,
    `  MIXPEEK_API_KEY=${apiKey}`,
    `  MIXPEEK_NAMESPACE=${simulator.namespaces()[0]?.name ?? ""}`,
    trickleMs > 0
      ? `  new runs every ${trickleMs} ms, ${Math.round(failureRate * 100)}% failing`
      : "  new runs: off",
    "  control API: GET /_sim/state, POST /_sim/fail {namespace, retriever}, POST /_sim/faults {kind, ...}",
  ];
  for (const namespace of simulator.state().namespaces) {
    lines.push(`  namespace ${namespace.name} (${namespace.id}):`);
    for (const r of namespace.retrievers) {
      lines.push(`    ${r.retriever_name} (${r.retriever_id}): ${r.executions} runs`);
    }
  }
  console.log(lines.join("\n"));

  const shutdown = (signal: string) => {
    console.log(`${signal}: closing the simulator`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
