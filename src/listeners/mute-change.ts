/**
 * What muting or unmuting does besides the store, wherever it comes from (a button under an alert, the
 * command): the alerts the channel still sees are redrawn with the new state.
 */
import { redrawMuteState, type ShownAlert } from "../alerts/alert-mute-redraw.js";
import type { Subscription } from "../alerts/store/index.js";
import type { KnownBlock } from "../views/shared/blocks.js";
import type { ActionArgs, RequestContext } from "./listener.js";

export function showMuteState(
  ctx: RequestContext,
  sub: Subscription,
  mutedBy: string | null,
  clicked?: ShownAlert,
): Promise<number> {
  const { deps } = ctx;
  const now = deps.now();
  const state =
    mutedBy !== null && sub.mutedUntil !== null && sub.mutedUntil > now
      ? { until: sub.mutedUntil, by: mutedBy, now }
      : null;
  const parts = { client: ctx.client, store: deps.store, logger: deps.logger, metrics: deps.metrics };
  return redrawMuteState(parts, sub, state, clicked);
}

/** The message a button was clicked in, when Slack sent it along. */
export function clickedMessage(body: ActionArgs["body"]): ShownAlert | undefined {
  const message = body.message as { ts?: unknown; text?: unknown; blocks?: unknown } | undefined;
  if (typeof message?.ts !== "string" || !Array.isArray(message.blocks)) return undefined;
  const text = typeof message.text === "string" ? message.text : "";
  return { ts: message.ts, text, blocks: message.blocks as KnownBlock[] };
}
