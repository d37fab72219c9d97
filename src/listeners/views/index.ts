import type { App } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { PICKER_CALLBACK_ID } from "../../views/executions/retriever-picker.js";
import { onView } from "../listener.js";
import { pickerSubmission } from "./picker-submission.js";

export function registerViews(app: App, deps: BotDeps): void {
  app.view(PICKER_CALLBACK_ID, onView(deps, pickerSubmission));
}
