/**
 * Whether a rule fires, recovers or holds, from one reading of its figure. Pure: the same reading gives
 * the same verdict in every channel that holds the rule.
 */
import type { RuleSpec } from "../store/index.js";
import { recoveryLevel, windowWords } from "./rules.js";

/** One reading of a rule's figure over its window. */
export type Reading =
  | {
      ok: true;
      /** Percent (failure rate) or ms (p95); null when the window had runs but no figure came with them. */
      value: number | null;
      /** Runs the figure stands on: finished runs (failure rate) or queries (p95). */
      runs: number;
      /** Failure rate only: how many of them failed. */
      failed?: number;
      /** The window held more runs than one read returns; the figure stands on the newest of them. */
      partial?: boolean;
    }
  | { ok: false; problem: string };

export type Verdict = "fire" | "recover" | "hold";

export function judge(rule: RuleSpec, firing: boolean, reading: Reading): Verdict {
  if (!reading.ok || reading.value === null) return "hold";
  // Too few runs to tell anything: a firing rule stays firing, a quiet one stays quiet.
  if (reading.runs < rule.minRuns) return "hold";
  if (!firing) return reading.value > rule.threshold ? "fire" : "hold";
  return reading.value < recoveryLevel(rule) ? "recover" : "hold";
}

/**
 * Why a reading cannot be judged, for the subscription's note (told there once, never in the channel);
 * undefined when it can be. Fewer runs than `min-runs` is not a problem: the rule just waits.
 */
export function readingProblem(rule: RuleSpec, reading: Reading): string | undefined {
  if (!reading.ok) return reading.problem;
  const window = windowWords(rule.windowMs);
  if (reading.runs === 0) return `no runs in the last ${window}, so nothing to judge`;
  if (reading.value === null) {
    const what = rule.metric === "p95" ? "p95 latency" : "failure rate";
    return `Mixpeek's analytics sent no ${what} for the last ${window}`;
  }
  return undefined;
}
