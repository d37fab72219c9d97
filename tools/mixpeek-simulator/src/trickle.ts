/**
 * New runs arriving on their own, so a demo shows fresh executions and failure alerts without anyone
 * touching the simulator. Only retrievers that already have runs get more: an empty one stays empty.
 */
import type { SimulatorCore } from "./core.js";
import type { Random } from "./random.js";
import type { ExecutionSummaryWire } from "./types.js";

export interface TrickleOptions {
  intervalMs: number;
  /** Share of new runs that fail, 0..1. */
  failureRate: number;
}

export interface TrickledExecution {
  namespace: string;
  retriever: string;
  execution: ExecutionSummaryWire;
}

/** Starts adding runs every `intervalMs`; returns the function that stops it. */
export function startTrickle(
  core: SimulatorCore,
  random: Random,
  options: TrickleOptions,
  onAdd: (added: TrickledExecution) => void = () => {},
): () => void {
  const tick = () => {
    const candidates = core.world.namespaces.flatMap((namespace) =>
      namespace.retrievers
        .filter((r) => r.executions.length > 0)
        .map((retriever) => ({ namespace, retriever })),
    );
    if (candidates.length === 0) return;
    const { namespace, retriever } = random.pick(candidates);
    const status = random.chance(options.failureRate) ? "failed" : "completed";
    const execution = core.addExecution(namespace.id, retriever.model.retriever_id, { status });
    onAdd({ namespace: namespace.name, retriever: retriever.model.retriever_name, execution });
  };
  const timer = setInterval(tick, options.intervalMs);
  // A forgotten simulator must not keep a test run or the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
