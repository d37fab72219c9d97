/**
 * Builds one workspace's Mixpeek side: its client (its own API key), and the caches in front of it (pages,
 * retriever look-ups, stats, failure reasons). Each workspace gets its own, so one workspace's pages,
 * names and request budget never serve or starve another's.
 */
import type { RequestBudget } from "../budget/request-budget.js";
import { FailureReasons } from "../executions/failure-reasons.js";
import { ExecutionsFetcher } from "../executions/fetcher.js";
import { RetrieverSearch } from "../executions/retriever-search.js";
import type { MixpeekApi } from "../mixpeek/api.js";
import { createMixpeekClient, type MixpeekCallEvent, type MixpeekClientOptions } from "../mixpeek/client.js";
import { StatsFetcher } from "../stats/stats-fetcher.js";
import { NamespaceAccess } from "./namespaces.js";
import type { Workspace } from "./workspace.js";

export interface WorkspaceConnection {
  apiKey: string;
  defaultNamespace: string;
  /** Names or ids the workspace may read besides the default, or "any"; undefined: the default only. */
  namespaces: readonly string[] | "any" | undefined;
}

/** What every workspace shares: where Mixpeek is, how long pages live, the clock, the metrics hook. */
export interface WorkspaceSettings {
  baseUrl: string;
  ttlSeconds: number;
  maxKeys: number;
  now: () => Date;
  onCall?: (event: MixpeekCallEvent) => void;
  /** The request budget of a connection, by its API key (see budget/request-budget.ts). */
  budgetFor?: (apiKey: string) => RequestBudget;
  /** Retry and time-out tuning (tests shorten them). */
  mixpeek?: Pick<MixpeekClientOptions, "retry" | "timeouts">;
}

export interface BuiltWorkspace {
  workspace: Workspace;
  /** The same connection asking as the watcher (never the budget's last third), and its budget. */
  watcher: { mixpeek: MixpeekApi; budget: RequestBudget | undefined };
  /** Drops its caches and closes its Mixpeek connections. */
  close(): Promise<void>;
}

export function buildWorkspace(
  id: string,
  connection: WorkspaceConnection,
  settings: WorkspaceSettings,
): BuiltWorkspace {
  const { ttlSeconds, maxKeys, now } = settings;
  const budget = settings.budgetFor?.(connection.apiKey);
  const mixpeek = createMixpeekClient({
    baseUrl: settings.baseUrl,
    apiKey: connection.apiKey,
    ...(settings.onCall ? { onCall: settings.onCall } : {}),
    ...(budget ? { budget } : {}),
    ...settings.mixpeek,
  });
  const executions = new ExecutionsFetcher({ api: mixpeek, ttlSeconds, maxKeys, now });
  const retrievers = new RetrieverSearch(mixpeek, { ttlSeconds, maxKeys: Math.min(maxKeys, 1000) });
  const stats = new StatsFetcher({ api: mixpeek, ttlSeconds, maxKeys: Math.min(maxKeys, 1000), now });
  // A failed run's reason never changes: kept ten TTLs, for at most as many runs as pages.
  const failureReasons = new FailureReasons(mixpeek, { ttlSeconds: ttlSeconds * 10, maxKeys });
  const workspace: Workspace = {
    id,
    mixpeek,
    executions,
    retrievers,
    stats,
    failureReasons,
    defaultNamespace: connection.defaultNamespace,
    namespaces: new NamespaceAccess(connection.defaultNamespace, connection.namespaces),
  };
  return {
    workspace,
    watcher: { mixpeek: mixpeek.forCaller("watcher"), budget },
    async close() {
      executions.close();
      retrievers.close();
      stats.close();
      failureReasons.close();
      await mixpeek.close();
    },
  };
}
