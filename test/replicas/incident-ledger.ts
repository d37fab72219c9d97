/**
 * Whether every incident alert (recoveries, rules firing and recovering) was told exactly once: each such
 * alert in the store must be `sent` and named, in Slack message metadata, by exactly one message.
 */
import type { SlackStandIn } from "@executions-bot/slack-standin";
import type { Alert, AlertStore } from "../../src/alerts/store/index.js";
import type { TestDatabase } from "../helpers/databases.js";

export interface IncidentLedger {
  /** Incident alerts in the store, by kind. */
  byKind: Record<string, number>;
  notSent: Array<Pick<Alert, "id" | "kind" | "state" | "lastError">>;
  /** Alerts no message names. */
  untold: number[];
  /** Alerts named by more than one message. */
  doubled: number[];
}

export async function readIncidentLedger(
  database: TestDatabase,
  slack: SlackStandIn,
): Promise<IncidentLedger> {
  const rows = (await database.query(
    "select id, kind, state, last_error from alerts where kind <> 'failure' order by id",
  )) as Array<{ id: number | string; kind: string; state: string; last_error: string | null }>;
  const told = new Map<number, number>();
  for (const message of slack.messages()) {
    const payload = message.metadata?.event_payload as { alert_ids?: unknown } | undefined;
    if (typeof payload?.alert_ids !== "string") continue;
    for (const id of payload.alert_ids.split(",").map(Number)) told.set(id, (told.get(id) ?? 0) + 1);
  }
  const byKind: Record<string, number> = {};
  const ledger: IncidentLedger = { byKind, notSent: [], untold: [], doubled: [] };
  for (const row of rows) {
    const id = Number(row.id);
    byKind[row.kind] = (byKind[row.kind] ?? 0) + 1;
    if (row.state !== "sent") {
      ledger.notSent.push({
        id,
        kind: row.kind as Alert["kind"],
        state: row.state as Alert["state"],
        lastError: row.last_error,
      });
      continue;
    }
    const copies = told.get(id) ?? 0;
    if (copies === 0) ledger.untold.push(id);
    if (copies > 1) ledger.doubled.push(id);
  }
  return ledger;
}

/** Open failure incidents and firing rules left in the store (none once every retriever is healthy). */
export async function openIncidents(
  store: AlertStore,
  subscriptionIds: readonly number[],
): Promise<string | undefined> {
  const incidents = await store.openIncidents(subscriptionIds);
  const rules = await store.listRules(subscriptionIds);
  const firing = [...(await store.ruleStates(rules)).values()].filter((state) => state.firing);
  if (incidents.size === 0 && firing.length === 0) return undefined;
  return `${incidents.size} failure incidents open, ${firing.length} rules firing`;
}
