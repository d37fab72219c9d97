/**
 * Incidents the replica tests cause (issue 16): each retriever alternates between a failing phase (a
 * failed run every 300 ms) and a healthy one (a completed run every 150 ms), so failure incidents open and
 * end, and a failure-rate rule over a few seconds fires and recovers, again and again.
 */
import type { Random, Simulator } from "@executions-bot/mixpeek-simulator";
import type { CausedFailure } from "./ledger.js";
import { NAMESPACE, type WatchedRetriever } from "./world.js";

const FAIL_EVERY_MS = 300;
const COMPLETE_EVERY_MS = 150;

export class IncidentStream {
  readonly caused: CausedFailure[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;

  constructor(
    private readonly sim: Simulator,
    private readonly retrievers: readonly WatchedRetriever[],
    private readonly random: Random,
  ) {}

  start(): void {
    this.running = true;
    for (const retriever of this.retrievers) this.phase(retriever, this.random.chance(0.5));
  }

  stop(): void {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Healthy runs only, on every retriever, every 150 ms: ends every incident still open. */
  heal(): void {
    this.stop();
    this.running = true;
    for (const retriever of this.retrievers) this.every(COMPLETE_EVERY_MS, () => this.complete(retriever));
  }

  private phase(retriever: WatchedRetriever, failing: boolean): void {
    if (!this.running) return;
    const stopStep = this.every(failing ? FAIL_EVERY_MS : COMPLETE_EVERY_MS, () =>
      failing ? this.fail(retriever) : this.complete(retriever),
    );
    const next = setTimeout(
      () => {
        this.timers.delete(next);
        stopStep();
        this.phase(retriever, !failing);
      },
      this.random.int(1500, 3000),
    );
    this.timers.add(next);
  }

  private every(ms: number, step: () => void): () => void {
    const timer = setInterval(step, ms);
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  private fail(retriever: WatchedRetriever): void {
    const run = this.sim.failNow(NAMESPACE, retriever.id, { error: "Simulated failure in an incident" });
    this.caused.push({
      executionId: run.execution_id,
      retrieverId: retriever.id,
      channels: retriever.channels,
    });
  }

  private complete(retriever: WatchedRetriever): void {
    this.sim.addExecution(NAMESPACE, retriever.id, { status: "completed" });
  }
}
