/**
 * The picker's type-ahead (block_suggestion). Slack waits 3 s for options; when Mixpeek cannot answer in
 * time the list is simply empty, and the person can type again.
 */
import {
  decodePickerNamespace,
  RETRIEVER_SEARCH_ACTION_ID,
  renderRetrieverOptions,
} from "../../views/executions/retriever-picker.js";
import type { OptionsSpec } from "../listener.js";

export const retrieverSearch: OptionsSpec = {
  name: RETRIEVER_SEARCH_ACTION_ID,
  deadlineMs: 2500,
  namespace: ({ workspace }, suggestion) =>
    decodePickerNamespace(suggestion.view?.private_metadata) ?? workspace.defaultNamespace,
  async options({ workspace }, suggestion, namespace) {
    return renderRetrieverOptions(await workspace.retrievers.search(namespace, suggestion.value ?? ""));
  },
  none: renderRetrieverOptions([]),
};
