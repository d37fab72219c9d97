/**
 * Everything a test, the demo or the control API can do to a running simulator, in one place: the
 * programmatic API and the `/_sim/` routes both call these methods, so they cannot drift apart.
 */
import { type CallCounts, CallLog } from "./calls.js";
import { listExecutionsPage } from "./executions-query.js";
import { type Fault, FaultQueue } from "./faults.js";
import type {
  CallKind,
  CallRecord,
  ExecutionDetailWire,
  ExecutionSummaryWire,
  RetrieverWire,
} from "./types.js";
import { type AddRetrieverOptions, type ExecutionOverrides, toExecutionDetail, type World } from "./world.js";

export interface FailOptions {
  error?: string;
  /** Name of the stage that fails; a random stage otherwise. */
  stage?: string;
  query_summary?: string | null;
  created_at?: Date | string;
}

export interface BurstOptions {
  runs: number;
  /** Share of them that fail, 0..1 (default 0). */
  failureRate?: number;
  /** How long each takes; the simulator's own mix when left out. */
  durationMs?: number;
  spreadMs?: number;
}

export interface BurstResult {
  added: number;
  failed: number;
}

export interface RetrieverState {
  retriever_id: string;
  retriever_name: string;
  executions: number;
  /** How many runs have each status. */
  statuses: Record<string, number>;
  latest_created_at: string | null;
}

export interface SimulatorState {
  namespaces: Array<{ id: string; name: string; retrievers: RetrieverState[] }>;
  latencyMs: number;
  faults: Fault[];
  calls: CallCounts;
}

export class SimulatorCore {
  readonly faultQueue = new FaultQueue();
  readonly callLog = new CallLog();
  private latencyMs = 0;

  constructor(readonly world: World) {}

  /** Adds a run, newest by default (created now). */
  addExecution(namespace: string, retriever: string, fields: ExecutionOverrides = {}): ExecutionSummaryWire {
    return { ...this.world.addExecution(namespace, retriever, fields).summary };
  }

  failNow(namespace: string, retriever: string, options: FailOptions = {}): ExecutionSummaryWire {
    const { stage, ...rest } = options;
    return this.addExecution(namespace, retriever, {
      ...rest,
      status: "failed",
      ...(stage === undefined ? {} : { failing_stage: stage }),
    });
  }

  /**
   * `runs` finished runs of one retriever spread over the last `spreadMs` (default 5 minutes) up to now,
   * `failureRate` of them failed (spread evenly, the newest last), each taking `durationMs` when given: a
   * retriever's failure rate or latency raised (or brought back to normal) at once, for threshold alerts.
   */
  addBurst(namespace: string, retriever: string, options: BurstOptions): BurstResult {
    const runs = Math.max(1, Math.min(1000, Math.trunc(options.runs)));
    const rate = Math.max(0, Math.min(1, options.failureRate ?? 0));
    const failed = Math.round(runs * rate);
    const spreadMs = options.spreadMs ?? 5 * 60_000;
    const nowMs = this.world.now().getTime();
    for (let i = 0; i < runs; i++) {
      // The i-th run fails when the running count of failures due by it goes up: even, and newest last.
      const fails = Math.floor(((i + 1) * failed) / runs) > Math.floor((i * failed) / runs);
      this.world.addExecution(namespace, retriever, {
        status: fails ? "failed" : "completed",
        created_at: new Date(nowMs - spreadMs + Math.floor(((i + 1) * spreadMs) / (runs + 1))),
        ...(options.durationMs === undefined ? {} : { duration_ms: options.durationMs }),
      });
    }
    return { added: runs, failed };
  }

  addRetriever(namespace: string, name: string, options: AddRetrieverOptions = {}): RetrieverWire {
    return structuredClone(this.world.addRetriever(namespace, name, options).model);
  }

  /** Delay added to every API call (not to control calls). */
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`Latency must be a non-negative number, got ${ms}`);
    this.latencyMs = ms;
  }

  latency(): number {
    return this.latencyMs;
  }

  injectFault(fault: Fault): void {
    this.faultQueue.add(fault);
  }

  clearFaults(): void {
    this.faultQueue.clear();
  }

  /** API calls that reached a route (faulted and refused ones included). */
  callCount(kind?: CallKind): number {
    return this.callLog.count(kind);
  }

  calls(): CallRecord[] {
    return this.callLog.list();
  }

  resetCalls(): void {
    this.callLog.reset();
  }

  namespaces(): Array<{ id: string; name: string }> {
    return this.world.namespaces.map(({ id, name }) => ({ id, name }));
  }

  retrievers(namespace: string): RetrieverWire[] {
    return this.world.requireNamespace(namespace).retrievers.map((r) => structuredClone(r.model));
  }

  /** All runs of a retriever, newest first: the ground truth tests compare pages against. */
  executions(namespace: string, retriever: string): ExecutionSummaryWire[] {
    const runs = this.world.requireRetriever(namespace, retriever).executions;
    return listExecutionsPage(runs, {}, { offset: 0, limit: runs.length, includeTotal: true }).results;
  }

  execution(namespace: string, retriever: string, executionId: string): ExecutionDetailWire | undefined {
    const run = this.world.findExecution(this.world.requireRetriever(namespace, retriever), executionId);
    return run ? toExecutionDetail(run) : undefined;
  }

  state(): SimulatorState {
    return {
      namespaces: this.world.namespaces.map((ns) => ({
        id: ns.id,
        name: ns.name,
        retrievers: ns.retrievers.map((r) => {
          const statuses: Record<string, number> = {};
          let latest: number | null = null;
          for (const run of r.executions) {
            statuses[run.summary.status] = (statuses[run.summary.status] ?? 0) + 1;
            if (latest === null || run.createdAtMs > latest) latest = run.createdAtMs;
          }
          return {
            retriever_id: r.model.retriever_id,
            retriever_name: r.model.retriever_name,
            executions: r.executions.length,
            statuses,
            latest_created_at: latest === null ? null : new Date(latest).toISOString(),
          };
        }),
      })),
      latencyMs: this.latencyMs,
      faults: this.faultQueue.pending(),
      calls: this.callLog.byKind(),
    };
  }
}
