/**
 * Keeps docs/benchmarks.md current: each benchmark owns one section between HTML comment markers, which a
 * run replaces (or adds, in the runner's order), so running one benchmark leaves the others' results as
 * they were. Everything before the first section is hand-written and kept.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, platform, release, totalmem } from "node:os";
import { type BenchReport, tableAsMarkdown } from "./report.js";

const start = (name: string) => `<!-- bench:${name} -->`;
const end = (name: string) => `<!-- /bench:${name} -->`;

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const memory = `${Math.round(totalmem() / 1024 ** 3)} GB`;
  return `${availableParallelism()} cores (${cpu}), ${memory} RAM, ${platform()} ${release()}, Node ${process.version}`;
}

export function sectionMarkdown(
  name: string,
  title: string,
  report: BenchReport,
  meta: { date: Date; command: string },
): string {
  return [
    start(name),
    `## ${title}`,
    "",
    `Measured ${meta.date.toISOString().slice(0, 16).replace("T", " ")} UTC on ${machineLine()}, by \`${meta.command}\`. This section alone: \`npm run bench -- ${name}\`.`,
    "",
    ...report.tables.flatMap((table) => [tableAsMarkdown(table), ""]),
    ...report.summary.map((line) => `- ${line}`),
    "",
    "How it was measured:",
    "",
    ...report.notes.map((line) => `- ${line}`),
    end(name),
  ].join("\n");
}

/** Replaces the named sections in `path`, keeping the others and ordering all sections as `order`. */
export function updateBenchmarksDoc(path: string, order: string[], sections: Map<string, string>): void {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const firstMarker = text.search(/<!-- bench:[a-z-]+ -->/);
  const intro = (firstMarker === -1 ? text : text.slice(0, firstMarker)).trimEnd();
  const kept = new Map<string, string>();
  for (const name of order) {
    const from = text.indexOf(start(name));
    const to = text.indexOf(end(name));
    if (from !== -1 && to > from) kept.set(name, text.slice(from, to + end(name).length));
  }
  const body = order.flatMap((name) => {
    const section = sections.get(name) ?? kept.get(name);
    return section ? [section] : [];
  });
  writeFileSync(path, `${[intro, ...body].join("\n\n")}\n`);
}
