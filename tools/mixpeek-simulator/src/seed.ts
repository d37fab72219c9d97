/**
 * Makes the simulated world: retrievers from the catalog and plausible runs for them. Every number
 * comes from the seeded Random, and every time is relative to the injected clock, so the same seed
 * and clock give the same world.
 */
import { NAMESPACE_SPECS, type NamespaceSpec, type RetrieverSpec } from "./catalog.js";
import type { Random } from "./random.js";
import type {
  StageConfigWire,
  StageProfile,
  StageStatisticsWire,
  StoredExecution,
  StoredNamespace,
  StoredRetriever,
} from "./types.js";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** How far back seeded runs go. */
const HISTORY_MS = 7 * DAY_MS;
const IN_FLIGHT = new Set(["running", "processing", "pending"]);

export interface RunOptions {
  createdAtMs: number;
  status: string;
  /** undefined: pick one of the retriever's queries. */
  querySummary?: string | null | undefined;
  /** For failed runs: the message (both on the run and on its failing stage). */
  error?: string | undefined;
  /** For failed runs: which stage fails (by name); a random one otherwise. */
  failingStage?: string | undefined;
}

export type RetrieverShape = Pick<
  RetrieverSpec,
  "name" | "stages" | "collections" | "tags" | "maxCredits" | "queries" | "failureMessages"
>;

const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
const iso = (ms: number): string => new Date(ms).toISOString();

