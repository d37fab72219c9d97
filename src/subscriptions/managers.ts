/**
 * Who may change a channel's alerts (subscribe, unsubscribe, mute, unmute). Without SUBSCRIPTION_MANAGERS
 * every channel member may; with it, only the users and user groups it names, and workspace admins and
 * owners. Slack is asked only when the person is not named directly.
 */
import type { WebClient } from "@slack/web-api";
import type { SlackDirectory } from "../slack/directory.js";
import type { SubscriptionManagerIds } from "./manager-ids.js";

export class SubscriptionManagers {
  constructor(
    /** undefined: anyone may. */
    readonly ids: SubscriptionManagerIds | undefined,
    private readonly directory: SlackDirectory,
  ) {}

  /**
   * Who may connect, change or disconnect a workspace's Mixpeek account (distributed mode): workspace
   * admins and owners, and the users and user groups SUBSCRIPTION_MANAGERS names where it is set. Unlike
   * subscriptions, never every member.
   */
  async mayConnect(client: WebClient, teamId: string, userId: string): Promise<boolean> {
    const { ids } = this;
    if (ids?.users.includes(userId)) return true;
    for (const group of ids?.groups ?? []) {
      if ((await this.directory.groupMembers(client, teamId, group)).has(userId)) return true;
    }
    return this.directory.isAdmin(client, teamId, userId);
  }

  async mayManage(client: WebClient, teamId: string, userId: string): Promise<boolean> {
    const { ids } = this;
    if (ids === undefined || ids.users.includes(userId)) return true;
    for (const group of ids.groups) {
      if ((await this.directory.groupMembers(client, teamId, group)).has(userId)) return true;
    }
    return this.directory.isAdmin(client, teamId, userId);
  }
}
