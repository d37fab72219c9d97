/**
 * Installations and Mixpeek connections as the store holds them (distributed mode). The store never sees
 * a secret in the clear: `sealed` and `sealedApiKey` are encrypted by the caller (src/workspaces/
 * secret-box.ts) before they get here, and opened by the caller after.
 */

/** One OAuth installation: a workspace, or a whole Enterprise Grid org for an org-wide install. */
export interface StoredInstallation {
  /** `enterprise_id` of an org-wide install, otherwise `team_id`. */
  workspaceId: string;
  enterpriseId: string | null;
  teamId: string | null;
  isEnterpriseInstall: boolean;
  teamName: string | null;
  botUserId: string | null;
  /** Bolt's Installation as encrypted JSON. */
  sealed: string;
  /** When the bot token runs out (token rotation); null when it does not. */
  tokenExpiresAt: Date | null;
  installedAt: Date;
  updatedAt: Date;
}

/** A workspace's Mixpeek account. */
export interface StoredConnection {
  workspaceId: string;
  /** The API key, encrypted. */
  sealedApiKey: string;
  /** The key's last 4 characters: all that is ever shown of it. */
  keyLast4: string;
  defaultNamespace: string;
  /** Names or ids the workspace may read, or "any" (`*`). */
  allowedNamespaces: readonly string[] | "any";
  connectedBy: string;
  connectedAt: Date;
}

/** What deleting a workspace removed, for its log line. */
export interface DeletedWorkspace {
  installation: boolean;
  connection: boolean;
  subscriptions: number;
  digests: number;
  watches: number;
  alerts: number;
}

export interface WorkspaceStore {
  /** Creates or replaces a workspace's installation (a reinstall, a refreshed token). */
  saveInstallation(installation: StoredInstallation): Promise<void>;
  getInstallation(workspaceId: string): Promise<StoredInstallation | null>;
  /** Creates or replaces a workspace's Mixpeek connection. */
  saveConnection(connection: StoredConnection): Promise<void>;
  getConnection(workspaceId: string): Promise<StoredConnection | null>;
  /** Removes the Mixpeek connection only (`/executions disconnect`); false when there was none. */
  deleteConnection(workspaceId: string): Promise<boolean>;
  /**
   * Everything of one workspace, in one transaction: its installation, Mixpeek connection, subscriptions
   * with their alerts and threads, digests with their runs, and watches. Nothing of any other workspace.
   */
  deleteWorkspace(workspaceId: string): Promise<DeletedWorkspace>;
}
