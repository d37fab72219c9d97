/**
 * Distributed mode: connecting a workspace to Mixpeek. `/executions connect` and the Connect button open
 * the modal; its submission checks the key with Mixpeek, then saves it; `/executions disconnect` removes it.
 * They run without a Mixpeek connection (that is what they make), and only for workspace admins and owners
 * or SUBSCRIPTION_MANAGERS, asked of Slack again at every step.
 */
import type { AllMiddlewareArgs, App, BlockAction, Context, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { BotDeps } from "../../deps.js";
import { classifySlackError } from "../../slack/slack-errors.js";
import {
  CONNECT_ACTION_ID,
  CONNECT_CALLBACK_ID,
  renderConnectChecking,
  renderConnectDone,
  renderConnectModal,
  renderConnectStatus,
  renderDisconnected,
  renderNotAllowedToConnect,
} from "../../views/connection/connection.js";
import { workspaceIdOf } from "../../workspaces/installation-store.js";
import type { WorkspaceRegistry } from "../../workspaces/workspace-registry.js";
import { EXECUTIONS_COMMAND } from "../commands/executions.js";
import { type Result, replyTo, startRequest, type UnconnectedCommandSpec } from "../listener.js";
import { checkMixpeekKey } from "./check-key.js";
import { readConnectionForm } from "./connection-form.js";

const VERBS = new Set(["connect", "disconnect"]);

function workspaceOf(context: Context): string | undefined {
  return workspaceIdOf({
    isEnterpriseInstall: context.isEnterpriseInstall,
    enterpriseId: context.enterpriseId,
    teamId: context.teamId,
  });
}

async function mayConnect(deps: BotDeps, client: WebClient, teamId: string, userId: string) {
  return deps.managers.mayConnect(client, teamId, userId);
}

const refused = (deps: BotDeps) => renderNotAllowedToConnect(deps.config.subscriptionManagers !== undefined);

async function openModal(
  registry: WorkspaceRegistry,
  client: WebClient,
  workspaceId: string,
  triggerId: string,
) {
  await client.views.open({
    trigger_id: triggerId,
    view: renderConnectModal({ current: await registry.connection(workspaceId) }),
  });
}

export const connectionCommand: UnconnectedCommandSpec = {
  takes(text) {
    const verb = text.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    return VERBS.has(verb) ? verb : undefined;
  },
  async run(deps, { command, client, context }, name, reply): Promise<Result> {
    const registry = deps.registry;
    const workspaceId = workspaceOf(context);
    if (!registry || !workspaceId) return "invalid";
    if (!(await mayConnect(deps, client, command.team_id, command.user_id))) {
      await reply(refused(deps));
      return { outcome: "denied", details: { refused: "connect" } };
    }
    if (name === "disconnect") {
      const current = await registry.connection(workspaceId);
      await registry.disconnect(workspaceId);
      deps.logger.info({ event: "disconnect", workspace: workspaceId }, "Mixpeek disconnected");
      await reply(renderDisconnected(current, command.user_id, command.command), {
        response_type: "in_channel",
      });
      return "ok";
    }
    try {
      await openModal(registry, client, workspaceId, command.trigger_id);
      return "ok";
    } catch (error) {
      deps.metrics.recordSlackApiError("views.open", classifySlackError(error).code);
      await reply(renderConnectStatus(await registry.connection(workspaceId), command.command));
      return "error";
    }
  },
};

export function registerConnectionListeners(app: App, deps: BotDeps): void {
  const registry = deps.registry;
  if (!registry) return;

  app.action<BlockAction>(CONNECT_ACTION_ID, async ({ ack, body, client, context }) => {
    const request = startRequest(deps, "action", CONNECT_ACTION_ID);
    await ack();
    request.acked();
    await request.run(async () => {
      const workspaceId = workspaceOf(context);
      const teamId = body.team?.id ?? body.user.team_id ?? "";
      if (!workspaceId) return "invalid";
      if (!(await mayConnect(deps, client, teamId, body.user.id))) {
        await replyTo(deps, body.response_url)(refused(deps), { replace_original: false });
        return { outcome: "denied", details: { refused: "connect" } };
      }
      await openModal(registry, client, workspaceId, body.trigger_id);
      return "ok";
    });
  });

  app.view<ViewSubmitAction>(CONNECT_CALLBACK_ID, async (args) => {
    const { ack, body, view, client, context } = args as typeof args & AllMiddlewareArgs;
    const request = startRequest(deps, "view", CONNECT_CALLBACK_ID);
    const read = readConnectionForm(view);
    if ("errors" in read) {
      await ack({ response_action: "errors", errors: read.errors });
      request.acked();
      return request.done("invalid");
    }
    // The check takes a Mixpeek call: the modal says so meanwhile, then shows how it went.
    await ack({ response_action: "update", view: renderConnectChecking() });
    request.acked();
    await request.run(async () => {
      const workspaceId = workspaceOf(context);
      const teamId = body.team?.id ?? body.user.team_id ?? "";
      const show = (next: Parameters<WebClient["views"]["update"]>[0]["view"]) =>
        client.views.update({ view_id: view.id, view: next });
      if (!workspaceId) return "invalid";
      if (!(await mayConnect(deps, client, teamId, body.user.id))) {
        await show(renderConnectModal({ problem: refused(deps).text }));
        return { outcome: "denied", details: { refused: "connect" } };
      }
      const { form } = read;
      const problem = await checkMixpeekKey(form.apiKey, form.defaultNamespace, {
        baseUrl: deps.config.mixpeek.baseUrl,
      });
      if (problem !== null) {
        await show(renderConnectModal({ current: await registry.connection(workspaceId), problem }));
        return { outcome: "invalid", details: { refused: "mixpeek_check" } };
      }
      const connection = await registry.connect(workspaceId, {
        apiKey: form.apiKey,
        defaultNamespace: form.defaultNamespace,
        namespaces: form.namespaces,
        by: body.user.id,
        at: deps.now(),
      });
      deps.logger.info(
        { event: "connect", workspace: workspaceId, keyLast4: connection.keyLast4 },
        "Mixpeek connected",
      );
      await show(renderConnectDone(connection, EXECUTIONS_COMMAND));
      return "ok";
    });
  });

  // Leaving: the workspace's installation, Mixpeek key, subscriptions, digests, pending alerts and watches
  // are deleted, so the next watcher round has nothing of it left to check or post.
  const leave =
    (event: "app_uninstalled" | "tokens_revoked") =>
    async ({ body, context }: { body: { team_id?: string; enterprise_id?: string }; context: Context }) => {
      const request = startRequest(deps, "event", event);
      request.acked();
      await request.run(async () => {
        const workspaceId =
          workspaceOf(context) ??
          workspaceIdOf({
            teamId: body.team_id,
            enterpriseId: body.enterprise_id,
            isEnterpriseInstall: false,
          });
        if (!workspaceId) return "invalid";
        const deleted = await deps.store.deleteWorkspace(workspaceId);
        await registry.forget(workspaceId);
        deps.slackClients?.forget(workspaceId);
        deps.logger.info(
          { event, workspace: workspaceId, ...deleted },
          "workspace left: its data is deleted",
        );
        return "ok";
      });
    };
  app.event("app_uninstalled", leave("app_uninstalled"));
  app.event("tokens_revoked", async (args) => {
    // Only the bot's token matters: the bot holds no user tokens.
    if ((args.event.tokens.bot ?? []).length === 0) return;
    await leave("tokens_revoked")(args);
  });
}
