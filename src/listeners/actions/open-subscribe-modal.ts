/** "Subscribe a channel" in the App Home opens the modal (views/home/subscribe-modal.ts). */
import { classifySlackError } from "../../slack/slack-errors.js";
import { HOME_ACTION_IDS } from "../../views/home/home-controls.js";
import { renderSubscribeModal } from "../../views/home/subscribe-modal.js";
import type { ActionSpec } from "../listener.js";

export const openSubscribeModal: ActionSpec<{ triggerId: string }> = {
  name: HOME_ACTION_IDS.subscribe,
  decode: (_control, { body }) => (body.trigger_id ? { triggerId: body.trigger_id } : null),
  async run({ deps, workspace, client }, { triggerId }) {
    const view = renderSubscribeModal({
      namespace: workspace.defaultNamespace,
      namespaces: workspace.namespaces.list(),
    });
    try {
      await client.views.open({ trigger_id: triggerId, view });
      return "ok";
    } catch (error) {
      deps.metrics.recordSlackApiError("views.open", classifySlackError(error).code);
      deps.logger.warn({ err: error }, "could not open the Subscribe a channel modal");
      return "error";
    }
  },
};
