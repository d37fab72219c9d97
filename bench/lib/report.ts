/**
 * What every benchmark hands back to the runner, and the two ways it is shown: plain text on the console
 * and Markdown in docs/benchmarks.md. One shape, so the console and the docs never disagree.
 */

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface BenchReport {
  /** One-line verdicts, e.g. "errors: 0" or "ack did not move with a slow Mixpeek (1.02×)". */
  summary: string[];
  tables: Table[];
  /** How the numbers were made, for a reader of the docs. */
  notes: string[];
}

export interface BenchContext {
  /** The repository root, where the children are started from. */
  root: string;
  /** Progress on stderr, so stdout stays the tables. */
  progress(line: string): void;
}

export interface Benchmark {
  /** What to type after `npm run bench --`. */
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchReport>;
}

export function tableAsText(table: Table): string {
  const widths = table.columns.map((column, i) =>
    Math.max(column.length, ...table.rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ");
  return [
    table.title,
    line(table.columns),
    line(widths.map((w) => "-".repeat(w))),
    ...table.rows.map(line),
  ].join("\n");
}

export function tableAsMarkdown(table: Table): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    `**${table.title}**`,
    "",
    line(table.columns),
    line(table.columns.map(() => "---")),
    ...table.rows.map(line),
  ].join("\n");
}

export function reportAsText(title: string, report: BenchReport): string {
  return [`== ${title} ==`, ...report.tables.map(tableAsText), ...report.summary.map((s) => `* ${s}`)].join(
    "\n\n",
  );
}
