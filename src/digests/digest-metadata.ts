/**
 * Which digest and period a message tells, in Slack's message metadata. A replica that takes over a claim
 * whose poster died reads the channel back for it before posting again, so a digest that did reach the
 * channel is not posted twice. Without the history scopes, or in a channel the bot is not in, it cannot
 * look and posts again: that narrow window stays open, as for alerts.
 */
import type { WebClient } from "@slack/web-api";
import type { Digest, DigestRun } from "../alerts/store/index.js";

export const DIGEST_EVENT_TYPE = "executions_bot_digest";

export function digestMetadata(digest: Digest, run: DigestRun) {
  return {
    event_type: DIGEST_EVENT_TYPE,
    event_payload: { digest_id: digest.id, due_at: run.dueAt.getTime() },
  };
}

interface Listed {
  ts?: string;
  metadata?: { event_type?: unknown; event_payload?: { digest_id?: unknown; due_at?: unknown } };
}

/** The ts of the digest's message for that period, if the channel holds one; undefined otherwise. */
export async function findPostedDigest(
  client: WebClient,
  digest: Digest,
  run: DigestRun,
): Promise<string | undefined> {
  try {
    const page = (await client.conversations.history({
      channel: digest.channelId,
      oldest: String((run.claimedAt.getTime() - 60_000) / 1000),
      limit: 200,
      include_all_metadata: true,
    })) as { messages?: Listed[] };
    const found = page.messages?.find(
      (message) =>
        message.metadata?.event_type === DIGEST_EVENT_TYPE &&
        Number(message.metadata.event_payload?.digest_id) === digest.id &&
        Number(message.metadata.event_payload?.due_at) === run.dueAt.getTime(),
    );
    return found?.ts;
  } catch {
    return undefined;
  }
}
