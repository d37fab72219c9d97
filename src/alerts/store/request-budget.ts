/**
 * The shared Mixpeek request budget in the database, so every replica counts the same requests: a slot is
 * taken in one transaction that locks the connection's row, counts the requests in the window and
 * inserts one more only when it fits. The lock makes the count exact across replicas.
 */
import type { Kysely } from "kysely";
import {
  answerSlot,
  type BudgetCaller,
  type BudgetRules,
  type BudgetState,
  callerCap,
  countedWindowMs,
  currentLimit,
  halvedLimit,
  type LoweredRate,
  type SlotAnswer,
} from "../../budget/budget-rules.js";
import type { StoreContext } from "./connect.js";
import type { Database, MixpeekBudgetsTable } from "./schema.js";
import { inTransaction, type Sleep } from "./transaction.js";

export interface BudgetQuery {
  /** Which Mixpeek connection (an account's API key): each has a budget of its own. */
  connection: string;
  now: Date;
  rules: BudgetRules;
}

export interface RequestBudgetStore {
  /** Lets one request through when it fits the caller's share of the window, and records it. */
  takeRequestSlot(query: BudgetQuery & { caller: BudgetCaller }): Promise<SlotAnswer>;
  /**
   * Mixpeek answered 429: every caller of every replica waits until `retryAfterMs` from now, and the
   * rate is halved, once per pause however many requests were refused together.
   */
  recordRateLimited(query: BudgetQuery & { retryAfterMs: number }): Promise<void>;
  /** The rate allowed now, the requests in the window and any pause (no lock taken). */
  requestBudgetState(query: BudgetQuery): Promise<BudgetState>;
}

function lowered(row: MixpeekBudgetsTable | undefined): LoweredRate | null {
  return row?.lowered_limit == null || row.lowered_at == null
    ? null
    : { limit: Number(row.lowered_limit), at: Number(row.lowered_at) };
}

/** The connection's row, locked until the transaction ends (SQLite's BEGIN IMMEDIATE already is). */
async function lockBudget(
  db: Kysely<Database>,
  ctx: StoreContext,
  connection: string,
): Promise<MixpeekBudgetsTable | undefined> {
  await db
    .insertInto("mixpeek_budgets")
    .values({ connection, paused_until: null, lowered_limit: null, lowered_at: null })
    .onConflict((oc) => oc.column("connection").doNothing())
    .execute();
  return db
    .selectFrom("mixpeek_budgets")
    .selectAll()
    .where("connection", "=", connection)
    .$if(ctx.backend === "postgres", (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export function requestBudgetMethods(ctx: StoreContext, sleep: Sleep): RequestBudgetStore {
  const { db } = ctx;

  return {
    takeRequestSlot({ connection, now, rules, caller }) {
      const nowMs = now.getTime();
      const countedMs = countedWindowMs(rules);
      return inTransaction(
        ctx,
        async (tx) => {
          const row = await lockBudget(tx, ctx, connection);
          const pausedUntil = Number(row?.paused_until ?? 0);
          if (pausedUntil > nowMs) return { granted: false, retryInMs: pausedUntil - nowMs };
          await tx
            .deleteFrom("mixpeek_requests")
            .where("connection", "=", connection)
            .where("at", "<=", nowMs - countedMs)
            .execute();
          const rows = await tx
            .selectFrom("mixpeek_requests")
            .select("at")
            .where("connection", "=", connection)
            .orderBy("at")
            .execute();
          const cap = callerCap(currentLimit(rules, lowered(row), nowMs), caller);
          const answer = answerSlot(
            rows.map((r) => Number(r.at)),
            cap,
            nowMs,
            countedMs,
          );
          if (answer.granted) {
            await tx.insertInto("mixpeek_requests").values({ connection, at: nowMs, caller }).execute();
          }
          return answer;
        },
        sleep,
      );
    },

    async recordRateLimited({ connection, now, rules, retryAfterMs }) {
      const nowMs = now.getTime();
      await inTransaction(
        ctx,
        async (tx) => {
          const row = await lockBudget(tx, ctx, connection);
          const pausedUntil = Number(row?.paused_until ?? 0);
          const until = Math.max(pausedUntil, nowMs + Math.max(0, retryAfterMs));
          // Requests refused together (sent before the first 429 came back) lower the rate once.
          const changes =
            pausedUntil > nowMs
              ? { paused_until: until }
              : {
                  paused_until: until,
                  lowered_limit: halvedLimit(rules, lowered(row ?? undefined), nowMs),
                  lowered_at: until,
                };
          await tx.updateTable("mixpeek_budgets").set(changes).where("connection", "=", connection).execute();
        },
        sleep,
      );
    },

    async requestBudgetState({ connection, now, rules }) {
      const nowMs = now.getTime();
      const row = await db
        .selectFrom("mixpeek_budgets")
        .selectAll()
        .where("connection", "=", connection)
        .executeTakeFirst();
      const used = await db
        .selectFrom("mixpeek_requests")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("connection", "=", connection)
        .where("at", ">", nowMs - countedWindowMs(rules))
        .executeTakeFirst();
      const pausedUntil = Number(row?.paused_until ?? 0);
      return {
        limit: currentLimit(rules, lowered(row), nowMs),
        used: Number(used?.n ?? 0),
        pausedUntil: pausedUntil > nowMs ? new Date(pausedUntil) : null,
      };
    },
  };
}
