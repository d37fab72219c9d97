/**
 * A Slack workspace as the bot serves it: which Mixpeek account it reads (client, cached pages, retriever
 * look-ups, cached stats), its default namespace and the namespaces it may read. Every listener works on the workspace its request came from, so
 * nothing one workspace asks can reach another's Mixpeek connection.
 */
import type { FailureReasons } from "../executions/failure-reasons.js";
import type { ExecutionsFetcher } from "../executions/fetcher.js";
import type { RetrieverSearch } from "../executions/retriever-search.js";
import type { MixpeekApi } from "../mixpeek/api.js";
import type { StatsFetcher } from "../stats/stats-fetcher.js";
import type { NamespaceAccess } from "./namespaces.js";

export interface Workspace {
  /**
   * Which workspace: SINGLE_WORKSPACE_ID in single-workspace mode, otherwise its installation (the
   * `enterprise_id` of an org-wide install, or the `team_id`). Every row the bot keeps for it carries it.
   */
  id: string;
  mixpeek: MixpeekApi;
  executions: ExecutionsFetcher;
  retrievers: RetrieverSearch;
  /** A retriever's health over a window (stats views and digests), cached like pages. */
  stats: StatsFetcher;
  /** Why the failed rows of a page failed, kept once read. */
  failureReasons: FailureReasons;
  /** The namespace used when a command names none. */
  defaultNamespace: string;
  /** Which namespaces this workspace may read (MIXPEEK_NAMESPACES); asked before any Mixpeek call. */
  namespaces: NamespaceAccess;
}

/** Who a Slack request came from, as its payload says. */
export interface RequestOrigin {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  /** An org-wide install on Enterprise Grid: the workspace is the enterprise. */
  isEnterpriseInstall?: boolean | undefined;
}

export interface Workspaces {
  /**
   * The workspace a request belongs to. In distributed mode a workspace that has not connected Mixpeek
   * has none: this throws MixpeekNotConnectedError (see workspace-registry.ts), answered "Connect Mixpeek
   * first" by the listener wrapper.
   */
  forRequest(origin: RequestOrigin): Promise<Workspace>;
  /** The workspace a stored row names (digests, the watcher); null when it has no Mixpeek connection. */
  forId(workspaceId: string): Promise<Workspace | null>;
}

/** One workspace, one Mixpeek connection from the environment: every request gets the same one. */
export function singleWorkspace(workspace: Workspace): Workspaces {
  return { forRequest: async () => workspace, forId: async () => workspace };
}
