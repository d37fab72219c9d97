/** The slowest queries from Mixpeek's free-form slow-query rows, slowest first. */
import type { SlowQueries } from "../mixpeek/analytics-schemas.js";
import { readNumber, readText, readTime } from "./read.js";

export interface SlowQuery {
  /** The query text as Mixpeek sent it (unescaped, any length): views escape and cut it. */
  query: string | null;
  latencyMs: number | null;
  executionId: string | null;
  at: Date | null;
}

export function slowestQueries(rows: SlowQueries, count: number): SlowQuery[] {
  return rows
    .map((row) => ({
      query: readText(row, "query", "query_text", "query_summary", "text"),
      latencyMs: readNumber(
        row,
        "execution_time_ms",
        "latency_ms",
        "duration_ms",
        "total_time_ms",
        "time_ms",
      ),
      executionId: readText(row, "execution_id", "id"),
      at: readTime(row, "timestamp", "created_at", "time"),
    }))
    .sort((a, b) => (b.latencyMs ?? -1) - (a.latencyMs ?? -1))
    .slice(0, Math.max(0, count));
}
