/**
 * Bolt's InstallationStore on the bot's own database: the OAuth flow stores an installation here, Bolt's
 * authorize reads it for every request (and stores it again after refreshing a rotating token), and
 * uninstalls delete it. The whole Installation is kept as JSON sealed with ENCRYPTION_KEY, so neither a
 * bot token nor a refresh token is ever in the database in the clear.
 */
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { AlertStore } from "../alerts/store/index.js";
import type { SecretBox } from "./secret-box.js";

/** The workspace an installation or a request belongs to: the enterprise for an org-wide install. */
export function workspaceIdOf(origin: {
  isEnterpriseInstall?: boolean | undefined;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}): string | undefined {
  return origin.isEnterpriseInstall ? origin.enterpriseId : origin.teamId;
}

export const installationContext = (workspaceId: string) => `installation:${workspaceId}`;

export class NoInstallationError extends Error {
  override readonly name = "NoInstallationError";
}

export interface SealedInstallationStoreOptions {
  store: AlertStore;
  box: SecretBox;
  now: () => Date;
  /** Told after an installation is stored (a new install, a reinstall, a refreshed token). */
  onStored?: (workspaceId: string) => void;
}

export class SealedInstallationStore implements InstallationStore {
  constructor(private readonly options: SealedInstallationStoreOptions) {}

  async storeInstallation<AuthVersion extends "v1" | "v2">(
    installation: Installation<AuthVersion, boolean>,
  ): Promise<void> {
    const isEnterpriseInstall = installation.isEnterpriseInstall === true;
    const workspaceId = workspaceIdOf({
      isEnterpriseInstall,
      enterpriseId: installation.enterprise?.id,
      teamId: installation.team?.id,
    });
    if (!workspaceId) throw new Error("an installation without a team or an enterprise");
    const { store, box, now } = this.options;
    const at = now();
    const expiresAt = installation.bot?.expiresAt;
    await store.saveInstallation({
      workspaceId,
      enterpriseId: installation.enterprise?.id ?? null,
      teamId: installation.team?.id ?? null,
      isEnterpriseInstall,
      teamName: (isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name) ?? null,
      botUserId: installation.bot?.userId ?? null,
      sealed: box.seal(JSON.stringify(installation), installationContext(workspaceId)),
      tokenExpiresAt: expiresAt === undefined ? null : new Date(expiresAt * 1000),
      installedAt: at,
      updatedAt: at,
    });
    this.options.onStored?.(workspaceId);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<"v1" | "v2", boolean>> {
    const workspaceId = workspaceIdOf(query);
    const stored = workspaceId ? await this.options.store.getInstallation(workspaceId) : null;
    if (!stored || !workspaceId) throw new NoInstallationError("this workspace has not installed the app");
    const json = this.options.box.open(stored.sealed, installationContext(workspaceId));
    return JSON.parse(json) as Installation<"v1" | "v2", boolean>;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const workspaceId = workspaceIdOf(query);
    if (workspaceId) await this.options.store.deleteWorkspace(workspaceId);
  }
}
