/**
 * When a subscription is muted or unmuted (a button under an alert, the command), the alerts its channel
 * still sees are redrawn with the new state: "muted until 3:22 PM by @dev" and Unmute, or Mute 1h again.
 * Bounded: the clicked alert and the latest few top-level alerts (RECENT_ALERTS_REDRAWN); older ones have
 * scrolled out of view. Each is redrawn from what Slack shows (the clicked message comes with the click,
 * the others are read back with conversations.history), so Mixpeek is not asked again. A message that
 * cannot be read (no history scope, deleted) or updated is left as it is and logged: the channel has
 * already been told of the change in a line of its own.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import { classifySlackError } from "../slack/slack-errors.js";
import { type AlertMuteState, withMuteState } from "../views/alerts/alert-mute-state.js";
import type { KnownBlock, SlackMessage } from "../views/shared/blocks.js";
import type { AlertStore, Subscription } from "./store/index.js";

export const RECENT_ALERTS_REDRAWN = 3;

/** An alert message as Slack shows it. */
export interface ShownAlert extends SlackMessage {
  ts: string;
}

export interface MuteRedrawParts {
  client: WebClient;
  store: AlertStore;
  logger: Logger;
  metrics: Pick<Metrics, "recordSlackApiError">;
}

/** Resolves to how many alerts now show the state; never throws. */
export async function redrawMuteState(
  parts: MuteRedrawParts,
  sub: Subscription,
  state: AlertMuteState | null,
  clicked?: ShownAlert,
): Promise<number> {
  const targets = new Map<string, ShownAlert | undefined>();
  if (clicked) targets.set(clicked.ts, clicked);
  try {
    for (const ts of await parts.store.listRecentAlertMessages(sub.id, RECENT_ALERTS_REDRAWN)) {
      if (!targets.has(ts)) targets.set(ts, undefined);
    }
  } catch (error) {
    parts.logger.warn({ err: error, subscription: sub.id }, "could not list the alerts to redraw");
  }
  const redrawn = await Promise.all(
    [...targets].map(async ([ts, shown]) => {
      const message = shown ?? (await readBack(parts, sub.channelId, ts));
      if (message === undefined) return false;
      const redrawn = withMuteState(message, sub.id, state);
      // No Mute or Unmute on it (the line after a mute ended): nothing to change.
      if (redrawn === message) return false;
      return update(parts, sub.channelId, ts, redrawn);
    }),
  );
  return redrawn.filter(Boolean).length;
}

async function readBack(
  parts: MuteRedrawParts,
  channel: string,
  ts: string,
): Promise<ShownAlert | undefined> {
  try {
    const page = await parts.client.conversations.history({
      channel,
      latest: ts,
      oldest: ts,
      inclusive: true,
      limit: 1,
    });
    const found = page.messages?.find((message) => message.ts === ts);
    if (!found || !Array.isArray(found.blocks)) return undefined;
    return { ts, text: found.text ?? "", blocks: found.blocks as KnownBlock[] };
  } catch (error) {
    const { code } = classifySlackError(error);
    parts.metrics.recordSlackApiError("conversations.history", code);
    parts.logger.info({ channel, code }, "could not read an alert back to show its mute state");
    return undefined;
  }
}

async function update(
  parts: MuteRedrawParts,
  channel: string,
  ts: string,
  message: SlackMessage,
): Promise<boolean> {
  try {
    await parts.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    return true;
  } catch (error) {
    const { code } = classifySlackError(error);
    parts.metrics.recordSlackApiError("chat.update", code);
    parts.logger.warn({ channel, code }, "could not redraw an alert with its mute state");
    return false;
  }
}
