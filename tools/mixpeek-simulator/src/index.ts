/**
 * A local stand-in for Mixpeek's retriever-execution API, for tests, the demo and
 * `npm run simulator`. Start one with startSimulator(); point the real Mixpeek client at `url`.
 */
import { SimulatorCore } from "./core.js";
import { createRandom, deriveSeed } from "./random.js";
import { seedWorld } from "./seed.js";
import { startServer } from "./server.js";
import { startTrickle, type TrickledExecution, type TrickleOptions } from "./trickle.js";
import { World } from "./world.js";

export type { CallCounts } from "./calls.js";
export type { FailOptions, RetrieverState, SimulatorState } from "./core.js";
export { type Fault, FaultSchema } from "./faults.js";
export { createRandom, type Random } from "./random.js";
export type { TrickledExecution, TrickleOptions } from "./trickle.js";
export {
  CALL_KINDS,
  type CallKind,
  type CallRecord,
  type ExecutionDetailWire,
  type ExecutionSummaryWire,
  type RetrieverWire,
} from "./types.js";
export { type AddRetrieverOptions, type ExecutionOverrides, SimulatorError } from "./world.js";

export const DEFAULT_SEED = 20_240_611;

export interface SimulatorOptions {
  apiKey: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The clock seeded data and new runs are placed against. */
  now?: () => Date;
  seed?: number;
  /** Off by default. */
  trickle?: TrickleOptions | false;
  onTrickle?: (added: TrickledExecution) => void;
}

type CoreApi = Omit<SimulatorCore, "world" | "faultQueue" | "callLog">;

export interface Simulator extends CoreApi {
  /** e.g. http://127.0.0.1:4010; Mixpeek paths and `/_sim/` control routes live under it. */
  readonly url: string;
  readonly apiKey: string;
  /** Stops the trickle, answers nothing more, and drops open connections (hanging ones too). */
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? DEFAULT_SEED;
  const world = new World(
    seedWorld(createRandom(seed), now().getTime()),
    createRandom(deriveSeed(seed, 1)),
    now,
  );
  const core = new SimulatorCore(world);
  const server = await startServer(core, {
    apiKey: options.apiKey,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    now,
    requestIds: createRandom(deriveSeed(seed, 2)),
  });
  const stopTrickle = options.trickle
    ? startTrickle(core, createRandom(deriveSeed(seed, 3)), options.trickle, options.onTrickle)
    : () => {};

  const bound = <K extends keyof CoreApi>(key: K): CoreApi[K] => {
    const member = core[key];
    return (typeof member === "function" ? member.bind(core) : member) as CoreApi[K];
  };
  return {
    url: server.url,
    apiKey: options.apiKey,
    close: async () => {
      stopTrickle();
      await server.close();
    },
    addExecution: bound("addExecution"),
    failNow: bound("failNow"),
    addRetriever: bound("addRetriever"),
    setLatency: bound("setLatency"),
    latency: bound("latency"),
    injectFault: bound("injectFault"),
    clearFaults: bound("clearFaults"),
    callCount: bound("callCount"),
    calls: bound("calls"),
    resetCalls: bound("resetCalls"),
    namespaces: bound("namespaces"),
    retrievers: bound("retrievers"),
    executions: bound("executions"),
    execution: bound("execution"),
    state: bound("state"),
  };
}
