/**
 * Opens the Kysely instance for either backend with the settings the store relies on. Only the driver
 * of the configured backend is loaded: a SQLite bot never loads pg, a PostgreSQL one never loads the
 * native SQLite binding (docs/benchmarks.md, "where the memory went").
 */
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from "kysely";
import type { DatabaseTarget } from "./database-url.js";
import type { Database } from "./schema.js";
import { ensureDirectoryOf, SqliteFileError, sqliteFileWatch } from "./sqlite-file.js";
import type { StoreLogger } from "./types.js";

export type Backend = DatabaseTarget["backend"];

/** What every query module gets: the database and which dialect it speaks. */
export interface StoreContext {
  db: Kysely<Database>;
  backend: Backend;
  /** SQLite: why the file on disk is no longer the one opened (deleted, replaced), or null. */
  fileProblem?: () => string | null;
}

export interface ConnectOptions {
  schema?: string;
  poolSize?: number;
  logger?: StoreLogger;
}

const SQLITE_BUSY_TIMEOUT_MS = 5_000;

export async function connect(target: DatabaseTarget, options: ConnectOptions): Promise<StoreContext> {
  if (target.backend === "sqlite") {
    const db = await connectSqlite(target.path);
    const fileProblem = target.path === ":memory:" ? undefined : sqliteFileWatch(target.path);
    return { db, backend: "sqlite", ...(fileProblem ? { fileProblem } : {}) };
  }
  return { db: await connectPostgres(target.connectionString, options), backend: "postgres" };
}

async function connectSqlite(path: string): Promise<Kysely<Database>> {
  const { default: SqliteDatabase } = await import("better-sqlite3");
  if (path !== ":memory:") ensureDirectoryOf(path);
  let database: InstanceType<typeof SqliteDatabase>;
  try {
    database = new SqliteDatabase(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new SqliteFileError(`DATABASE_URL: cannot open the SQLite file ${path} (${code ?? "error"})`);
  }
  // WAL lets readers go on while a write commits; NORMAL sync is durable enough in WAL mode.
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  database.pragma("foreign_keys = ON");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(database) }) });
}

/** Far more distinct statements than the store has; a bound all the same, as some are built per call. */
const MAX_KEPT_STATEMENTS = 500;

type BetterSqlite = InstanceType<typeof import("better-sqlite3")>;

/**
 * Kysely prepares every query afresh and better-sqlite3 compiles the SQL on every prepare(); the store
 * runs a few statements over and over (one per Slack request to remember its signature), so compiled
 * statements are kept and reused. Safe because Kysely's SQLite driver runs one query at a time, each to
 * its end (the store never streams, which would hold a statement open), and SQLite recompiles a kept
 * statement by itself after a migration changes the schema.
 */
function keepingStatements(database: BetterSqlite) {
  const kept = new Map<string, ReturnType<BetterSqlite["prepare"]>>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = kept.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (kept.size >= MAX_KEPT_STATEMENTS) kept.delete(kept.keys().next().value as string);
        kept.set(sql, statement);
      }
      return statement;
    },
  };
}

async function connectPostgres(connectionString: string, options: ConnectOptions): Promise<Kysely<Database>> {
  const schema = options.schema;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`PostgreSQL schema name "${schema}" must be a plain identifier`);
  }
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    // Instants and ids are int8, which pg returns as strings by default. Parsing them here, on this pool
    // only, leaves the process-wide pg.types alone. Epoch milliseconds fit a double exactly.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === pg.types.builtins.INT8 && format !== "binary"
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client dropped by the server emits on the pool; unhandled, that would crash the process.
  pool.on("error", (error) => options.logger?.warn({ err: error }, "idle PostgreSQL connection failed"));
  // A connection lost while a query holds it emits on the client, which the pool does not listen to
  // then: unhandled, that would end the process. The query itself fails and says so to its caller.
  pool.on("connect", (client) => {
    client.on("error", (error) => options.logger?.warn({ err: error }, "PostgreSQL connection lost"));
  });
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection:
        schema === undefined
          ? undefined
          : async (connection) => {
              await connection.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
            },
    }),
  });
}