/** A stable hash of the inputs, so repeated queries share an inputs_hash as they do upstream. */
function inputsHash(query: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const char of query) {
    const code = char.codePointAt(0) ?? 0;
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

function stageConfig(stage: StageProfile): StageConfigWire {
  const configs: Record<StageProfile["type"], Record<string, unknown>> = {
    filter: { query: "{{INPUT.query}}", top_k: 500 },
    sort: { field: "score", direction: "desc" },
    reduce: { limit: 10 },
    apply: { model: "gpt-4o-mini", prompt: "Summarise {{DOC.text}}" },
    enrich: { model: "safety-v3", output_field: "labels" },
  };
  return { stage_name: stage.name, stage_type: stage.type, config: configs[stage.type], batch_size: null };
}

export function generateRetriever(random: Random, shape: RetrieverShape, nowMs: number): StoredRetriever {
  const createdAtMs = nowMs - random.int(20, 90) * DAY_MS;
  const updatedAtMs = createdAtMs + random.int(0, 15) * DAY_MS;
  const author = `usr_${random.token(8)}`;
  return {
    model: {
      retriever_id: `ret_${random.token(14)}`,
      retriever_name: shape.name,
      collection_ids: [...shape.collections],
      stages: shape.stages.map(stageConfig),
      input_schema: { query: { type: "text", required: true } },
      budget_limits: { max_credits: shape.maxCredits, max_time_ms: 60_000 },
      tags: [...shape.tags],
      version: random.int(1, 4),
      created_at: iso(createdAtMs),
      updated_at: iso(updatedAtMs),
      created_by: author,
      updated_by: random.chance(0.5) ? author : null,
      is_published: random.chance(0.7),
    },
    profile: [...shape.stages],
    queries: shape.queries.length > 0 ? shape.queries : [null],
    failureMessages: shape.failureMessages,
    executions: [],
  };
}

/** How far a run got: all stages, up to a failing one, or up to the one it is busy with. */
function plannedStop(random: Random, retriever: StoredRetriever, options: RunOptions): number {
  const count = retriever.profile.length;
  if (options.status === "pending") return 0;
  if (options.status === "failed") {
    const named = retriever.profile.findIndex((stage) => stage.name === options.failingStage);
    return named >= 0 ? named : random.int(0, count - 1);
  }
  if (IN_FLIGHT.has(options.status)) return random.int(0, count - 1);
  return count;
}

export function generateExecution(
  random: Random,
  retriever: StoredRetriever,
  options: RunOptions,
): StoredExecution {
  const { status } = options;
  const failed = status === "failed";
  const inFlight = IN_FLIGHT.has(status);
  const stop = plannedStop(random, retriever, options);
  const failure = failed ? (options.error ?? random.pick(retriever.failureMessages)) : null;
  const query = options.querySummary === undefined ? random.pick(retriever.queries) : options.querySummary;

  const stages: Record<string, StageStatisticsWire> = {};
  let input = Math.round(10 ** random.between(2.3, 4.3));
  let processed = 0;
  let credits = 0;
  let elapsed = status === "pending" ? 0 : random.between(3, 25);
  let cached = 0;
  for (const [index, stage] of retriever.profile.entries()) {
    if (index > stop || (index === stop && !failed)) break;
    const failsHere = failed && index === stop;
    const cacheHit = failsHere ? false : random.chance(0.3);
    const duration = round(cacheHit ? random.between(1, 6) : stage.baseMs * random.between(0.5, 2), 1);
    const output = failsHere
      ? 0
      : Math.min(input, Math.round(input * stage.keep * random.between(0.7, 1.15)));
    const llmCalls = stage.llm ? (failsHere ? 0 : Math.min(output, random.int(5, 40))) : null;
    const tokens = llmCalls === null ? null : llmCalls * random.int(250, 1200);
    stages[stage.name] = {
      input_count: input,
      output_count: output,
      duration_ms: duration,
      efficiency: input === 0 ? 0 : round(output / input, 4),
      cache_hit: cacheHit,
      error: failsHere ? failure : null,
      llm_calls: llmCalls,
      tokens_used: tokens,
      metadata: stage.llm ? { model_name: "gpt-4o-mini" } : {},
    };
    processed += input;
    credits += input * 0.00002 + (llmCalls ?? 0) * 0.0015;
    elapsed += duration;
    if (cacheHit) cached++;
    input = output;
  }

  const stageCount = Object.keys(stages).length;
  const durationMs = round(elapsed, 1);
  const creditsUsed = round(credits, 4);
  const returned = failed || inFlight ? 0 : input;
  const maxCredits = retriever.model.budget_limits.max_credits;
  const documents =
    returned === 0
      ? []
      : Array.from({ length: Math.min(returned, 3) }, () => ({
          document_id: `doc_${random.token(12)}`,
          score: round(random.between(0.55, 0.99), 3),
        }));
  return {
    summary: {
      execution_id: `exec_${random.token(16)}`,
      status,
      created_at: iso(options.createdAtMs),
      completed_at: inFlight ? null : iso(options.createdAtMs + Math.ceil(durationMs)),
      duration_ms: durationMs,
      credits_used: creditsUsed,
      total_processed: processed,
      total_returned: returned,
      cache_hit_rate: stageCount === 0 || random.chance(0.15) ? null : round(cached / stageCount, 2),
      inputs_hash: query === null ? random.hex(16) : inputsHash(query),
      query_summary: query,
    },
    createdAtMs: options.createdAtMs,
    error: failure,
    stages,
    // A pending run is queued, not yet in any stage.
    currentStage: inFlight && status !== "pending" ? (retriever.profile[stop]?.name ?? null) : null,
    stagesCompleted: failed ? stop : stageCount,
    totalStages: retriever.profile.length,
    documents,
    budget: {
      credits_used: creditsUsed,
      credits_remaining: maxCredits === null ? null : round(Math.max(0, maxCredits - creditsUsed), 4),
      time_used_ms: durationMs,
      max_credits: maxCredits,
      max_time_ms: retriever.model.budget_limits.max_time_ms,
    },
  };
}

/** A retriever's history: settled runs over the past week, then the in-flight ones of the last minutes. */
export function seedExecutions(
  random: Random,
  retriever: StoredRetriever,
  spec: Pick<RetrieverSpec, "executions" | "failureRate" | "inFlight">,
  nowMs: number,
): StoredExecution[] {
  const count = random.int(spec.executions[0], spec.executions[1]);
  if (count === 0) return [];
  const inFlight = spec.inFlight.slice(0, count);
  const settled = count - inFlight.length;
  const times = Array.from({ length: settled }, () => random.int(nowMs - HISTORY_MS, nowMs - 3 * MINUTE_MS));
  times.sort((a, b) => a - b);
  // Two runs at the same instant: offset paging must still show each run exactly once.
  if (times.length >= 2) times[1] = times[0] as number;
  const statuses = times.map(() => (random.chance(spec.failureRate) ? "failed" : "completed"));
  if (settled >= 5 && spec.failureRate > 0 && !statuses.includes("failed")) {
    statuses[random.int(0, settled - 1)] = "failed";
  }
  const runs = times.map((createdAtMs, index) =>
    generateExecution(random, retriever, { createdAtMs, status: statuses[index] ?? "completed" }),
  );
  const flightTimes = inFlight.map(() => nowMs - random.int(5_000, 150_000)).sort((a, b) => a - b);
  for (const [index, status] of inFlight.entries()) {
    runs.push(generateExecution(random, retriever, { createdAtMs: flightTimes[index] ?? nowMs, status }));
  }
  return runs;
}

export function seedWorld(
  random: Random,
  nowMs: number,
  specs: readonly NamespaceSpec[] = NAMESPACE_SPECS,
): StoredNamespace[] {
  return specs.map((spec) => ({
    id: spec.id,
    name: spec.name,
    retrievers: spec.retrievers.map((retrieverSpec) => {
      const retriever = generateRetriever(random, retrieverSpec, nowMs);
      retriever.executions = seedExecutions(random, retriever, retrieverSpec, nowMs);
      return retriever;
    }),
  }));
}
