/**
 * Distributed mode: what the watcher reads and posts with for one workspace, its own Mixpeek connection
 * and its own bot token. A workspace without either waits (its watches are handed back), so one workspace
 * that disconnected or whose token is gone never holds up the round for the others.
 */
import type { WatchTargets } from "../alerts/watcher/index.js";
import type { WorkspaceSlackClients } from "./slack-clients.js";
import type { WorkspaceRegistry } from "./workspace-registry.js";

export function watchTargets(registry: WorkspaceRegistry, slackClients: WorkspaceSlackClients): WatchTargets {
  return async (workspaceId) => {
    const built = await registry.builtFor(workspaceId);
    if (!built) return null;
    const slack = await slackClients.forWorkspace(workspaceId);
    if (!slack) return null;
    return { mixpeek: built.watcher.mixpeek, namespaces: built.workspace.namespaces, slack };
  };
}
