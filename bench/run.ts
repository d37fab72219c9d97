/**
 * `npm run bench` runs every benchmark; `npm run bench -- ack memory` runs those named. Tables go to
 * stdout, progress to stderr, and each benchmark's section of docs/benchmarks.md is replaced with the
 * new numbers, the date, the machine and the command that made them.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ackBenchmark } from "./ack.js";
import { answerBenchmark } from "./answer.js";
import { budgetBenchmark } from "./budget.js";
import { chartRenderBenchmark } from "./chart-render.js";
import { sectionMarkdown, updateBenchmarksDoc } from "./lib/docs.js";
import type { Benchmark } from "./lib/report.js";
import { reportAsText } from "./lib/report.js";
import { memoryBenchmark } from "./memory.js";
import { pageTurnBenchmark } from "./page-turn.js";
import { replicasBenchmark } from "./replicas.js";
import { upstreamEconomyBenchmark } from "./upstream-economy.js";
import { watcherScaleBenchmark } from "./watcher-scale.js";

const BENCHMARKS: Benchmark[] = [
  answerBenchmark,
  ackBenchmark,
  pageTurnBenchmark,
  upstreamEconomyBenchmark,
  memoryBenchmark,
  watcherScaleBenchmark,
  replicasBenchmark,
  chartRenderBenchmark,
  budgetBenchmark,
];

async function main(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const unknown = names.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`,
    );
    process.exitCode = 2;
    return;
  }
  const chosen = names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => names.includes(b.name));
  const command = names.length === 0 ? "npm run bench" : `npm run bench -- ${names.join(" ")}`;
  const sections = new Map<string, string>();
  for (const benchmark of chosen) {
    const started = performance.now();
    const report = await benchmark.run({ root, progress: (line) => console.error(`  … ${line}`) });
    console.log(`${reportAsText(benchmark.title, report)}\n`);
    console.error(`  (${benchmark.name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    sections.set(
      benchmark.name,
      sectionMarkdown(benchmark.name, benchmark.title, report, { date: new Date(), command }),
    );
  }
  const doc = join(root, "docs", "benchmarks.md");
  updateBenchmarksDoc(
    doc,
    BENCHMARKS.map((b) => b.name),
    sections,
  );
  console.error(`Results written to ${doc}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
