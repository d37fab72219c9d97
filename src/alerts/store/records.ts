/**
 * What the alert store holds, in the product's words. Instants are `Date`s here; the tables keep epoch
 * milliseconds (see schema.ts).
 */

/**
 * The workspace of single-workspace mode: rows written without one (and every row from before OAuth
 * installs existed) belong to it. In distributed mode a workspace is its installation: the `enterprise_id`
 * of an org-wide install, otherwise the `team_id`.
 */
export const SINGLE_WORKSPACE_ID = "default";

/** What makes a subscription unique: one per channel, namespace and retriever. */
export interface SubscriptionKey {
  /** The workspace (installation) whose Mixpeek connection it reads; SINGLE_WORKSPACE_ID when left out. */
  workspaceId?: string;
  teamId: string;
  channelId: string;
  namespace: string;
  retrieverId: string;
}

/** A channel's request to hear about a retriever's failed executions. */
export interface Subscription extends SubscriptionKey {
  id: number;
  workspaceId: string;
  /** The retriever's name when the channel last subscribed, for messages and the App Home. */
  retrieverName: string;
  /** A mention token to put in alerts, e.g. `<@U123>` or `<!here>`; null for none. */
  mention: string | null;
  /** The Slack user id of whoever created it; a repeated subscribe never changes it. */
  createdBy: string;
  createdAt: Date;
  /** Who last changed it (mention, mute, unmute, repair) and when; null while nobody has. */
  updatedBy: string | null;
  updatedAt: Date | null;
  /**
   * When the watcher told the channel its namespace is no longer in MIXPEEK_NAMESPACES (once); null while
   * the namespace is allowed.
   */
  namespaceRefusedAt: Date | null;
  /** Alerts are held back while this lies in the future; null when not muted. */
  mutedUntil: Date | null;
  /**
   * Failures held back by a mute and not rolled up yet. Counted from the alerts themselves (state
   * `muted`), so a claim and a count can never disagree.
   */
  mutedCount: number;
  /** Why posting to the channel stopped working (e.g. `not_in_channel`); null while healthy. */
  brokenReason: string | null;
  brokenAt: Date | null;
  /** Whether every failed run is posted; false for a subscription made of threshold rules only. */
  failureAlerts: boolean;
  /** Whether the end of an incident is told (`recovery:off` turns it off). */
  recovery: boolean;
}

/** One retriever in one namespace: the unit the watcher polls, whatever the number of subscribers. */
export interface WatchKey {
  /** The workspace whose Mixpeek connection polls it; SINGLE_WORKSPACE_ID when left out. */
  workspaceId?: string;
  namespace: string;
  retrieverId: string;
}

export interface Watch extends WatchKey {
  workspaceId: string;
  createdAt: Date;
  /**
   * The `created_at` of the newest failure whose alerts were all claimed. A round fetches failures from
   * here on (inclusive: claims are idempotent, so ties at this instant are simply claimed again and
   * refused). Starts at the time of the first subscription, so older failures are never posted.
   */
  watermark: Date;
  lastSuccessAt: Date | null;
  /** Failed rounds in a row; 0 after a successful one. */
  errorCount: number;
  /** The MixpeekError kind of the last failed round (kept after recovery, for the recovery notice). */
  lastErrorKind: string | null;
  /** The watch is not due before this (the poll interval, or backoff after errors). */
  nextAttemptAt: Date;
  /** Whether subscribers were told the watch is failing; the watcher clears it with the recovery notice. */
  noticeSent: boolean;
  /** Set when the retriever was not found (404); polling stops until someone subscribes again. */
  pausedAt: Date | null;
  /** The replica polling it this round, while its lease lasts. */
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
}

/**
 * `claimed`: a replica owns posting it. `sent`: posted. `failed`: posting gave up (see lastError).
 * `muted`: held back by the subscription's mute. `rolled_up`: counted in a summary message instead.
 */
export const ALERT_STATES = ["claimed", "sent", "failed", "muted", "rolled_up"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * What an alert tells. An execution can be told to a channel once per kind: the row for (kind, execution,
 * team, channel) is the lock that makes it once. A new kind is a new value here; the claim discipline
 * (claim, post, mark sent; reclaim after a crash) is the same for all.
 */
export const ALERT_KINDS = [
  /** A failed execution. */
  "failure",
  /** The completed execution that ended a run of alerted failures (an incident). */
  "recovery",
  /**
   * A threshold rule crossed its threshold; the execution id is `rule:<rule id>:<incident number>`, so
   * each incident of a rule fires once per channel.
   */
  "rule_fired",
  /** The same rule back under its threshold, with the same `rule:<id>:<n>` as the firing it ends. */
  "rule_recovered",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One execution told (or to be told) to one channel. Unique per kind, execution, team and channel. */
export interface Alert {
  id: number;
  workspaceId: string;
  kind: AlertKind;
  executionId: string;
  teamId: string;
  channelId: string;
  subscriptionId: number;
  namespace: string;
  retrieverId: string;
  executionCreatedAt: Date;
  state: AlertState;
  claimedBy: string;
  claimedAt: Date;
  /** The Slack `ts` of the message that told it (the reply, when it went into a thread). */
  messageTs: string | null;
  /** The parent message's `ts` when the alert was posted as a thread reply. */
  threadTs: string | null;
  finishedAt: Date | null;
  /** Claims so far: 1 at first, plus one per reclaim after a crash. */
  attempts: number;
  /** Why it is not told yet (its last post's Slack error), or why it failed. */
  lastError: string | null;
  /**
   * What the message says beyond the execution, as JSON (incident kinds: the figures a rule fired on,
   * the failures an incident held), so a message told again after a crash says the same.
   */
  details: string | null;
  /**
   * When a post of it first failed for a passing reason (Slack down or busy); its holder retries it with
   * backoff. Null while no post of it has failed that way.
   */
  waitingSince: Date | null;
}

/** A subscription's current alert thread: failures close together go under one parent message. */
export interface AlertThread {
  subscriptionId: number;
  parentTs: string;
  startedAt: Date;
  /** Failures in the thread, the one in the parent included. */
  failureCount: number;
  updatedAt: Date;
}
