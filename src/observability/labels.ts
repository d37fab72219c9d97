/**
 * The label values metrics accept. Every label has a small, fixed set of values: a label that takes a
 * retriever name, a user id or free text creates one time series per distinct value, and the scrape (and
 * Prometheus) grows without bound. Unions cover what the bot decides; the few labels filled from strings
 * (listener names, Slack methods and error codes) go through `boundedLabel` as a safety net.
 */

export const REQUEST_TYPES = ["command", "action", "view", "event", "options"] as const;
/** Which kind of Slack request a listener handled. */
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_OUTCOMES = ["ok", "invalid", "denied", "upstream_error", "error"] as const;
/**
 * - `ok`: answered as asked.
 * - `invalid`: the person's input was refused (usage help, unknown status filter, stale button).
 * - `denied`: the person may not do that (a namespace outside MIXPEEK_NAMESPACES, not a subscription
 *   manager); refused before any Mixpeek call or change.
 * - `upstream_error`: Mixpeek failed and the person was shown an error message.
 * - `error`: the bot itself failed (an exception, a Slack call that could not be made).
 */
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

export const ALERT_RESULTS = [
  "posted",
  "rolled_up",
  "threaded",
  "muted",
  "failed",
  "plain_text_fallback",
] as const;
/** What became of one failure alert the watcher wanted to send. */
export type AlertResult = (typeof ALERT_RESULTS)[number];

/** The value a string label takes once it has seen `limit` distinct values. */
export const OTHER_LABEL_VALUE = "other";

/**
 * Passes through the first `limit` distinct values it sees and folds every later one into "other", so a
 * caller that breaks the rule (a user-supplied name in a label) costs one series, not one per user. The
 * set of seen values belongs to one Metrics instance, never to the module.
 */
export function boundedLabel(limit: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= limit) return OTHER_LABEL_VALUE;
    seen.add(value);
    return value;
  };
}
