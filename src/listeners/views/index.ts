import type { App } from "@slack/bolt";
import type { BotDeps } from "../../deps.js";
import { PICKER_CALLBACK_ID } from "../../views/executions/retriever-picker.js";
import { SUBSCRIBE_MODAL_CALLBACK_ID } from "../../views/home/subscribe-modal.js";
import { onView } from "../listener.js";
import { pickerSubmission } from "./picker-submission.js";
import { subscribeSubmission } from "./subscribe-submission.js";

export function registerViews(app: App, deps: BotDeps): void {
  app.view(PICKER_CALLBACK_ID, onView(deps, pickerSubmission));
  app.view(SUBSCRIBE_MODAL_CALLBACK_ID, onView(deps, subscribeSubmission));
}
