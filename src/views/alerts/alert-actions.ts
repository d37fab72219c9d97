/**
 * The buttons under failure alerts and what they carry.
 *
 * "Failed runs" starts with `executions_page_`, so the page-navigation listener already answers it: its
 * value is an encoded page state (see executions/page-state.ts) for the first page of failed runs.
 * "Mute 1h" carries the subscription it mutes (subscriptions/subscription-ref.ts, like Unsubscribe); the
 * listener checks that subscription belongs to the channel clicked in.
 */

import { isAcceptableName } from "../../executions/names.js";
import { encodePageState } from "../../executions/page-state.js";
import { MAX_PAGE_SIZE, MIN_PAGE_SIZE } from "../../executions/types.js";
import { encodeSubscriptionRef } from "../../subscriptions/subscription-ref.js";
import { type ActionsBlock, type Button, plainText } from "../shared/blocks.js";

export const ALERT_ACTION_IDS = {
  failedRuns: "executions_page_alert_failed_runs",
  mute1h: "alert_mute_1h",
  /** Takes the place of Mute 1h while the subscription is muted (alert-mute-state.ts). */
  unmute: "alert_unmute",
} as const;

/** How long "Mute 1h" mutes for. */
export const ALERT_MUTE_MS = 60 * 60 * 1000;

/** What an alert's buttons point at. */
export interface AlertTarget {
  namespace: string;
  /** The retriever as the watch knows it (id or name): what Mixpeek is asked for. */
  retriever: string;
  subscriptionId: number;
  /** Rows per page of the failed-runs list (PAGE_SIZE). */
  pageSize: number;
}

/**
 * Undefined when the page could not be read back on a click (a name with spaces or past 200 chars):
 * a button that can only answer "stale" is worse than none.
 */
export function failedRunsButton(target: AlertTarget): Button | undefined {
  if (!isAcceptableName(target.namespace) || !isAcceptableName(target.retriever)) return undefined;
  const limit = Math.min(
    MAX_PAGE_SIZE,
    Math.max(MIN_PAGE_SIZE, Math.trunc(target.pageSize) || MIN_PAGE_SIZE),
  );
  return {
    type: "button",
    action_id: ALERT_ACTION_IDS.failedRuns,
    text: plainText("Failed runs"),
    value: encodePageState({
      namespace: target.namespace,
      retriever: target.retriever,
      status: "failed",
      offset: 0,
      limit,
    }),
  };
}

export function muteButton(subscriptionId: number): Button {
  return {
    type: "button",
    action_id: ALERT_ACTION_IDS.mute1h,
    text: plainText(":mute: Mute 1h"),
    value: encodeSubscriptionRef(subscriptionId),
  };
}

/** The actions block of an alert; undefined when no button could be drawn. */
export function alertActions(
  target: AlertTarget,
  options: { mute?: boolean; extra?: Button[] } = {},
): ActionsBlock | undefined {
  const elements: Button[] = [];
  const failedRuns = failedRunsButton(target);
  if (failedRuns) elements.push(failedRuns);
  elements.push(...(options.extra ?? []));
  if (options.mute !== false) elements.push(muteButton(target.subscriptionId));
  return elements.length === 0 ? undefined : { type: "actions", elements };
}
