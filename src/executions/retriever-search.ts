/**
 * Retriever look-ups for the picker's type-ahead, cached like the executions pages: every keystroke of
 * every person would otherwise be a Mixpeek call.
 */
import { type CacheStats, SingleFlightCache } from "../cache/single-flight-cache.js";
import type { MixpeekApi } from "../mixpeek/api.js";
import type { Retriever } from "../mixpeek/schemas.js";
import { closestNames, sameNameIgnoringCase } from "./closest-names.js";

/** Options an external select can show at once. */
const MAX_RESULTS = 100;

/** What a retriever word that Mixpeek did not know meant, as far as the retriever list can tell. */
export type NameResolution = { kind: "found"; name: string } | { kind: "missing"; suggestions: string[] };

export class RetrieverSearch {
  private readonly cache: SingleFlightCache<Retriever[]>;
  private readonly names: SingleFlightCache<string>;

  constructor(
    private readonly api: MixpeekApi,
    options: { ttlSeconds: number; maxKeys: number },
  ) {
    this.cache = new SingleFlightCache(options);
    // Names change rarely: keep them ten times longer than search results.
    this.names = new SingleFlightCache({ ...options, ttlSeconds: options.ttlSeconds * 10 });
  }

  /**
   * The display name of a retriever given by id (buttons and the picker carry ids, which survive a
   * rename); null when it cannot be had, in which case the id is shown.
   */
  async nameOf(namespace: string, retriever: string): Promise<string | null> {
    if (!looksLikeRetrieverId(retriever)) return null;
    try {
      return await this.names.get(JSON.stringify([namespace, retriever]), async () => {
        const found = await this.api.getRetriever({ namespace, retriever });
        return found.retriever_name;
      });
    } catch {
      return null;
    }
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

  /**
   * Mixpeek matches names exactly; people do not. After a not-found, this looks the word up in the
   * namespace's retrievers (cached, like the picker's list): the same name in another case is the one
   * meant, otherwise the closest names are offered. A failing look-up offers nothing rather than failing.
   */
  async resolve(namespace: string, typed: string): Promise<NameResolution> {
    let names: string[];
    try {
      const [all, matching] = await Promise.all([this.search(namespace, ""), this.search(namespace, typed)]);
      names = [...all, ...matching].map((retriever) => retriever.retriever_name);
    } catch {
      return { kind: "missing", suggestions: [] };
    }
    const same = sameNameIgnoringCase(typed, names);
    if (same !== undefined && same !== typed) return { kind: "found", name: same };
    return { kind: "missing", suggestions: closestNames(typed, names) };
  }

  stats(): CacheStats {
    return this.cache.stats();
  }

  close(): void {
    this.cache.close();
    this.names.close();
  }
}

/** Mixpeek's retriever ids look like `ret_…`; anything else was typed as a name and is shown as is. */
export function looksLikeRetrieverId(retriever: string): boolean {
  return /^ret_[A-Za-z0-9]+$/.test(retriever);
}
