/**
 * Pages of executions, served from a short-lived cache so that one Mixpeek call answers everyone who
 * looks at the same page within the TTL (Mixpeek's small plans allow 10–60 calls a minute).
 */
import type { CacheStats } from "../cache/single-flight-cache.js";
import { SingleFlightCache } from "../cache/single-flight-cache.js";
import type { MixpeekApi } from "../mixpeek/api.js";
import { isMixpeekError } from "../mixpeek/errors.js";
import type { ExecutionsPage, PageQuery, StatusFilter } from "./types.js";

export interface ExecutionsFetcherOptions {
  api: MixpeekApi;
  ttlSeconds: number;
  maxKeys: number;
  now: () => Date;
}

/** A page someone already saw is shown instead of an error for this long after it was fetched. */
export const STALE_IF_ERROR_MS = 10 * 60_000;

/** Upstream trouble (or no request slot), as opposed to a wrong name or key, which a stale page would hide. */
const TRANSIENT_KINDS = new Set(["budget_spent", "rate_limited", "unavailable", "bad_response"]);

export class ExecutionsFetcher {
  private readonly cache: SingleFlightCache<ExecutionsPage>;

  constructor(private readonly options: ExecutionsFetcherOptions) {
    this.cache = new SingleFlightCache({
      ttlSeconds: options.ttlSeconds,
      maxKeys: options.maxKeys,
      keepStaleSeconds: STALE_IF_ERROR_MS / 1000,
    });
  }

  /**
   * `refresh` skips the cached page (the Refresh button) and refills it. When Mixpeek cannot be asked
   * (no request slot within 2 s, a 5xx, a time-out), the page last fetched is returned instead, marked
   * `stale`, if it is at most 10 minutes old: stale-if-error.
   */
  async getPage(query: PageQuery, options: { refresh?: boolean } = {}): Promise<ExecutionsPage> {
    const key = pageKey(query);
    try {
      return await this.cache.get(key, () => this.fetch(query), options);
    } catch (error) {
      if (!isMixpeekError(error) || !TRANSIENT_KINDS.has(error.kind)) throw error;
      const kept = this.cache.lastGood(key);
      if (kept === undefined) throw error;
      if (this.options.now().getTime() - kept.fetchedAt.getTime() > STALE_IF_ERROR_MS) throw error;
      return { ...kept, stale: error.kind === "budget_spent" ? "budget_spent" : "upstream_error" };
    }
  }

  /**
   * Drops the cached pages of a retriever (every status, offset and size), known by any of `names` (its
   * id, the name it was typed as; case does not matter). The watcher calls it when it sees newer runs,
   * so a "Failed runs" click right after an alert never shows a page fetched before that failure.
   */
  forgetRetriever(namespace: string, names: readonly string[]): number {
    const wanted = new Set(names.map((name) => name.toLowerCase()));
    return this.cache.forget((key) => {
      const [keyNamespace, retriever] = JSON.parse(key) as [string, string];
      return keyNamespace === namespace && wanted.has(retriever.toLowerCase());
    });
  }

  stats(): CacheStats {
    return this.cache.stats();
  }

  close(): void {
    this.cache.close();
  }

  private async fetch(query: PageQuery): Promise<ExecutionsPage> {
    const response = await this.options.api.listExecutions({
      namespace: query.namespace,
      retriever: query.retriever,
      status: upstreamStatus(query.status),
      offset: query.offset,
      limit: query.limit,
      includeTotal: true,
    });
    return {
      query,
      executions: response.results,
      hasNext: response.pagination.has_next,
      total: response.pagination.total,
      fetchedAt: this.options.now(),
    };
  }
}

export function pageKey(query: PageQuery): string {
  return JSON.stringify([query.namespace, query.retriever, query.status, query.offset, query.limit]);
}

export function upstreamStatus(filter: StatusFilter): string | undefined {
  return filter === "all" ? undefined : filter;
}
