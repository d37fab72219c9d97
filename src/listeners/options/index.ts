import type { App } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { RETRIEVER_SEARCH_ACTION_ID } from "../../views/executions/retriever-picker.js";
import { onOptions } from "../listener.js";
import { retrieverSearch } from "./retriever-search.js";

export function registerOptions(app: App, deps: BotDeps): void {
  app.options(
    { action_id: RETRIEVER_SEARCH_ACTION_ID, type: "block_suggestion" },
    onOptions(deps, retrieverSearch),
  );
}
