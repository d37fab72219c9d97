/**
 * Failures the test causes in the simulator, at a steady pace, on retrievers picked by a seeded random
 * source; each is remembered with the channels it is owed to.
 */
import type { Random, Simulator } from "@executions-bot/mixpeek-simulator";
import type { CausedFailure } from "./ledger.js";
import { NAMESPACE, type WatchedRetriever } from "./world.js";

export class FailureStream {
  readonly caused: CausedFailure[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sim: Simulator,
    private readonly retrievers: readonly WatchedRetriever[],
    private readonly random: Random,
  ) {}

  /** One failure of a random retriever, now. */
  failOne(): CausedFailure {
    const retriever = this.random.pick(this.retrievers);
    const run = this.sim.failNow(NAMESPACE, retriever.id, { error: "Simulated failure during a burst" });
    const failure = {
      executionId: run.execution_id,
      retrieverId: retriever.id,
      channels: retriever.channels,
    };
    this.caused.push(failure);
    return failure;
  }

  /** A failure every `everyMs` until stop(). */
  start(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.failOne(), everyMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
