/**
 * Opens the alert store named by DATABASE_URL and brings its schema up to date.
 */
import { sql } from "kysely";
import { alertMethods } from "./alerts.js";
import { connect } from "./connect.js";
import { describeDatabaseTarget, parseDatabaseUrl } from "./database-url.js";
import { digestMethods } from "./digests.js";
import { holderMethods } from "./holder.js";
import { incidentMethods } from "./incidents.js";
import { migrateToLatest } from "./migrate.js";
import { requestBudgetMethods } from "./request-budget.js";
import { seenRequestMethods } from "./seen-requests.js";
import { SqliteFileError } from "./sqlite-file.js";
import { subscriptionMethods } from "./subscriptions.js";
import { threadMethods } from "./threads.js";
import { defaultSleep } from "./transaction.js";
import type { AlertStore, OpenStoreOptions } from "./types.js";
import { watchMethods } from "./watches.js";
import { workspaceMethods } from "./workspaces.js";

/**
 * `postgres://…` or `postgresql://…` opens a PostgreSQL pool; `sqlite:…`, `file:…`, a plain path or
 * nothing at all (./data/executions-bot.db) opens a SQLite file, creating its directory. Runs pending
 * migrations before returning; safe when several replicas start at once.
 */
export async function openStore(
  databaseUrl: string | undefined,
  options: OpenStoreOptions = {},
): Promise<AlertStore> {
  const target = parseDatabaseUrl(databaseUrl);
  // An explicit option (tests) wins over `?schema=` in the URL (what a deployment sets).
  const schema = options.schema ?? (target.backend === "postgres" ? target.schema : undefined);
  const ctx = await connect(target, { ...options, schema });
  const sleep = options.sleep ?? defaultSleep;
  try {
    const applied = await migrateToLatest(ctx, { schema, sleep });
    options.logger?.info(
      { database: describeDatabaseTarget(target), schema, applied },
      applied.length > 0 ? "alert store migrated" : "alert store schema up to date",
    );
  } catch (error) {
    await ctx.db.destroy();
    throw error;
  }

  let closing: Promise<void> | undefined;
  let toldFileProblem = false;
  return {
    backend: ctx.backend,
    ...subscriptionMethods(ctx, sleep),
    ...watchMethods(ctx),
    ...holderMethods(ctx),
    ...alertMethods(ctx),
    ...threadMethods(ctx),
    ...seenRequestMethods(ctx),
    ...digestMethods(ctx),
    ...workspaceMethods(ctx, sleep),
    ...requestBudgetMethods(ctx, sleep),
    ...incidentMethods(ctx, sleep),
    async ping() {
      const problem = ctx.fileProblem?.() ?? null;
      if (problem !== null) {
        // Said once in the log; /healthz says it on every probe.
        if (!toldFileProblem) options.logger?.warn({ database: describeDatabaseTarget(target) }, problem);
        toldFileProblem = true;
        throw new SqliteFileError(problem);
      }
      toldFileProblem = false;
      await sql`select 1`.execute(ctx.db);
    },
    close() {
      // Shutdown paths may close twice (signal handler and test teardown); the pool ends once.
      closing ??= ctx.db.destroy();
      return closing;
    },
  };
}
