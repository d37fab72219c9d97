/**
 * What Slack says about people, asked for the access checks: whether someone is a workspace admin or
 * owner (users.info), who is in a user group (usergroups.users.list), and which conversations someone is
 * a member of (users.conversations). Each answer is kept briefly, so a burst of clicks or Home tab
 * openings costs one call; a failed call is not kept, and the next request asks again.
 */
import type { WebClient } from "@slack/web-api";
import { SingleFlightCache } from "../cache/single-flight-cache.js";
import type { Logger } from "../logger.js";
import { classifySlackError } from "./slack-errors.js";

export interface DirectoryOptions {
  /** How long an answer is kept. */
  ttlSeconds: number;
  maxKeys: number;
  logger: Logger;
  recordSlackApiError?: (method: string, code: string) => void;
}

/** The conversation types a person can see subscriptions of: channels, private channels, group DMs, DMs. */
const CONVERSATION_TYPES = "public_channel,private_channel,mpim,im";
/** Slack's largest page; a person in thousands of channels costs a few calls, once per TTL. */
const PAGE_LIMIT = 999;
const MAX_PAGES = 20;

export class SlackDirectory {
  private readonly admins: SingleFlightCache<boolean>;
  private readonly groups: SingleFlightCache<ReadonlySet<string>>;
  private readonly memberships: SingleFlightCache<ReadonlySet<string>>;

  constructor(private readonly options: DirectoryOptions) {
    const cache = { ttlSeconds: options.ttlSeconds, maxKeys: options.maxKeys };
    this.admins = new SingleFlightCache(cache);
    this.groups = new SingleFlightCache(cache);
    this.memberships = new SingleFlightCache(cache);
  }

  /** Workspace admins and owners; false when Slack cannot say (the person is then treated as a member). */
  async isAdmin(client: WebClient, teamId: string, userId: string): Promise<boolean> {
    try {
      return await this.admins.get(`${teamId}:${userId}`, async () => {
        const { user } = await client.users.info({ user: userId });
        return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
      });
    } catch (error) {
      this.failed("users.info", error);
      return false;
    }
  }

  /** The members of a user group; empty when Slack cannot say (no such group, no `usergroups:read`). */
  async groupMembers(client: WebClient, teamId: string, groupId: string): Promise<ReadonlySet<string>> {
    try {
      return await this.groups.get(`${teamId}:${groupId}`, async () => {
        const { users } = await client.usergroups.users.list({ usergroup: groupId });
        return new Set(users ?? []);
      });
    } catch (error) {
      this.failed("usergroups.users.list", error);
      return new Set();
    }
  }

  /** The ids of the conversations `userId` is a member of; throws when Slack cannot say. */
  conversationsOf(client: WebClient, teamId: string, userId: string): Promise<ReadonlySet<string>> {
    return this.memberships
      .get(`${teamId}:${userId}`, async () => {
        const ids = new Set<string>();
        let cursor: string | undefined;
        for (let page = 0; page < MAX_PAGES; page++) {
          const answer = await client.users.conversations({
            user: userId,
            types: CONVERSATION_TYPES,
            limit: PAGE_LIMIT,
            ...(cursor ? { cursor } : {}),
          });
          for (const channel of answer.channels ?? []) if (channel.id) ids.add(channel.id);
          cursor = answer.response_metadata?.next_cursor || undefined;
          if (!cursor) break;
        }
        return ids;
      })
      .catch((error: unknown) => {
        this.failed("users.conversations", error);
        throw error;
      });
  }

  close(): void {
    this.admins.close();
    this.groups.close();
    this.memberships.close();
  }

  private failed(method: string, error: unknown): void {
    const { code } = classifySlackError(error);
    this.options.recordSlackApiError?.(method, code);
    this.options.logger.warn({ method, code }, "Slack look-up failed");
  }
}
