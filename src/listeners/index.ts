import type { App } from "@slack/bolt";
import type { BotDeps } from "../deps.js";
import { registerActions } from "./actions/index.js";
import { registerCommands } from "./commands/index.js";
import { registerConnectionListeners } from "./connection/connection-listeners.js";
import { registerEvents } from "./events/index.js";
import { registerOptions } from "./options/index.js";
import { registerViews } from "./views/index.js";

export function registerListeners(app: App, deps: BotDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerOptions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
  registerConnectionListeners(app, deps);
}
