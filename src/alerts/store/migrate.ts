/**
 * Brings the schema to the latest migration at start-up. Several replicas may start at once: on
 * PostgreSQL Kysely's Migrator serialises them with an advisory lock and runs each migration in a
 * transaction; on SQLite the whole run happens under `BEGIN IMMEDIATE`, so a second process (or a second
 * store in this one) waits and then finds nothing left to do.
 */
import { type Kysely, type MigrationResultSet, Migrator, sql } from "kysely";
import type { StoreContext } from "./connect.js";
import { migrationsFor } from "./migrations/index.js";
import { beginImmediate, type Sleep } from "./transaction.js";

export interface MigrateOptions {
  schema?: string;
  sleep: Sleep;
}

/** Returns the names of the migrations this call applied (none when the schema was already current). */
export async function migrateToLatest(ctx: StoreContext, options: MigrateOptions): Promise<string[]> {
  const migrations = migrationsFor(ctx.backend);
  const provider = { getMigrations: async () => migrations };
  // Migrations are written independently (each adds its own tables or columns), so one that lands after
  // a later-numbered one has run still applies, instead of stopping the bot at start.
  const allowUnorderedMigrations = true;

  if (ctx.backend === "postgres") {
    // Kysely looks for its own tables in every schema unless told which one, so name it explicitly.
    const schema = options.schema ?? (await currentSchema(ctx.db));
    const migrator = new Migrator({
      db: ctx.db,
      provider,
      migrationTableSchema: schema,
      allowUnorderedMigrations,
    });
    for (let attempt = 1; ; attempt++) {
      const resultSet = await migrator.migrateToLatest();
      if (attempt < OTHER_SCHEMA_RETRIES && droppedElsewhere(resultSet, schema)) {
        await options.sleep(50 * attempt);
        continue;
      }
      return applied(resultSet);
    }
  }

  return ctx.db.connection().execute(async (db) => {
    await beginImmediate(db, options.sleep);
    try {
      const names = applied(await new Migrator({ db, provider, allowUnorderedMigrations }).migrateToLatest());
      await sql`commit`.execute(db);
      return names;
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  });
}

/**
 * Kysely finds its migration table by reading the columns of every schema in the database. Another
 * application (or another test) dropping its own schema at that moment makes PostgreSQL answer
 * "schema … does not exist" (3F000) for a schema that is not ours; that is worth another try, ours missing
 * is not.
 */
const OTHER_SCHEMA_RETRIES = 5;

function droppedElsewhere(resultSet: MigrationResultSet, ours: string): boolean {
  const error = resultSet.error as { code?: unknown; message?: unknown } | undefined;
  if (error === undefined || error.code !== "3F000" || typeof error.message !== "string") return false;
  return !error.message.includes(`"${ours}"`);
}

async function currentSchema<DB>(db: Kysely<DB>): Promise<string> {
  const result = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return result.rows[0]?.schema ?? "public";
}

function applied(resultSet: MigrationResultSet): string[] {
  const failed = resultSet.results?.find((result) => result.status === "Error");
  if (resultSet.error !== undefined) {
    const which = failed ? ` (${failed.migrationName})` : "";
    throw new Error(`database migration failed${which}`, { cause: resultSet.error });
  }
  return (resultSet.results ?? []).map((result) => result.migrationName);
}
