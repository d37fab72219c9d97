/**
 * Installations, Mixpeek connections, and deleting a workspace when it leaves (uninstall, revoked tokens).
 */
import type { Selectable } from "kysely";
import type { StoreContext } from "./connect.js";
import { toMs } from "./rows.js";
import type { InstallationsTable, MixpeekConnectionsTable } from "./schema.js";
import { inTransaction, type Sleep } from "./transaction.js";
import type { StoredConnection, StoredInstallation, WorkspaceStore } from "./workspace-records.js";

const toDate = (ms: number | string) => new Date(Number(ms));

const toInstallation = (row: Selectable<InstallationsTable>): StoredInstallation => ({
  workspaceId: row.workspace_id,
  enterpriseId: row.enterprise_id,
  teamId: row.team_id,
  isEnterpriseInstall: Number(row.is_enterprise_install) === 1,
  teamName: row.team_name,
  botUserId: row.bot_user_id,
  sealed: row.installation,
  tokenExpiresAt: row.token_expires_at === null ? null : toDate(row.token_expires_at),
  installedAt: toDate(row.installed_at),
  updatedAt: toDate(row.updated_at),
});

function toConnection(row: Selectable<MixpeekConnectionsTable>): StoredConnection {
  const allowed = JSON.parse(row.allowed_namespaces) as unknown;
  return {
    workspaceId: row.workspace_id,
    sealedApiKey: row.api_key,
    keyLast4: row.key_last4,
    defaultNamespace: row.default_namespace,
    allowedNamespaces: Array.isArray(allowed) ? allowed.map(String) : "any",
    connectedBy: row.connected_by,
    connectedAt: toDate(row.connected_at),
  };
}

const count = async (deleted: Promise<{ numDeletedRows: bigint }>) => Number((await deleted).numDeletedRows);

export function workspaceMethods(ctx: StoreContext, sleep: Sleep): WorkspaceStore {
  const { db } = ctx;

  return {
    async saveInstallation(installation) {
      const values = {
        workspace_id: installation.workspaceId,
        enterprise_id: installation.enterpriseId,
        team_id: installation.teamId,
        is_enterprise_install: installation.isEnterpriseInstall ? 1 : 0,
        team_name: installation.teamName,
        bot_user_id: installation.botUserId,
        installation: installation.sealed,
        token_expires_at: installation.tokenExpiresAt === null ? null : toMs(installation.tokenExpiresAt),
        installed_at: toMs(installation.installedAt),
        updated_at: toMs(installation.updatedAt),
      };
      const { workspace_id: _key, installed_at: _first, ...changes } = values;
      await db
        .insertInto("installations")
        .values(values)
        .onConflict((oc) => oc.column("workspace_id").doUpdateSet(changes))
        .execute();
    },

    async getInstallation(workspaceId) {
      const row = await db
        .selectFrom("installations")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .executeTakeFirst();
      return row ? toInstallation(row) : null;
    },

    async saveConnection(connection) {
      const values = {
        workspace_id: connection.workspaceId,
        api_key: connection.sealedApiKey,
        key_last4: connection.keyLast4,
        default_namespace: connection.defaultNamespace,
        allowed_namespaces: JSON.stringify(
          connection.allowedNamespaces === "any" ? "*" : [...connection.allowedNamespaces],
        ),
        connected_by: connection.connectedBy,
        connected_at: toMs(connection.connectedAt),
      };
      const { workspace_id: _key, ...changes } = values;
      await db
        .insertInto("mixpeek_connections")
        .values(values)
        .onConflict((oc) => oc.column("workspace_id").doUpdateSet(changes))
        .execute();
    },

    async getConnection(workspaceId) {
      const row = await db
        .selectFrom("mixpeek_connections")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .executeTakeFirst();
      return row ? toConnection(row) : null;
    },

    async deleteConnection(workspaceId) {
      const result = await db
        .deleteFrom("mixpeek_connections")
        .where("workspace_id", "=", workspaceId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    deleteWorkspace(workspaceId) {
      return inTransaction(
        ctx,
        async (trx) => {
          const subscriptions = trx
            .selectFrom("subscriptions")
            .select("id")
            .where("workspace_id", "=", workspaceId);
          const digests = trx.selectFrom("digests").select("id").where("workspace_id", "=", workspaceId);
          // Children first: SQLite enforces the cascades only with foreign keys on, so nothing relies on them.
          const alerts = await count(
            trx.deleteFrom("alerts").where("subscription_id", "in", subscriptions).executeTakeFirst(),
          );
          await trx.deleteFrom("alert_threads").where("subscription_id", "in", subscriptions).execute();
          await trx.deleteFrom("digest_runs").where("digest_id", "in", digests).execute();
          const gone = (table: "subscriptions" | "digests" | "watches") =>
            count(trx.deleteFrom(table).where("workspace_id", "=", workspaceId).executeTakeFirst());
          const result = {
            alerts,
            subscriptions: await gone("subscriptions"),
            digests: await gone("digests"),
            watches: await gone("watches"),
            connection:
              (await count(
                trx
                  .deleteFrom("mixpeek_connections")
                  .where("workspace_id", "=", workspaceId)
                  .executeTakeFirst(),
              )) > 0,
            installation:
              (await count(
                trx.deleteFrom("installations").where("workspace_id", "=", workspaceId).executeTakeFirst(),
              )) > 0,
          };
          return result;
        },
        sleep,
      );
    },
  };
}
