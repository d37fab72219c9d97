/**
 * The tables as Kysely sees them. Every instant is epoch milliseconds in a `bigint` column on both
 * backends (PostgreSQL's int8 is parsed to a number on the store's own pool); flags are 0/1 integers so
 * SQLite and PostgreSQL return the same values.
 */
import type { Generated } from "kysely";
import type { AlertKind, AlertState } from "./records.js";

export interface SubscriptionsTable {
  id: Generated<number>;
  workspace_id: Generated<string>;
  team_id: string;
  channel_id: string;
  namespace: string;
  retriever_id: string;
  retriever_name: string;
  mention: string | null;
  created_by: string;
  created_at: number;
  muted_until: number | null;
  broken_reason: string | null;
  broken_at: number | null;
  updated_by: string | null;
  updated_at: number | null;
  namespace_refused_at: number | null;
  failure_alerts: Generated<number>;
  recovery: Generated<number>;
}

export interface WatchesTable {
  workspace_id: Generated<string>;
  namespace: string;
  retriever_id: string;
  created_at: number;
  watermark: number;
  last_success_at: number | null;
  error_count: Generated<number>;
  last_error_kind: string | null;
  next_attempt_at: number;
  notice_sent: Generated<number>;
  paused_at: number | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
}

export interface AlertsTable {
  id: Generated<number>;
  workspace_id: Generated<string>;
  kind: AlertKind;
  execution_id: string;
  team_id: string;
  channel_id: string;
  subscription_id: number;
  namespace: string;
  retriever_id: string;
  execution_created_at: number;
  state: AlertState;
  claimed_by: string;
  claimed_at: number;
  message_ts: string | null;
  thread_ts: string | null;
  finished_at: number | null;
  attempts: number;
  last_error: string | null;
  details: string | null;
  heartbeat_at: number | null;
  waiting_since: number | null;
}

export interface AlertThreadsTable {
  subscription_id: number;
  parent_ts: string;
  started_at: number;
  failure_count: number;
  updated_at: number;
}

/** Signatures of Slack requests already handled, until they could no longer pass Slack's 5-minute check. */
export interface SeenRequestsTable {
  signature: string;
  expires_at: number;
}

export interface DigestsTable {
  id: Generated<number>;
  workspace_id: Generated<string>;
  team_id: string;
  channel_id: string;
  namespace: string;
  retriever_id: string;
  retriever_name: string;
  cadence: string;
  at_minutes: number;
  time_zone: string;
  created_by: string;
  created_at: number;
  next_due_at: number;
}

export interface DigestRunsTable {
  digest_id: number;
  due_at: number;
  state: string;
  claimed_by: string;
  claimed_at: number;
  attempts: Generated<number>;
  message_ts: string | null;
  finished_at: number | null;
  last_error: string | null;
}

/** One OAuth installation (distributed mode): Bolt's Installation, encrypted, and what finds it. */
export interface InstallationsTable {
  workspace_id: string;
  enterprise_id: string | null;
  team_id: string | null;
  is_enterprise_install: number;
  team_name: string | null;
  bot_user_id: string | null;
  /** Encrypted JSON (see src/workspaces/secret-box.ts); never plain text. */
  installation: string;
  token_expires_at: number | null;
  installed_at: number;
  updated_at: number;
}

/** A workspace's Mixpeek account: the key encrypted, only its last 4 characters in the clear. */
export interface MixpeekConnectionsTable {
  workspace_id: string;
  api_key: string;
  key_last4: string;
  default_namespace: string;
  /** JSON: an array of names or ids, or "*". */
  allowed_namespaces: string;
  connected_by: string;
  connected_at: number;
}

/** A Mixpeek connection's shared budget: its lock row, and what the last 429 left behind. */
export interface MixpeekBudgetsTable {
  connection: string;
  paused_until: number | null;
  lowered_limit: number | null;
  lowered_at: number | null;
}

/** One request let through, kept while it is inside the sliding window. */
export interface MixpeekRequestsTable {
  id: Generated<number>;
  connection: string;
  at: number;
  caller: string;
}

export interface AlertRulesTable {
  id: Generated<number>;
  subscription_id: number;
  metric: string;
  threshold: number;
  window_ms: number;
  min_runs: number;
  created_by: string;
  created_at: number;
  problem: string | null;
  problem_at: number | null;
}

export interface Database {
  subscriptions: SubscriptionsTable;
  watches: WatchesTable;
  alerts: AlertsTable;
  alert_threads: AlertThreadsTable;
  seen_requests: SeenRequestsTable;
  digests: DigestsTable;
  digest_runs: DigestRunsTable;
  installations: InstallationsTable;
  mixpeek_connections: MixpeekConnectionsTable;
  mixpeek_budgets: MixpeekBudgetsTable;
  mixpeek_requests: MixpeekRequestsTable;
  alert_rules: AlertRulesTable;
}
