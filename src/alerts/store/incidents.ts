/**
 * Threshold rules and incidents (see incident-records.ts). Opening and closing an incident is a claim of
 * an alert row (alerts.ts), so it needs nothing here beyond reading what those rows say.
 */
import type { Kysely, Selectable } from "kysely";
import type { StoreContext } from "./connect.js";
import {
  type AlertRule,
  type FailureIncident,
  type IncidentStore,
  parseRuleIncidentKey,
  type RuleMetric,
  type RuleState,
} from "./incident-records.js";
import type { Subscription } from "./records.js";
import { toAlert, toDate, toDateOrNull, toMs } from "./rows.js";
import type { AlertRulesTable, Database } from "./schema.js";
import { inTransaction, type Sleep } from "./transaction.js";
import { deleteWatchIfUnused, lockWatch } from "./watch-lifecycle.js";

/** Failure alerts that reached the channel (a roll-up of a mute's end has no message: not told). */
const TOLD_STATES = ["sent", "rolled_up"] as const;

function toRule(row: Selectable<AlertRulesTable>): AlertRule {
  return {
    id: Number(row.id),
    subscriptionId: Number(row.subscription_id),
    metric: row.metric as RuleMetric,
    threshold: Number(row.threshold),
    windowMs: Number(row.window_ms),
    minRuns: Number(row.min_runs),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    problem: row.problem,
    problemAt: toDateOrNull(row.problem_at),
  };
}

async function findRule(db: Kysely<Database>, id: number): Promise<AlertRule | null> {
  const row = await db.selectFrom("alert_rules").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toRule(row) : null;
}

