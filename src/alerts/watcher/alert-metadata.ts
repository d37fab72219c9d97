/**
 * The label every alert message carries in Slack's message metadata: which store alerts it tells, and
 * whether it is a roll-up. Recovery reads it back (find-posted.ts) to learn whether a claim it is about to
 * post again already reached the channel before its process died.
 *
 * The ids travel as one comma-separated string ("17,18,19"): Slack's metadata payload takes strings,
 * numbers, booleans and objects (arrays of plain numbers are not in @slack/types' contract), and the
 * string is the shortest form. A roll-up lists at most MAX_LISTED_IDS of its alerts; should a crash catch
 * a larger one on its way, the alerts left off the list are told again.
 */
export const ALERT_EVENT_TYPE = "executions_bot_alert";

/** The most failures one check reads with the default settings (5 pages of 50), about 2 KB of ids. */
export const MAX_LISTED_IDS = 250;

export type AlertMessageKind = "alert" | "rollup";

/** What chat.postMessage's `metadata` gets for an alert message. */
export interface AlertMetadata {
  event_type: typeof ALERT_EVENT_TYPE;
  event_payload: { kind: AlertMessageKind; alert_ids: string };
}

export interface AlertLabel {
  kind: AlertMessageKind;
  alertIds: number[];
}

export function alertMetadata(kind: AlertMessageKind, alertIds: readonly number[]): AlertMetadata {
  return {
    event_type: ALERT_EVENT_TYPE,
    event_payload: { kind, alert_ids: alertIds.slice(0, MAX_LISTED_IDS).join(",") },
  };
}

/** The label of a message as conversations.history or .replies list it; undefined for anything else. */
export function readAlertMetadata(message: { metadata?: unknown }): AlertLabel | undefined {
  const metadata = message.metadata as { event_type?: unknown; event_payload?: unknown } | undefined;
  if (metadata?.event_type !== ALERT_EVENT_TYPE) return undefined;
  const payload = metadata.event_payload as { kind?: unknown; alert_ids?: unknown } | undefined;
  if (typeof payload?.alert_ids !== "string") return undefined;
  const alertIds = payload.alert_ids
    .split(",")
    .map(Number)
    .filter((id) => Number.isSafeInteger(id) && id > 0);
  return { kind: payload.kind === "rollup" ? "rollup" : "alert", alertIds };
}
