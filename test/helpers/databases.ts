/**
 * Real databases for integration tests: a SQLite file in a temporary directory, or a fresh schema in
 * the local PostgreSQL. Each `TestDatabase` is created and dropped by the test that uses it.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type TestBackend = "sqlite" | "postgres";

/** Where a test's store lives; `schema` is set for PostgreSQL only. */
export interface TestDatabase {
  backend: TestBackend;
  url: string;
  schema?: string;
  /** Runs one SQL statement against the test database, outside the store (to inspect or break it). */
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  drop(): Promise<void>;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether the PostgreSQL half of a suite should run. Unreachable: says so on the console and returns
 * false, or throws when REQUIRE_POSTGRES=1 (CI that must not silently skip).
 */
export async function postgresAvailable(url: string = TEST_POSTGRES_URL): Promise<boolean> {
  if (await canConnect(url)) return true;
  if (process.env.REQUIRE_POSTGRES === "1") {
    throw new Error(`PostgreSQL not reachable at ${url} and REQUIRE_POSTGRES=1`);
  }
  console.warn(
    `PostgreSQL not reachable at ${url} — skipping PostgreSQL store tests (set REQUIRE_POSTGRES=1 to fail instead)`,
  );
  return false;
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const { default: SqliteDatabase } = await import("better-sqlite3");
  const dir = await mkdtemp(join(tmpdir(), "executions-bot-store-"));
  const path = join(dir, "store.db");
  return {
    backend: "sqlite",
    url: `sqlite:${path}`,
    async query<T>(text: string) {
      const database = new SqliteDatabase(path);
      try {
        const statement = database.prepare(text);
        // better-sqlite3 reads rows only from a statement that returns some (not `drop table`, say).
        if (!statement.reader) {
          statement.run();
          return [];
        }
        return statement.all() as T[];
      } finally {
        database.close();
      }
    },
    async drop() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A schema of its own, so parallel runs and earlier crashed runs never meet. */
export async function createPostgresDatabase(url: string = TEST_POSTGRES_URL): Promise<TestDatabase> {
  const schema = `test_store_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const run = async <T>(text: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`set search_path to "${schema}"`);
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  };
  await run(`create schema "${schema}"`);
  return {
    backend: "postgres",
    url,
    schema,
    query: run,
    async drop() {
      await run(`drop schema if exists "${schema}" cascade`);
    },
  };
}

export function createTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  return backend === "sqlite" ? createSqliteDatabase() : createPostgresDatabase();
}
