/** The stage of a retriever's pipeline that takes longest, from Mixpeek's stage breakdown. */
import type { StageBreakdown } from "../mixpeek/analytics-schemas.js";
import { readNumber, readText } from "./read.js";

export interface SlowestStage {
  name: string;
  type: string | null;
  avgMs: number | null;
  p95Ms: number | null;
  /** Its average as a share of the whole pipeline's, when Mixpeek gives both. */
  share: number | null;
}

export function slowestStage(breakdown: StageBreakdown): SlowestStage | null {
  let slowest: SlowestStage | null = null;
  let slowestMs = -1;
  for (const row of breakdown.stages) {
    const name = readText(row, "stage_name", "name");
    const avgMs = readNumber(row, "avg_latency_ms", "avg_duration_ms");
    const p95Ms = readNumber(row, "p95_latency_ms");
    const ms = avgMs ?? p95Ms;
    if (name === null || ms === null || ms <= slowestMs) continue;
    slowestMs = ms;
    slowest = { name, type: readText(row, "stage_type", "type"), avgMs, p95Ms, share: null };
  }
  const total = readNumber(breakdown, "total_latency_ms");
  if (slowest?.avgMs != null && total !== null && total > 0) {
    slowest.share = Math.min(1, slowest.avgMs / total);
  }
  return slowest;
}
