/**
 * Table rows to records: epoch milliseconds become Dates, 0/1 flags become booleans, snake_case becomes
 * the product's names.
 */
import type { Selectable } from "kysely";
import {
  type Alert,
  type AlertThread,
  SINGLE_WORKSPACE_ID,
  type Subscription,
  type Watch,
} from "./records.js";
import type { AlertsTable, AlertThreadsTable, SubscriptionsTable, WatchesTable } from "./schema.js";

export const toMs = (date: Date): number => date.getTime();

/** The workspace a key names: SINGLE_WORKSPACE_ID when it names none (single-workspace mode). */
export const workspaceOf = (key: { workspaceId?: string | undefined }): string =>
  key.workspaceId ?? SINGLE_WORKSPACE_ID;
export const toDate = (ms: number | string): Date => new Date(Number(ms));
export const toDateOrNull = (ms: number | string | null): Date | null => (ms === null ? null : toDate(ms));

export function toSubscription(
  row: Selectable<SubscriptionsTable> & { muted_count?: number | string | bigint | null },
): Subscription {
  return {
    id: Number(row.id),
    workspaceId: row.workspace_id,
    teamId: row.team_id,
    channelId: row.channel_id,
    namespace: row.namespace,
    retrieverId: row.retriever_id,
    retrieverName: row.retriever_name,
    mention: row.mention,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: toDateOrNull(row.updated_at),
    namespaceRefusedAt: toDateOrNull(row.namespace_refused_at),
    mutedUntil: toDateOrNull(row.muted_until),
    mutedCount: Number(row.muted_count ?? 0),
    brokenReason: row.broken_reason,
    brokenAt: toDateOrNull(row.broken_at),
    failureAlerts: Number(row.failure_alerts ?? 1) === 1,
    recovery: Number(row.recovery ?? 1) === 1,
  };
}

export function toWatch(row: Selectable<WatchesTable>): Watch {
  return {
    workspaceId: row.workspace_id,
    namespace: row.namespace,
    retrieverId: row.retriever_id,
    createdAt: toDate(row.created_at),
    watermark: toDate(row.watermark),
    lastSuccessAt: toDateOrNull(row.last_success_at),
    errorCount: Number(row.error_count),
    lastErrorKind: row.last_error_kind,
    nextAttemptAt: toDate(row.next_attempt_at),
    noticeSent: Number(row.notice_sent) === 1,
    pausedAt: toDateOrNull(row.paused_at),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: toDateOrNull(row.lease_expires_at),
  };
}

export function toAlert(row: Selectable<AlertsTable>): Alert {
  return {
    id: Number(row.id),
    workspaceId: row.workspace_id,
    kind: row.kind,
    executionId: row.execution_id,
    teamId: row.team_id,
    channelId: row.channel_id,
    subscriptionId: Number(row.subscription_id),
    namespace: row.namespace,
    retrieverId: row.retriever_id,
    executionCreatedAt: toDate(row.execution_created_at),
    state: row.state,
    claimedBy: row.claimed_by,
    claimedAt: toDate(row.claimed_at),
    messageTs: row.message_ts,
    threadTs: row.thread_ts,
    finishedAt: toDateOrNull(row.finished_at),
    attempts: Number(row.attempts),
    lastError: row.last_error,
    details: row.details ?? null,
    waitingSince: toDateOrNull(row.waiting_since),
  };
}

export function toThread(row: Selectable<AlertThreadsTable>): AlertThread {
  return {
    subscriptionId: Number(row.subscription_id),
    parentTs: row.parent_ts,
    startedAt: toDate(row.started_at),
    failureCount: Number(row.failure_count),
    updatedAt: toDate(row.updated_at),
  };
}
