/**
 * One way to run several statements atomically on both backends. PostgreSQL uses Kysely's transaction
 * (READ COMMITTED; callers lock what they depend on). SQLite takes the write lock up front with
 * `BEGIN IMMEDIATE`, so a transaction that reads first never fails half-way on a stale snapshot.
 */
import { type Kysely, sql } from "kysely";
import type { StoreContext } from "./connect.js";
import type { Database } from "./schema.js";

export type Sleep = (ms: number) => Promise<void>;

const LOCK_RETRY_MS = 20;
const LOCK_WAIT_LIMIT_MS = 30_000;

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function inTransaction<T>(
  ctx: StoreContext,
  work: (db: Kysely<Database>) => Promise<T>,
  sleep: Sleep = defaultSleep,
): Promise<T> {
  if (ctx.backend === "postgres") return ctx.db.transaction().execute(work);
  return ctx.db.connection().execute(async (db) => {
    await beginImmediate(db, sleep);
    try {
      const result = await work(db);
      await sql`commit`.execute(db);
      return result;
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  });
}

/**
 * better-sqlite3 is synchronous: SQLite's busy handler would block the whole event loop, including the
 * connection that holds the lock, so two stores on one file in one process would wait on each other
 * until the timeout. Trying without a busy timeout and waiting between tries keeps the loop running.
 */
export async function beginImmediate<DB>(db: Kysely<DB>, sleep: Sleep): Promise<void> {
  const previous = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db);
  const timeout = previous.rows[0]?.timeout ?? 0;
  await sql`pragma busy_timeout = 0`.execute(db);
  try {
    for (let waited = 0; ; waited += LOCK_RETRY_MS) {
      try {
        await sql`begin immediate`.execute(db);
        return;
      } catch (error) {
        if (!isSqliteBusy(error) || waited >= LOCK_WAIT_LIMIT_MS) throw error;
        await sleep(LOCK_RETRY_MS);
      }
    }
  } finally {
    await sql`pragma ${sql.raw(`busy_timeout = ${Number(timeout)}`)}`.execute(db);
  }
}

function isSqliteBusy(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "SQLITE_BUSY";
}
