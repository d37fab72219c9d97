/**
 * Retriever look-ups for the picker's type-ahead, cached like the executions pages: every keystroke of
 * every person would otherwise be a Mixpeek call.
 */
import { type CacheStats, SingleFlightCache } from "../cache/single-flight-cache.js";
import type { MixpeekApi } from "../mixpeek/api.js";
import type { Retriever } from "../mixpeek/schemas.js";

/** Options an external select can show at once. */
const MAX_RESULTS = 100;

export class RetrieverSearch {
  private readonly cache: SingleFlightCache<Retriever[]>;

  constructor(
    private readonly api: MixpeekApi,
    options: { ttlSeconds: number; maxKeys: number },
  ) {
    this.cache = new SingleFlightCache(options);
  }

  search(namespace: string, text: string): Promise<Retriever[]> {
    const query = text.trim().slice(0, 100);
    return this.cache.get(JSON.stringify([namespace, query.toLowerCase()]), async () => {
      const response = await this.api.listRetrievers({
        namespace,
        search: query === "" ? undefined : query,
        limit: MAX_RESULTS,
      });
      return response.results;
    });
  }

  stats(): CacheStats {
    return this.cache.stats();
  }

  close(): void {
    this.cache.close();
  }
}
