import type { App } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { connectionCommand } from "../connection/connection-listeners.js";
import { onCommand } from "../listener.js";
import { EXECUTIONS_COMMAND, executionsCommand } from "./executions.js";

export function registerCommands(app: App, deps: BotDeps): void {
  app.command(EXECUTIONS_COMMAND, onCommand(deps, executionsCommand, connectionCommand));
}