async function subscriptionRow(db: Kysely<Database>, id: number) {
  return db.selectFrom("subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
}

async function ruleCount(db: Kysely<Database>, subscriptionId: number): Promise<number> {
  const row = await db
    .selectFrom("alert_rules")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("subscription_id", "=", subscriptionId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function incidentMethods(ctx: StoreContext, sleep: Sleep): IncidentStore {
  const { db } = ctx;

  /** Removes a subscription that has nothing left to tell, and its watch when nobody else needs it. */
  async function removeSubscription(
    trx: Kysely<Database>,
    sub: Pick<Subscription, "id" | "namespace" | "retrieverId">,
  ) {
    await lockWatch(trx, ctx.backend, sub);
    await trx.deleteFrom("subscriptions").where("id", "=", sub.id).execute();
    await deleteWatchIfUnused(trx, sub);
  }

  return {
    async addRule(subscriptionId, spec, by, now) {
      const inserted = await db
        .insertInto("alert_rules")
        .values({
          subscription_id: subscriptionId,
          metric: spec.metric,
          threshold: spec.threshold,
          window_ms: spec.windowMs,
          min_runs: spec.minRuns,
          created_by: by,
          created_at: toMs(now),
        })
        .onConflict((oc) =>
          oc.columns(["subscription_id", "metric", "threshold", "window_ms", "min_runs"]).doNothing(),
        )
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { rule: toRule(inserted), created: true };
      const existing = await db
        .selectFrom("alert_rules")
        .selectAll()
        .where("subscription_id", "=", subscriptionId)
        .where("metric", "=", spec.metric)
        .where("threshold", "=", spec.threshold)
        .where("window_ms", "=", spec.windowMs)
        .where("min_runs", "=", spec.minRuns)
        .executeTakeFirst();
      if (!existing) throw new Error("a rule that conflicted on insert vanished");
      return { rule: toRule(existing), created: false };
    },

    removeRule(ruleId) {
      return inTransaction(
        ctx,
        async (trx) => {
          const rule = await findRule(trx, ruleId);
          if (!rule) return null;
          await trx.deleteFrom("alert_rules").where("id", "=", ruleId).execute();
          const sub = await subscriptionRow(trx, rule.subscriptionId);
          const empty =
            sub !== undefined &&
            Number(sub.failure_alerts) === 0 &&
            (await ruleCount(trx, rule.subscriptionId)) === 0;
          if (sub && empty) {
            await removeSubscription(trx, {
              id: Number(sub.id),
              namespace: sub.namespace,
              retrieverId: sub.retriever_id,
            });
          }
          return { rule, subscriptionRemoved: empty };
        },
        sleep,
      );
    },

    dropFailureAlerts(subscriptionId, by, now) {
      return inTransaction(
        ctx,
        async (trx) => {
          const sub = await subscriptionRow(trx, subscriptionId);
          if (!sub) return null;
          if ((await ruleCount(trx, subscriptionId)) === 0) {
            await removeSubscription(trx, {
              id: Number(sub.id),
              namespace: sub.namespace,
              retrieverId: sub.retriever_id,
            });
            return { subscriptionRemoved: true };
          }
          await trx
            .updateTable("subscriptions")
            .set({ failure_alerts: 0, updated_by: by, updated_at: toMs(now) })
            .where("id", "=", subscriptionId)
            .execute();
          return { subscriptionRemoved: false };
        },
        sleep,
      );
    },

    async listRules(subscriptionIds) {
      if (subscriptionIds.length === 0) return [];
      const rows = await db
        .selectFrom("alert_rules")
        .selectAll()
        .where("subscription_id", "in", subscriptionIds)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return rows.map(toRule);
    },

    async setRuleProblem(ruleId, problem, at) {
      const result = await db
        .updateTable("alert_rules")
        .set({ problem, problem_at: problem === null ? null : toMs(at) })
        .where("id", "=", ruleId)
        .where((eb) =>
          problem === null
            ? eb("problem", "is not", null)
            : eb.or([eb("problem", "is", null), eb("problem", "<>", problem)]),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async ruleStates(rules) {
      const states = new Map<number, RuleState>();
      if (rules.length === 0) return states;
      const wanted = new Set(rules.map((rule) => rule.id));
      const rows = await db
        .selectFrom("alerts")
        .selectAll()
        .where("subscription_id", "in", [...new Set(rules.map((rule) => rule.subscriptionId))])
        .where("kind", "in", ["rule_fired", "rule_recovered"])
        .orderBy("id")
        .execute();
      for (const row of rows) {
        const key = parseRuleIncidentKey(row.execution_id);
        if (key === undefined || !wanted.has(key.ruleId)) continue;
        const known = states.get(key.ruleId);
        // The newest incident decides; within one, its recovery outranks its firing.
        if (known !== undefined && key.incident < known.incident) continue;
        if (known !== undefined && key.incident === known.incident && !known.firing) continue;
        const firing = row.kind === "rule_fired";
        states.set(key.ruleId, {
          ruleId: key.ruleId,
          incident: key.incident,
          firing,
          firedBy: firing ? toAlert(row) : null,
        });
      }
      return states;
    },

    async openIncidents(subscriptionIds) {
      const incidents = new Map<number, FailureIncident>();
      if (subscriptionIds.length === 0) return incidents;
      const recoveries = await db
        .selectFrom("alerts")
        .select(["subscription_id", (eb) => eb.fn.max("execution_created_at").as("last")])
        .where("subscription_id", "in", subscriptionIds)
        .where("kind", "=", "recovery")
        .groupBy("subscription_id")
        .execute();
      const recoveredAt = new Map(recoveries.map((row) => [Number(row.subscription_id), Number(row.last)]));
      for (const subscriptionId of subscriptionIds) {
        const after = recoveredAt.get(subscriptionId) ?? Number.NEGATIVE_INFINITY;
        const told = () =>
          db
            .selectFrom("alerts")
            .where("subscription_id", "=", subscriptionId)
            .where("kind", "=", "failure")
            .where("state", "in", TOLD_STATES)
            .where("message_ts", "is not", null)
            .$if(Number.isFinite(after), (qb) => qb.where("execution_created_at", ">", after));
        const summary = await told()
          .select((eb) => [
            eb.fn.countAll<number>().as("n"),
            eb.fn.min("execution_created_at").as("first"),
            eb.fn.max("execution_created_at").as("last"),
          ])
          .executeTakeFirst();
        const failures = Number(summary?.n ?? 0);
        if (failures === 0 || summary?.first == null || summary.last == null) continue;
        const parent = await told()
          .select("message_ts")
          .where("thread_ts", "is", null)
          .orderBy("id", "desc")
          .limit(1)
          .executeTakeFirst();
        if (!parent?.message_ts) continue;
        incidents.set(subscriptionId, {
          subscriptionId,
          failures,
          firstFailureAt: toDate(summary.first),
          lastFailureAt: toDate(summary.last),
          parentTs: parent.message_ts,
        });
      }
      return incidents;
    },

    async alertsOfMessage(subscriptionId, messageTs) {
      const rows = await db
        .selectFrom("alerts")
        .selectAll()
        .where("subscription_id", "=", subscriptionId)
        .where("message_ts", "=", messageTs)
        .where("thread_ts", "is", null)
        .where("kind", "=", "failure")
        .orderBy("execution_created_at")
        .orderBy("id")
        .execute();
      return rows.map(toAlert);
    },

    async countThreadReplies(subscriptionId, parentTs) {
      const row = await db
        .selectFrom("alerts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("subscription_id", "=", subscriptionId)
        .where("thread_ts", "=", parentTs)
        .where("kind", "=", "failure")
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async endThread(subscriptionId, parentTs) {
      await db
        .deleteFrom("alert_threads")
        .where("subscription_id", "=", subscriptionId)
        .where("parent_ts", "=", parentTs)
        .execute();
    },
  };
}
