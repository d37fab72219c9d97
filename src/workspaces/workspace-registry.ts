/**
 * Distributed mode's workspaces: each installation connects its own Mixpeek account, and gets its own
 * client and caches, built on first use from the stored connection and rebuilt when it changes (another
 * replica may have changed it: the row is read on every use, by its primary key). A workspace without a
 * connection has no Workspace: requests from it are answered "Connect Mixpeek first".
 */
import type { AlertStore, StoredConnection } from "../alerts/store/index.js";
import type { Logger } from "../logger.js";
import { type BuiltWorkspace, buildWorkspace, type WorkspaceSettings } from "./build-workspace.js";
import { workspaceIdOf } from "./installation-store.js";
import type { SecretBox } from "./secret-box.js";
import type { RequestOrigin, Workspace, Workspaces } from "./workspace.js";

export const mixpeekKeyContext = (workspaceId: string) => `mixpeek-key:${workspaceId}`;

/** A request from a workspace that has not connected Mixpeek (or an origin naming no workspace). */
export class MixpeekNotConnectedError extends Error {
  override readonly name = "MixpeekNotConnectedError";
  constructor(readonly workspaceId: string | undefined) {
    super("this workspace has not connected Mixpeek");
  }
}

export interface NewConnection {
  apiKey: string;
  defaultNamespace: string;
  namespaces: readonly string[] | "any";
  by: string;
  at: Date;
}

/** A replaced workspace's client may still be answering a request: it is closed a little later. */
const RETIRE_AFTER_MS = 60_000;

interface Entry {
  /** What the workspace was built from; a different stored connection means rebuilding. */
  version: string;
  built: BuiltWorkspace;
}

export interface WorkspaceRegistryOptions {
  store: AlertStore;
  box: SecretBox;
  settings: WorkspaceSettings;
  logger: Logger;
}

export class WorkspaceRegistry implements Workspaces {
  private readonly entries = new Map<string, Entry>();
  private readonly retiring = new Set<BuiltWorkspace>();
  private closed = false;

  constructor(private readonly options: WorkspaceRegistryOptions) {}

  async forRequest(origin: RequestOrigin): Promise<Workspace> {
    const id = workspaceIdOf(origin);
    const workspace = id === undefined ? null : await this.forId(id);
    if (!workspace) throw new MixpeekNotConnectedError(id);
    return workspace;
  }

  /** The workspace with this id, or null when it has no Mixpeek connection (the watcher, digests). */
  async forId(id: string): Promise<Workspace | null> {
    return (await this.builtFor(id))?.workspace ?? null;
  }

  /** The workspace with its watcher's side of the connection; null without a Mixpeek connection. */
  async builtFor(id: string): Promise<BuiltWorkspace | null> {
    const connection = await this.options.store.getConnection(id);
    if (!connection) {
      this.retire(id);
      return null;
    }
    const version = versionOf(connection);
    const current = this.entries.get(id);
    if (current?.version === version) return current.built;
    if (this.closed) throw new Error("the workspace registry is closed");
    const apiKey = this.options.box.open(connection.sealedApiKey, mixpeekKeyContext(id));
    const built = buildWorkspace(
      id,
      { apiKey, defaultNamespace: connection.defaultNamespace, namespaces: connection.allowedNamespaces },
      this.options.settings,
    );
    this.retire(id);
    this.entries.set(id, { version, built });
    return built;
  }

  /** The stored connection (what Home and `/executions connect` show: the last 4 characters only). */
  connection(id: string): Promise<StoredConnection | null> {
    return this.options.store.getConnection(id);
  }

  /** Saves a connection whose key was already checked against Mixpeek; the next use rebuilds. */
  async connect(id: string, input: NewConnection): Promise<StoredConnection> {
    const connection: StoredConnection = {
      workspaceId: id,
      sealedApiKey: this.options.box.seal(input.apiKey, mixpeekKeyContext(id)),
      keyLast4: input.apiKey.slice(-4),
      defaultNamespace: input.defaultNamespace,
      allowedNamespaces: input.namespaces,
      connectedBy: input.by,
      connectedAt: input.at,
    };
    await this.options.store.saveConnection(connection);
    this.retire(id);
    return connection;
  }

  /** Removes the connection; the workspace's subscriptions stay and resume once it connects again. */
  async disconnect(id: string): Promise<boolean> {
    const removed = await this.options.store.deleteConnection(id);
    this.retire(id);
    return removed;
  }

  /** Drops a workspace that left (uninstall): its client and caches go now. */
  async forget(id: string): Promise<void> {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    await entry?.built.close();
  }

  /** Every cached workspace, for the cache gauges. */
  built(): Workspace[] {
    return [...this.entries.values()].map((entry) => entry.built.workspace);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.entries.values()].map((entry) => entry.built).concat([...this.retiring]);
    this.entries.clear();
    this.retiring.clear();
    await Promise.all(all.map((built) => built.close()));
  }

  private retire(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.retiring.add(entry.built);
    const timer = setTimeout(() => {
      this.retiring.delete(entry.built);
      entry.built.close().catch((error: unknown) => {
        this.options.logger.warn({ err: error, workspace: id }, "closing a replaced Mixpeek client failed");
      });
    }, RETIRE_AFTER_MS);
    timer.unref();
  }
}

function versionOf(connection: StoredConnection): string {
  return JSON.stringify([connection.sealedApiKey, connection.defaultNamespace, connection.allowedNamespaces]);
}
