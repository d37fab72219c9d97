/**
 * Distributed mode's Slack clients outside a request (the watcher, digests): one WebClient per workspace
 * with that workspace's bot token, read from its installation through Bolt's InstallProvider, which also
 * refreshes a rotating token before it runs out (and stores the new one).
 */
import type { InstallationQuery } from "@slack/bolt";
import { type FetchFunction, WebClient } from "@slack/web-api";
import type { AlertStore, StoredInstallation } from "../alerts/store/index.js";

/** Bolt's installer's authorize (HTTPReceiver.installer): the token, refreshed when it is about to expire. */
export type Authorize = (query: InstallationQuery<boolean>) => Promise<{ botToken?: string }>;

export interface WorkspaceSlackClientsOptions {
  store: AlertStore;
  authorize: Authorize;
  slackApiUrl: string;
  fetch?: FetchFunction;
}

export class WorkspaceSlackClients {
  private readonly clients = new Map<string, { token: string; client: WebClient }>();

  constructor(private readonly options: WorkspaceSlackClientsOptions) {}

  /** The workspace's client, or null when it has no installation (uninstalled) or Slack refused to refresh. */
  async forWorkspace(workspaceId: string): Promise<WebClient | null> {
    const installation = await this.options.store.getInstallation(workspaceId);
    if (!installation) {
      this.clients.delete(workspaceId);
      return null;
    }
    let token: string | undefined;
    try {
      token = (await this.options.authorize(queryOf(installation))).botToken;
    } catch {
      return null;
    }
    if (!token) return null;
    const cached = this.clients.get(workspaceId);
    if (cached?.token === token) return cached.client;
    const client = new WebClient(token, {
      slackApiUrl: this.options.slackApiUrl,
      retryConfig: { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000, randomize: true },
      timeout: 15_000,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    this.clients.set(workspaceId, { token, client });
    return client;
  }

  forget(workspaceId: string): void {
    this.clients.delete(workspaceId);
  }
}

function queryOf(installation: StoredInstallation): InstallationQuery<boolean> {
  return {
    enterpriseId: installation.enterpriseId ?? undefined,
    teamId: installation.isEnterpriseInstall ? undefined : (installation.teamId ?? undefined),
    isEnterpriseInstall: installation.isEnterpriseInstall,
  } as InstallationQuery<boolean>;
}
