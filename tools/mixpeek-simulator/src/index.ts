/**
 * A local stand-in for Mixpeek's retriever-execution API, for tests, the demo and
 * `npm run simulator`. Start one with startSimulator(); point the real Mixpeek client at `url`.
 */

import { NAMESPACE_SPECS } from "./catalog.js";
import { SimulatorCore } from "./core.js";
import { createRandom, deriveSeed } from "./random.js";
import { seedWorld } from "./seed.js";
import { startServer } from "./server.js";
import { startTrickle, type TrickledExecution, type TrickleOptions } from "./trickle.js";
import { World } from "./world.js";

export type { CallCounts } from "./calls.js";
export type { BurstOptions, BurstResult, FailOptions, RetrieverState, SimulatorState } from "./core.js";
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
  /**
   * More API keys, each its own Mixpeek account: the same namespaces, no retrievers until a test adds
   * some (`account(key).addRetriever`). A key sees only its own account's retrievers and runs.
   */
  accounts?: readonly string[];
}

type CoreApi = Omit<SimulatorCore, "world" | "faultQueue" | "callLog">;

export interface Simulator extends CoreApi {
  /** e.g. http://127.0.0.1:4010; Mixpeek paths and `/_sim/` control routes live under it. */
  readonly url: string;
  readonly apiKey: string;
  /** The account of another API key given in `accounts`. */
  account(apiKey: string): CoreApi;
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
  const accounts = new Map(
    (options.accounts ?? []).map((apiKey, index) => {
      const empty = NAMESPACE_SPECS.map((spec) => ({ ...spec, retrievers: [] }));
      const random = createRandom(deriveSeed(seed, 10 + index));
      return [apiKey, new SimulatorCore(new World(seedWorld(random, now().getTime(), empty), random, now))];
    }),
  );
  const server = await startServer(core, {
    apiKey: options.apiKey,
    accounts,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    now,
    requestIds: createRandom(deriveSeed(seed, 2)),
  });
  const stopTrickle = options.trickle
    ? startTrickle(core, createRandom(deriveSeed(seed, 3)), options.trickle, options.onTrickle)
    : () => {};

  const api = (of: SimulatorCore): CoreApi => {
    const bound = <K extends keyof CoreApi>(key: K): CoreApi[K] => {
      const member = of[key];
      return (typeof member === "function" ? member.bind(of) : member) as CoreApi[K];
    };
    return {
      addExecution: bound("addExecution"),
      failNow: bound("failNow"),
      addBurst: bound("addBurst"),
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
  };
  return {
    ...api(core),
    url: server.url,
    apiKey: options.apiKey,
    account(apiKey) {
      const other = accounts.get(apiKey);
      if (!other) throw new Error(`The simulator has no account for that API key (pass it in \`accounts\`)`);
      return api(other);
    },
    close: async () => {
      stopTrickle();
      await server.close();
    },
  };
}
