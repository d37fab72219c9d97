/**
 * Several workspaces in one store (distributed mode, OAuth installs): each installation (Bolt's
 * `Installation`, encrypted), each workspace's Mixpeek connection (the key encrypted, only its last 4
 * characters in the clear), and a `workspace_id` on every row the bot keeps, so every query can be scoped
 * to one workspace and an uninstall can delete exactly that workspace's rows.
 *
 * Rows written before this migration belong to the single workspace of single-workspace mode
 * (`SINGLE_WORKSPACE_ID`, the column's default), so an existing database keeps working unchanged.
 *
 * A watch becomes one per (workspace, namespace, retriever): two workspaces may read retrievers with the
 * same ids in different Mixpeek accounts. SQLite cannot change a primary key in place, so there the table
 * is rebuilt from its own stored definition (whatever columns other migrations added stay), and its
 * indexes are created again; PostgreSQL swaps the constraint.
 */
import { type Kysely, type Migration, sql } from "kysely";
import type { Backend } from "../connect.js";

/** The workspace of single-workspace mode (records.ts SINGLE_WORKSPACE_ID), frozen here as migrations are. */
const SINGLE_WORKSPACE_ID = "default";

const SCOPED_TABLES = ["subscriptions", "alerts", "digests"] as const;
const OLD_WATCH_KEY = /primary key\s*\(\s*"namespace"\s*,\s*"retriever_id"\s*\)/i;

export function workspacesSchema(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const table of SCOPED_TABLES) {
        await db.schema
          .alterTable(table)
          .addColumn("workspace_id", "text", (c) => c.notNull().defaultTo(SINGLE_WORKSPACE_ID))
          .execute();
      }
      await db.schema
        .createIndex("subscriptions_by_workspace")
        .on("subscriptions")
        .columns(["workspace_id", "namespace", "retriever_id"])
        .execute();
      await db.schema.createIndex("digests_by_workspace").on("digests").column("workspace_id").execute();
      await db.schema.createIndex("alerts_by_workspace").on("alerts").column("workspace_id").execute();

      if (backend === "postgres") await rekeyWatchesPostgres(db);
      else await rekeyWatchesSqlite(db);

      await db.schema
        .createTable("installations")
        .addColumn("workspace_id", "text", (c) => c.primaryKey())
        .addColumn("enterprise_id", "text")
        .addColumn("team_id", "text")
        .addColumn("is_enterprise_install", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("team_name", "text")
        .addColumn("bot_user_id", "text")
        // Bolt's whole Installation (bot token, refresh token, …) as encrypted JSON.
        .addColumn("installation", "text", (c) => c.notNull())
        .addColumn("token_expires_at", "bigint")
        .addColumn("installed_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("mixpeek_connections")
        .addColumn("workspace_id", "text", (c) => c.primaryKey())
        .addColumn("api_key", "text", (c) => c.notNull())
        .addColumn("key_last4", "text", (c) => c.notNull())
        .addColumn("default_namespace", "text", (c) => c.notNull())
        // JSON: an array of names or ids, or "*" for any namespace the key reaches.
        .addColumn("allowed_namespaces", "text", (c) => c.notNull())
        .addColumn("connected_by", "text", (c) => c.notNull())
        .addColumn("connected_at", "bigint", (c) => c.notNull())
        .execute();
    },

    async down() {
      throw new Error("007_workspaces cannot be undone: rows of several workspaces would collide");
    },
  };
}

async function rekeyWatchesPostgres(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("watches")
    .addColumn("workspace_id", "text", (c) => c.notNull().defaultTo(SINGLE_WORKSPACE_ID))
    .execute();
  await db.schema.alterTable("watches").dropConstraint("watches_pkey").execute();
  await db.schema
    .alterTable("watches")
    .addPrimaryKeyConstraint("watches_pkey", ["workspace_id", "namespace", "retriever_id"])
    .execute();
}

async function rekeyWatchesSqlite(db: Kysely<unknown>): Promise<void> {
  const table = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = 'watches'`.execute(db);
  const definition = table.rows[0]?.sql;
  if (!definition || !OLD_WATCH_KEY.test(definition)) {
    throw new Error("007_workspaces: the watches table does not have the primary key it expects");
  }
  const indexes = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'index' and tbl_name = 'watches' and sql is not null`.execute(
    db,
  );
  const columns = await sql<{ name: string }>`select name from pragma_table_info('watches')`.execute(db);
  const rebuilt = definition
    .replace(OLD_WATCH_KEY, 'primary key ("workspace_id", "namespace", "retriever_id")')
    .replace(
      /^create table\s+"?watches"?\s*\(/i,
      `create table "watches_by_workspace" ("workspace_id" text default '${SINGLE_WORKSPACE_ID}' not null, `,
    );
  await sql.raw(rebuilt).execute(db);
  const names = sql.join(columns.rows.map((column) => sql.ref(column.name)));
  await sql`insert into watches_by_workspace (${names}) select ${names} from watches`.execute(db);
  await db.schema.dropTable("watches").execute();
  await db.schema.alterTable("watches_by_workspace").renameTo("watches").execute();
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
}
