/**
 * The contract of the alert store: what the `/executions subscribe` commands, the App Home and the alert
 * watcher may ask of the database, and which of those asks are atomic across replicas.
 *
 * One implementation serves SQLite (one process) and PostgreSQL (any number of replicas). Every method
 * that decides who does something (acquireDueWatches, claimAlert, reclaimStale, incrementThread,
 * startThread, completeRound) is a single conditional statement, so it stays correct however many
 * replicas race on the same rows.
 */

import type { DigestStore } from "./digest-records.js";
import type { IncidentStore } from "./incident-records.js";
import type {
  Alert,
  AlertKind,
  AlertThread,
  Subscription,
  SubscriptionKey,
  Watch,
  WatchKey,
} from "./records.js";
import type { RequestBudgetStore } from "./request-budget.js";
import type { WorkspaceStore } from "./workspace-records.js";

export * from "./digest-records.js";
export * from "./incident-records.js";
export * from "./records.js";
export * from "./workspace-records.js";

export interface NewSubscription extends SubscriptionKey {
  retrieverName: string;
  /** The mention asked for; null asks for none on a new subscription and leaves an existing one's as it is. */
  mention: string | null;
  /** Who asks: the creator of a new subscription, the one who changed an existing one. */
  createdBy: string;
  now: Date;
  /**
   * Post every failed run. A new subscription takes it (default true); on an existing one only `true`
   * changes anything (a rule added later never turns the failure alerts of a channel off).
   */
  failureAlerts?: boolean;
  /** Tell the end of incidents (`recovery:on|off`); undefined keeps it as it is (new: on). */
  recovery?: boolean;
}

/** Who changed a subscription, and when. */
export interface SubscriptionChange {
  by: string;
  at: Date;
}

export interface SubscribeResult {
  subscription: Subscription;
  /** False when the channel was already subscribed. */
  created: boolean;
  /** An existing subscription took the mention asked for, or was repaired (it had been marked broken). */
  changed: boolean;
  /** An existing subscription as it was before this call; null when it was just created. */
  previous: Subscription | null;
}

export interface MuteCleared {
  subscription: Subscription;
  /**
   * This call found the mute still set and ended it: true for exactly one of several calls racing to end
   * the same mute, so what a mute's end does besides (redrawing its alerts) is done once.
   */
  ended: boolean;
  /** How many failures were held back by the mute: the number to tell in the roll-up message. */
  mutedCount: number;
  /** Those failures, now in state `rolled_up`. */
  alerts: Alert[];
}

/** What a polling round ended with, given to completeRound by the replica that held the lease. */
export type RoundResult =
  | {
      outcome: "ok";
      finishedAt: Date;
      nextAttemptAt: Date;
      /** The newest failure `created_at` whose alerts are all claimed; the stored one never goes back. */
      watermark?: Date;
      /** Pass false once the recovery notice went out; leave out to keep the flag as it is. */
      noticeSent?: boolean;
    }
  | { outcome: "error"; finishedAt: Date; nextAttemptAt: Date; errorKind: string; noticeSent?: boolean }
  /** The retriever is gone (404): the watch sleeps until a subscribe or clearBroken wakes it. */
  | { outcome: "paused"; finishedAt: Date; errorKind: string; noticeSent?: boolean };

/** Rows a heartbeat renewed, or a start-up abandoned. */
export interface HeldWork {
  leases: number;
  claims: number;
}

export interface AlertClaim {
  kind: AlertKind;
  subscriptionId: number;
  executionId: string;
  executionCreatedAt: Date;
  /** The replica id of the caller. */
  owner: string;
  now: Date;
  /** Stored with the alert (see Alert.details). */
  details?: string;
}

export interface PostedMessage {
  ts: string;
  threadTs?: string | null;
  at: Date;
}

export interface ThreadPosition {
  parentTs: string;
  /** The thread's failure count after this failure, the parent's included. */
  count: number;
}

export interface AlertStore extends DigestStore, WorkspaceStore, RequestBudgetStore, IncidentStore {
  readonly backend: "sqlite" | "postgres";

  // --- Subscriptions (slash commands, App Home) ---

