/**
 * A Mixpeek call about a retriever a person named. Mixpeek matches names exactly, people type
 * `PRODUCT-SEARCH`: after a not-found for a name (never an id), the namespace's retriever list says which
 * retriever was meant, and the call is made again with its exact name; when none is meant, the closest
 * names come back for a "did you mean …?". The happy path costs no extra call.
 */
import { looksLikeRetrieverId } from "../executions/retriever-search.js";
import { isMixpeekError, type MixpeekError } from "../mixpeek/errors.js";
import type { Workspace } from "./workspace.js";

export type ByName<T> =
  | {
      found: true;
      value: T;
      /** The retriever as Mixpeek knows it: the exact name, when the one typed differed. */
      retriever: string;
    }
  | { found: false; error: MixpeekError; suggestions: string[] };

export async function callByRetrieverName<T>(
  workspace: Workspace,
  where: { namespace: string; retriever: string },
  call: (retriever: string) => Promise<T>,
): Promise<ByName<T>> {
  try {
    return { found: true, value: await call(where.retriever), retriever: where.retriever };
  } catch (error) {
    if (!isMixpeekError(error) || error.kind !== "not_found") throw error;
    if (looksLikeRetrieverId(where.retriever)) return { found: false, error, suggestions: [] };
    const meant = await workspace.retrievers.resolve(where.namespace, where.retriever);
    if (meant.kind === "missing") return { found: false, error, suggestions: meant.suggestions };
    return { found: true, value: await call(meant.name), retriever: meant.name };
  }
}
