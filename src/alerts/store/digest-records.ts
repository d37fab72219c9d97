/**
 * Digests as the store holds them: which channel gets which retriever's stats, on what schedule, and the
 * claim of each period's post.
 */
import type { DigestSchedule } from "../../digests/schedule.js";

/** One digest per channel, namespace and retriever. */
export interface DigestKey {
  /** The workspace (installation) whose Mixpeek connection it reads; SINGLE_WORKSPACE_ID when left out. */
  workspaceId?: string;
  teamId: string;
  channelId: string;
  namespace: string;
  retrieverId: string;
}

export interface Digest extends DigestKey, DigestSchedule {
  id: number;
  workspaceId: string;
  /** The retriever's name when the digest was set, for messages. */
  retrieverName: string;
  createdBy: string;
  createdAt: Date;
  /** When the next digest is due; moved on by whoever sees it due (advanceDigest). */
  nextDueAt: Date;
}

export const DIGEST_RUN_STATES = ["claimed", "sent", "skipped", "failed"] as const;
/**
 * `claimed`: a replica owns posting this period's digest. `sent`: posted. `skipped`: not posted on
 * purpose (too late to be useful). `failed`: posting gave up (see lastError).
 */
export type DigestRunState = (typeof DIGEST_RUN_STATES)[number];

/** One period's digest of one channel; unique per digest and due time. */
export interface DigestRun {
  digestId: number;
  dueAt: Date;
  state: DigestRunState;
  claimedBy: string;
  claimedAt: Date;
  /** Claims so far: 1, plus one per take-over after a crash. */
  attempts: number;
  messageTs: string | null;
  finishedAt: Date | null;
  lastError: string | null;
}

export interface NewDigest extends DigestKey, DigestSchedule {
  retrieverName: string;
  createdBy: string;
  now: Date;
  /** The first time it is due. */
  nextDueAt: Date;
}

export type DigestRunResult =
  | { state: "sent"; at: Date; messageTs: string }
  | { state: "skipped" | "failed"; at: Date; error: string };

/** What the store asks of digests; part of the AlertStore contract (types.ts). */
export interface DigestStore {
  /**
   * Sets a channel's digest of a retriever: creates it, or replaces the schedule of the one there
   * (created false). The write is one upsert; `created` is what was there just before it.
   */
  setDigest(input: NewDigest): Promise<{ digest: Digest; created: boolean }>;
  /** Removes a channel's digest of a retriever, with its runs; null when there was none. */
  removeDigest(key: DigestKey): Promise<Digest | null>;
  getDigest(id: number): Promise<Digest | null>;
  /** A channel's digests, oldest first. */
  listChannelDigests(teamId: string, channelId: string): Promise<Digest[]>;
  /**
   * Claims the digests due at `now` (nextDueAt <= now), up to `limit`: one `INSERT … SELECT … ON CONFLICT
   * DO NOTHING RETURNING` of their runs, so of replicas racing on one period exactly one gets it.
   */
  claimDueDigests(
    owner: string,
    now: Date,
    limit: number,
  ): Promise<Array<{ digest: Digest; run: DigestRun }>>;
  /** Digests due at `now` (claimed or not), for moving their next due time on. */
  listDueDigests(now: Date, limit: number): Promise<Digest[]>;
  /** Moves the next due time from `from` to `to`; false when someone moved it first. */
  advanceDigest(id: number, from: Date, to: Date): Promise<boolean>;
  /** `claimed` → sent, skipped or failed; false when the run was not claimed any more. */
  finishDigestRun(digestId: number, dueAt: Date, result: DigestRunResult): Promise<boolean>;
  /** Runs still `claimed` since before `olderThan`: their replica probably died on the way. */
  listStaleDigestRuns(olderThan: Date, limit?: number): Promise<Array<{ digest: Digest; run: DigestRun }>>;
  /** Takes over a stale claim (attempts + 1); of replicas racing, one gets it. */
  reclaimDigestRun(
    digestId: number,
    dueAt: Date,
    owner: string,
    staleBefore: Date,
    now: Date,
  ): Promise<DigestRun | null>;
  /** Makes every digest of a team due now (the demo's "Send digests now"); returns how many. */
  makeDigestsDue(teamId: string, now: Date): Promise<number>;
}