  /**
   * Subscribes a channel. A second call for the same key changes nothing it does not ask for: createdBy
   * stays, and the mention changes only when one is given and differs (`changed: true`, with updatedBy
   * and updatedAt set to the request's). A broken subscription is repaired (also a change). The retriever
   * name is refreshed from Mixpeek's answer and a paused watch is woken; neither counts as a change.
   * Creates the watch for the retriever when it is the first subscriber (watermark = `now`, so earlier
   * failures are never posted). One transaction.
   */
  subscribe(input: NewSubscription): Promise<SubscribeResult>;
  /** Removes a subscription with its alerts and thread; drops the watch when nobody else needs it. */
  unsubscribe(key: SubscriptionKey): Promise<Subscription | null>;
  /** unsubscribe by id (App Home buttons). */
  deleteSubscription(id: number): Promise<Subscription | null>;
  getSubscription(id: number): Promise<Subscription | null>;
  /** A channel's subscriptions, oldest first. */
  listChannelSubscriptions(teamId: string, channelId: string): Promise<Subscription[]>;
  /** A workspace's subscriptions, by channel then retriever name (for the App Home). */
  listTeamSubscriptions(teamId: string): Promise<Subscription[]>;
  /** The subscriptions a watch alerts: those of its namespace and retriever that are not broken. */
  listWatchSubscribers(key: WatchKey): Promise<Subscription[]>;
  /**
   * Holds alerts back until `until`. While muted, claimAlert records failures as `muted`. When a mute
   * expires by itself, the watcher sees `mutedUntil` in the past and calls clearMute to post the roll-up
   * (if any failed) and redraw the alerts unmuted.
   */
  setMute(id: number, until: Date, change?: SubscriptionChange): Promise<Subscription | null>;
  /**
   * Ends a mute and turns the failures it held back into `rolled_up`, returning them. Atomic with respect
   * to other clearMute calls (each muted alert is returned once). A claim racing with it may still land as
   * `muted` a moment later; it then shows in mutedCount and the next clearMute picks it up.
   */
  clearMute(id: number, now: Date, by?: string): Promise<MuteCleared | null>;
  /**
   * Records (at a date) or clears (null) that the watcher told these subscriptions' channels their
   * namespace is no longer allowed, so it is told once.
   */
  setNamespaceRefused(ids: readonly number[], at: Date | null): Promise<void>;
  /** Stops alerts to a channel Slack refuses (claimAlert skips it); drops the watch if nobody else needs it. */
  markBroken(id: number, reason: string, now: Date): Promise<Subscription | null>;
  /** Undoes markBroken and makes sure the watch exists again (fresh watermark when it has to be created). */
  clearBroken(id: number, now: Date): Promise<Subscription | null>;

  // --- Watches (the watcher; one lease per watch across replicas) ---

  /**
   * Leases up to `limit` watches that are due (`nextAttemptAt <= now`), not paused, have a subscriber,
   * and are not leased by anyone (or whose lease expired). One conditional UPDATE … RETURNING (with
   * `FOR UPDATE SKIP LOCKED` on PostgreSQL): two replicas never get the same watch while a lease lasts.
   */
  acquireDueWatches(owner: string, now: Date, leaseMs: number, limit: number): Promise<Watch[]>;
  /** Extends a lease for a long round; false when `owner` lost it. */
  renewLease(owner: string, key: WatchKey, now: Date, leaseMs: number): Promise<boolean>;
  /** Gives a lease back without recording a round (e.g. on shutdown); false when `owner` had lost it. */
  releaseWatch(owner: string, key: WatchKey): Promise<boolean>;
  /**
   * Records a round and releases the lease, only if `owner` still holds it (otherwise null: another replica
   * took over and its result wins). `ok` resets errorCount and advances the watermark (never backwards);
   * `error` and `paused` add one to errorCount.
   */
  completeRound(owner: string, key: WatchKey, result: RoundResult): Promise<Watch | null>;
  getWatch(key: WatchKey): Promise<Watch | null>;
  listWatches(): Promise<Watch[]>;

  // --- What a live process holds (every replica renews its own every few seconds) ---

  /**
   * Renews every watch lease `owner` holds (to `now + leaseMs`) and marks alive the alerts it claimed (or
   * took over) since `claimsSince`, the start of this process: a claim an earlier process with the same id
   * left is not renewed. Two statements, each conditional on the owner; returns how many rows each touched.
   */
  heartbeat(owner: string, at: { now: Date; leaseMs: number; claimsSince: Date }): Promise<HeldWork>;
  /**
   * Drops the leases and abandons the claims (made before `before`) of `owner`, or of everyone when
   * `owner` is null: what a process that died left. Its retrievers are due at once, and its claims are
   * taken over by the next recovery (looked for in Slack first, posted if missing).
   */
  abandonHeldWork(owner: string | null, before: Date): Promise<HeldWork>;
  /** Lets one claim of `owner` go: abandoned at once, for whoever recovers claims next (this one too). */
  releaseClaim(id: number, owner: string): Promise<boolean>;

  // --- Alerts (the watcher) ---

