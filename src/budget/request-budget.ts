/**
 * The request budget of one Mixpeek connection, as the client sees it: take a slot before every request
 * (retries included), report a 429. The store keeps the count, so every replica sharing the database
 * shares the budget; waits happen here, in the caller's process.
 */
import { createHash } from "node:crypto";
import type { RequestBudgetStore } from "../alerts/store/index.js";
import type { BudgetCaller, BudgetRules, BudgetState, SlotAnswer } from "./budget-rules.js";

export interface RequestBudget {
  readonly rules: BudgetRules;
  /** A slot for one request, waiting at most the caller's patience; else how long until one frees up. */
  take(caller: BudgetCaller): Promise<SlotAnswer>;
  /** Mixpeek answered 429: pause everyone, then go on at a lower rate. */
  rateLimited(retryAfterMs: number | undefined): Promise<void>;
  state(): Promise<BudgetState>;
}

export interface RequestBudgetOptions {
  store: RequestBudgetStore;
  /** Identifies the Mixpeek account (a hash of its URL and key): replicas with the same key share one. */
  connection: string;
  rules: BudgetRules;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /**
   * How long a caller waits for a slot. A person gets an answer within 2 s (from the cache, or a message
   * saying when to try again); the watcher waits longer, since nobody is looking at it.
   */
  patienceMs?: Partial<Record<BudgetCaller, number>>;
  /** Told about every slot asked for, for metrics. */
  onTake?: (caller: BudgetCaller, granted: boolean, waitedMs: number) => void;
}

const DEFAULT_PATIENCE_MS: Record<BudgetCaller, number> = { people: 2000, watcher: 15_000 };

export function sharedRequestBudget(options: RequestBudgetOptions): RequestBudget {
  const { store, connection, rules, now, sleep } = options;
  const patience = { ...DEFAULT_PATIENCE_MS, ...options.patienceMs };
  const query = () => ({ connection, rules, now: now() });

  return {
    rules,
    async take(caller) {
      const startedAt = now().getTime();
      for (;;) {
        const answer = await store.takeRequestSlot({ ...query(), caller });
        const waitedMs = now().getTime() - startedAt;
        if (answer.granted) {
          options.onTake?.(caller, true, waitedMs);
          return answer;
        }
        const leftMs = patience[caller] - waitedMs;
        if (answer.retryInMs > leftMs) {
          options.onTake?.(caller, false, waitedMs);
          return answer;
        }
        // Waking exactly when a slot frees up; another caller may take it first, then we look again.
        await sleep(answer.retryInMs);
      }
    },

    async rateLimited(retryAfterMs) {
      // Without Retry-After, a twelfth of the window (5 s a minute) before trying again.
      const wait = retryAfterMs ?? Math.ceil(rules.windowMs / 12);
      await store.recordRateLimited({ ...query(), retryAfterMs: wait });
    },

    state: () => store.requestBudgetState(query()),
  };
}

/**
 * The budget's name in the database: the same for every replica using the same Mixpeek account, and
 * different per account (Mixpeek limits each key). A hash, so the key itself is never stored.
 */
export function budgetConnectionKey(baseUrl: string, apiKey: string): string {
  const digest = createHash("sha256").update(`${baseUrl}\n${apiKey}`).digest("hex");
  return `mixpeek:${digest.slice(0, 24)}`;
}
