/**
 * The simulator's in-memory state: namespaces, their retrievers and runs, looked up the way Mixpeek
 * does (by id or by name) and changed only through the methods here, whether the change comes from a
 * test, the control API or the trickle.
 */
import { DEFAULT_STAGES } from "./catalog.js";
import type { Random } from "./random.js";
import { generateExecution, generateRetriever, seedExecutions } from "./seed.js";
import type {
  ExecutionDetailWire,
  ExecutionSummaryWire,
  StageProfile,
  StoredExecution,
  StoredNamespace,
  StoredRetriever,
} from "./types.js";

/** A lookup or change the simulator refuses; `status` is what the control API answers with. */
export class SimulatorError extends Error {
  override readonly name = "SimulatorError";
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
  ) {
    super(message);
  }
}

export interface ExecutionOverrides extends Partial<Omit<ExecutionSummaryWire, "created_at">> {
  created_at?: Date | string;
  /** For failed runs: the error message. */
  error?: string;
  /** For failed runs: the name of the stage that fails. */
  failing_stage?: string;
}

export interface AddRetrieverOptions {
  /** Runs to seed over the past week (default 0). */
  executions?: number;
  failureRate?: number;
  stages?: readonly StageProfile[];
  queries?: ReadonlyArray<string | null>;
}

/** A path segment that could never be a single retriever reference; such a request finds nothing. */
const isUnsafeRef = (ref: string): boolean => ref.includes("/") || ref === "." || ref === "..";

export class World {
  constructor(
    readonly namespaces: StoredNamespace[],
    private readonly random: Random,
    readonly now: () => Date,
  ) {}

  findNamespace(ref: string): StoredNamespace | undefined {
    return this.namespaces.find((ns) => ns.id === ref) ?? this.namespaces.find((ns) => ns.name === ref);
  }

  findRetriever(namespace: StoredNamespace, ref: string): StoredRetriever | undefined {
    if (isUnsafeRef(ref)) return undefined;
    const { retrievers } = namespace;
    return (
      retrievers.find((r) => r.model.retriever_id === ref) ??
      retrievers.find((r) => r.model.retriever_name === ref)
    );
  }

  requireNamespace(ref: string): StoredNamespace {
    const namespace = this.findNamespace(ref);
    if (!namespace) throw new SimulatorError(`Namespace '${ref}' not found`, 404);
    return namespace;
  }

  requireRetriever(namespaceRef: string, retrieverRef: string): StoredRetriever {
    const retriever = this.findRetriever(this.requireNamespace(namespaceRef), retrieverRef);
    if (!retriever) throw new SimulatorError(`Retriever '${retrieverRef}' not found`, 404);
    return retriever;
  }

  addExecution(
    namespaceRef: string,
    retrieverRef: string,
    overrides: ExecutionOverrides = {},
  ): StoredExecution {
    const retriever = this.requireRetriever(namespaceRef, retrieverRef);
    const { created_at, error, failing_stage, status = "completed", ...fields } = overrides;
    const createdAtMs = created_at === undefined ? this.now().getTime() : new Date(created_at).getTime();
    if (Number.isNaN(createdAtMs))
      throw new SimulatorError(`Invalid created_at '${String(created_at)}'`, 400);
    if (fields.execution_id !== undefined && this.hasExecution(retriever, fields.execution_id)) {
      throw new SimulatorError(`Execution '${fields.execution_id}' already exists`, 409);
    }
    const execution = generateExecution(this.random, retriever, {
      createdAtMs,
      status,
      querySummary: "query_summary" in fields ? fields.query_summary : undefined,
      error,
      failingStage: failing_stage,
    });
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    execution.summary = { ...execution.summary, ...defined };
    retriever.executions.push(execution);
    return execution;
  }

  addRetriever(namespaceRef: string, name: string, options: AddRetrieverOptions = {}): StoredRetriever {
    const namespace = this.requireNamespace(namespaceRef);
    if (name.length === 0 || isUnsafeRef(name))
      throw new SimulatorError(`Invalid retriever name '${name}'`, 400);
    if (this.findRetriever(namespace, name))
      throw new SimulatorError(`Retriever '${name}' already exists`, 409);
    const nowMs = this.now().getTime();
    const retriever = generateRetriever(
      this.random,
      {
        name,
        stages: options.stages && options.stages.length > 0 ? options.stages : DEFAULT_STAGES,
        collections: [`col_${name.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}`],
        tags: [],
        maxCredits: 20,
        queries: options.queries ?? ["sample query", null],
        failureMessages: ["Upstream embedding service timed out after 30000 ms"],
      },
      nowMs,
    );
    const count = options.executions ?? 0;
    retriever.executions = seedExecutions(
      this.random,
      retriever,
      { executions: [count, count], failureRate: options.failureRate ?? 0.15, inFlight: [] },
      nowMs,
    );
    namespace.retrievers.push(retriever);
    return retriever;
  }

  findExecution(retriever: StoredRetriever, executionId: string): StoredExecution | undefined {
    return retriever.executions.find((run) => run.summary.execution_id === executionId);
  }

  private hasExecution(retriever: StoredRetriever, executionId: string): boolean {
    return this.findExecution(retriever, executionId) !== undefined;
  }
}

export function toExecutionDetail(run: StoredExecution): ExecutionDetailWire {
  const { summary } = run;
  return {
    execution_id: summary.execution_id,
    status: summary.status,
    documents: run.documents.map((doc) => ({ ...doc })),
    pagination: {
      total: summary.total_returned,
      limit: 10,
      offset: 0,
      has_next: summary.total_returned > run.documents.length,
    },
    stage_statistics: {
      stages: structuredClone(run.stages),
      total_time_ms: summary.duration_ms,
      credits_used: summary.credits_used,
    },
    budget: { ...run.budget },
    error: run.error,
    optimization_applied: false,
    optimization_summary: null,
    created_at: summary.created_at,
    completed_at: summary.completed_at,
    current_stage: run.currentStage,
    stages_completed: run.stagesCompleted,
    total_stages: run.totalStages,
  };
}
