/**
 * Looking in a channel for alert messages an earlier attempt posted. A process that dies after Slack took
 * its post but before it recorded the answer leaves the alert claimed; before recovery posts it again it
 * reads the channel back (conversations.history for top-level messages, conversations.replies for the
 * subscription's thread) and looks for the alert's id in each message's metadata (alert-metadata.ts).
 *
 * Reading needs the `channels:history` and `groups:history` scopes and, for a bot, membership of the
 * channel. Without them (`missing_scope`, `not_in_channel`, ...) the answer is "cannot look": recovery then
 * posts as it did before the look-up existed, and this says so once per cause at warn. Slack being busy or
 * unreachable is "try later", as for a post.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../logger.js";
import { classifySlackError } from "../../slack/slack-errors.js";
import { type AlertMessageKind, readAlertMetadata } from "./alert-metadata.js";
import type { WatcherMetrics } from "./report.js";

/** The message that told an alert. */
export interface FoundMessage {
  ts: string;
  /** The parent's ts when it is a thread reply; null for a top-level message. */
  threadTs: string | null;
  kind: AlertMessageKind;
}

export type Sighting =
  | { outcome: "looked"; found: ReadonlyMap<number, FoundMessage> }
  | { outcome: "cannot_look"; code: string }
  | { outcome: "try_later"; code: string };

export interface LookFor {
  channel: string;
  alertIds: ReadonlySet<number>;
  /** No message for these alerts can be older than this. */
  since: Date;
  /** The subscription's thread, where a reply for them would have gone. */
  threadTs?: string | undefined;
}

/** Pages read per method and look-up; past that the channel is too busy to read back and what is left is posted. */
const MAX_PAGES = 10;
const PAGE_SIZE = 100;

interface ListedMessage {
  ts?: string;
  thread_ts?: string;
  metadata?: unknown;
}

interface Page {
  messages?: ListedMessage[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

type Method = "conversations.history" | "conversations.replies";

export class PostedAlertFinder {
  /** Causes already logged: a missing scope once per process, a channel closed to reading once per channel. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly metrics?: WatcherMetrics,
  ) {}

  async find(request: LookFor): Promise<Sighting> {
    const found = new Map<number, FoundMessage>();
    const oldest = slackTs(request.since);
    try {
      await this.read(request, found, "conversations.history", (cursor) =>
        this.client.conversations.history({
          channel: request.channel,
          oldest,
          limit: PAGE_SIZE,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const { threadTs } = request;
      if (threadTs !== undefined && found.size < request.alertIds.size) {
        await this.read(request, found, "conversations.replies", (cursor) =>
          this.client.conversations.replies({
            channel: request.channel,
            ts: threadTs,
            oldest,
            limit: PAGE_SIZE,
            include_all_metadata: true,
            ...(cursor ? { cursor } : {}),
          }),
        );
      }
    } catch (error) {
      return this.cannotRead(request.channel, error);
    }
    return { outcome: "looked", found };
  }

  private async read(
    request: LookFor,
    found: Map<number, FoundMessage>,
    method: Method,
    call: (cursor: string | undefined) => Promise<Page>,
  ): Promise<void> {
    let cursor: string | undefined;
    for (let page = 1; page <= MAX_PAGES; page++) {
      let answer: Page;
      try {
        answer = await call(cursor);
      } catch (error) {
        // The thread's parent was deleted: no reply can be found under it.
        if (method === "conversations.replies" && classifySlackError(error).code === "thread_not_found")
          return;
        this.metrics?.recordSlackApiError(method, classifySlackError(error).code);
        throw error;
      }
      for (const message of answer.messages ?? []) note(message, request.alertIds, found);
      cursor = answer.has_more ? answer.response_metadata?.next_cursor : undefined;
      if (!cursor || found.size === request.alertIds.size) return;
    }
    this.logger.warn(
      { channel: request.channel, method, pages: MAX_PAGES },
      "too many messages to read back in full; alerts not found are posted again",
    );
  }

  private cannotRead(channel: string, error: unknown): Sighting {
    const { failure, code } = classifySlackError(error);
    if (failure === "transient") return { outcome: "try_later", code };
    // A missing scope is the installation's; membership is each channel's.
    const cause = code === "missing_scope" ? code : `${code} ${channel}`;
    if (!this.warned.has(cause)) {
      this.warned.add(cause);
      this.logger.warn(
        { channel, code },
        code === "missing_scope"
          ? "cannot read channels back (add the channels:history and groups:history scopes); an alert a crash caught on its way may be posted twice"
          : "cannot read this channel back; an alert a crash caught on its way may be posted twice",
      );
    }
    return { outcome: "cannot_look", code };
  }
}

function note(message: ListedMessage, wanted: ReadonlySet<number>, found: Map<number, FoundMessage>): void {
  const label = readAlertMetadata(message);
  if (label === undefined || message.ts === undefined) return;
  const threadTs =
    message.thread_ts !== undefined && message.thread_ts !== message.ts ? message.thread_ts : null;
  for (const id of label.alertIds) {
    if (wanted.has(id) && !found.has(id)) found.set(id, { ts: message.ts, threadTs, kind: label.kind });
  }
}

/** A Slack timestamp ("1700000000.123000") for an instant, as `oldest` takes it. */
export function slackTs(at: Date): string {
  return (at.getTime() / 1000).toFixed(6);
}
