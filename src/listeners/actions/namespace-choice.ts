/**
 * A namespace chosen in the picker or the Subscribe a channel modal: the modal is drawn again for that
 * namespace (views.update, with Slack's hash so a change made meanwhile is not overwritten), and the
 * retriever search then looks there. A namespace outside MIXPEEK_NAMESPACES is refused like anywhere else.
 */

import { isAcceptableName } from "../../executions/names.js";
import { classifySlackError } from "../../slack/slack-errors.js";
import {
  decodePickerMetadata,
  PICKER_CALLBACK_ID,
  renderRetrieverPicker,
} from "../../views/executions/retriever-picker.js";
import { renderSubscribeModal, SUBSCRIBE_MODAL_CALLBACK_ID } from "../../views/home/subscribe-modal.js";
import { NAMESPACE_CHOICE_ACTION_ID } from "../../views/shared/namespace-choice.js";
import type { ActionSpec } from "../listener.js";

interface NamespaceChange {
  namespace: string;
  viewId: string;
  hash: string | undefined;
  callbackId: string;
  responseUrl: string | undefined;
}

export const namespaceChange: ActionSpec<NamespaceChange> = {
  name: NAMESPACE_CHOICE_ACTION_ID,
  decode(control, { body }) {
    const namespace = control.type === "static_select" ? control.selected_option?.value : undefined;
    const view = body.view;
    if (!namespace || !isAcceptableName(namespace) || !view) return null;
    if (view.callback_id !== PICKER_CALLBACK_ID && view.callback_id !== SUBSCRIBE_MODAL_CALLBACK_ID)
      return null;
    const responseUrl = decodePickerMetadata(view.private_metadata)?.responseUrl;
    return { namespace, viewId: view.id, hash: view.hash, callbackId: view.callback_id, responseUrl };
  },
  guard: ({ namespace }) => ({ namespace }),
  async run({ deps, workspace, client }, change) {
    const namespaces = workspace.namespaces.list();
    const view =
      change.callbackId === PICKER_CALLBACK_ID
        ? renderRetrieverPicker({
            namespace: change.namespace,
            namespaces,
            chosen: true,
            pageSize: deps.config.pageSize,
            ...(change.responseUrl ? { responseUrl: change.responseUrl } : {}),
          })
        : renderSubscribeModal({ namespace: change.namespace, namespaces, chosen: true });
    try {
      await client.views.update({
        view_id: change.viewId,
        ...(change.hash ? { hash: change.hash } : {}),
        view,
      });
      return "ok";
    } catch (error) {
      const { code } = classifySlackError(error);
      deps.metrics.recordSlackApiError("views.update", code);
      deps.logger.warn({ code }, "could not redraw a modal for the namespace chosen");
      return code === "hash_conflict" ? "invalid" : "error";
    }
  },
};