  /**
   * Claims the right to tell one execution, as one kind of alert, to one subscription's channel: a single
   * `INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`. The caller that gets an alert back owns it; null
   * means someone claimed it before (or the subscription is gone or broken), so post nothing. The alert
   * comes back as `muted` when the subscription is muted at `now`: record only, do not post.
   * The watcher should skip failures older than the subscription's createdAt.
   */
  claimAlert(claim: AlertClaim): Promise<Alert | null>;
  /** `claimed` → `sent`. False if the alert was not in `claimed` (already finished, or deleted). */
  markSent(id: number, message: PostedMessage): Promise<boolean>;
  /** `claimed` → `failed` with the reason; final. False if the alert was not in `claimed`. */
  markFailed(id: number, error: string, at: Date): Promise<boolean>;
  /** `claimed` → `rolled_up` for alerts told in one summary message; returns how many changed. */
  markRolledUp(ids: readonly number[], message: PostedMessage): Promise<number>;
  /**
   * Alerts still `claimed` whose holder showed no sign of life (claim, take-over or heartbeat) since
   * `olderThan`: their replica probably died between claim and post.
   * The watcher takes each over with reclaimStale, then looks for its message in Slack before posting it
   * again.
   */
  listUnfinishedClaims(olderThan: Date, limit?: number, kinds?: readonly AlertKind[]): Promise<Alert[]>;
  /**
   * Takes over a stale claim if it is still `claimed` and was claimed before `staleBefore`; one conditional
   * UPDATE, so of several replicas recovering the same alert exactly one gets it (attempts + 1).
   */
  reclaimStale(id: number, owner: string, staleBefore: Date, now: Date): Promise<Alert | null>;
  /**
   * Alerts whose post failed for a passing reason (Slack down or busy): still claimed by their holder,
   * which retries them. Sets `waitingSince` the first time (kept across take-overs) and `lastError`.
   */
  markWaiting(ids: readonly number[], code: string, now: Date): Promise<number>;
  /** The alerts `owner` holds that are waiting for Slack, oldest failure first. */
  listWaitingAlerts(owner: string, options?: { subscriptionId?: number; limit?: number }): Promise<Alert[]>;
  /** How many alerts are waiting for Slack: `owner`'s, or everyone's. */
  countWaitingAlerts(owner?: string): Promise<number>;
  getAlert(id: number): Promise<Alert | null>;
  /**
   * The alert a subscription's channel was told in the top-level message `messageTs` (a thread's parent),
   * so the watcher can redraw that message with the thread's count after a restart or on another replica.
   */
  findAlertByMessage(subscriptionId: number, messageTs: string): Promise<Alert | null>;
  /**
   * The Slack `ts` of the latest top-level messages that told a subscription's channel of failures (an
   * alert or a roll-up, not thread replies), newest first, each once: the messages people still see,
   * redrawn when the subscription is muted or unmuted.
   */
  listRecentAlertMessages(subscriptionId: number, limit: number): Promise<string[]>;
  /**
   * Deletes finished alerts (sent, failed, rolled up) that finished before `finishedBefore`. Keep it well
   * behind every watermark: the rows are what stops a failure being posted twice.
   */
  pruneAlerts(finishedBefore: Date): Promise<number>;

  // --- Threads (the watcher) ---

  /**
   * Counts a failure told in the subscription's current thread if it started at or after `windowStart`
   * (now − ALERT_THREAD_MINUTES), returning its parent and the new count for redrawing it. The watcher
   * calls it once the reply is posted (getThread says where to post it), so the count is what the thread
   * holds. One conditional UPDATE … RETURNING: parallel calls get distinct, consecutive counts. Null: no
   * current thread.
   */
  incrementThread(subscriptionId: number, windowStart: Date, now: Date): Promise<ThreadPosition | null>;
  /**
   * Makes `parentTs` the current thread (count 1), unless a thread started at or after `windowStart`
   * exists; returns whether it became current. Remaining race: two replicas posting the first two
   * failures of a burst at the same moment both find no thread and both post a parent; only the first
   * startThread wins, the other message stays on its own, and later failures go under the winner.
   */
  startThread(subscriptionId: number, parentTs: string, now: Date, windowStart: Date): Promise<boolean>;
  getThread(subscriptionId: number): Promise<AlertThread | null>;

  // --- Slack requests (replay protection, shared by every replica) ---

  /**
   * Records a signed request's signature until `expiresAt`; false when it is already recorded and not
   * expired, i.e. the request is a replay. One conditional statement, so of two replicas handed the same
   * request at once only one accepts it. Expired signatures are deleted as new ones come in.
   */
  rememberRequest(signature: string, now: Date, expiresAt: Date): Promise<boolean>;

  // --- Lifecycle ---

  /** A trivial query, for /healthz. Rejects when the database is unreachable. */
  ping(): Promise<void>;
  /** Closes the SQLite file or the PostgreSQL pool. */
  close(): Promise<void>;
}

/** The parts of a pino logger the store uses. */
export interface StoreLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
}

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema to create tables in (created when missing); tests use one per run. */
  schema?: string;
  logger?: StoreLogger;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** How to wait between tries for SQLite's write lock at start-up; tests may pass their own. */
  sleep?: (ms: number) => Promise<void>;
}
