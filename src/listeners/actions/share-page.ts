/**
 * "Share in channel": posts the page a person is looking at to the channel in the compact form, saying who
 * shared it, without the paging, filter and layout controls (they would change everyone's copy).
 */
import { decodePageState } from "../../executions/page-state.js";
import type { PageQuery } from "../../executions/types.js";
import { isMixpeekError } from "../../mixpeek/errors.js";
import { SHARE_ACTION_ID } from "../../views/executions/action-ids.js";
import { renderExecutionsList } from "../../views/executions/executions-list.js";
import { renderSharedPage } from "../../views/executions/shared-page.js";
import { renderMixpeekError } from "../../views/shared/messages.js";
import type { ActionSpec } from "../listener.js";

export const sharePage: ActionSpec<PageQuery> = {
  name: SHARE_ACTION_ID,
  decode: (control) => (control.type === "button" ? decodePageState(control.value) : null),
  guard: (query) => ({ namespace: query.namespace }),
  async run({ deps, workspace, reply }, query, { body }) {
    try {
      const [page, name] = await Promise.all([
        workspace.executions.getPage(query),
        workspace.retrievers.nameOf(query.namespace, query.retriever),
      ]);
      const reasons = await workspace.failureReasons.forPage(page.query, page.executions);
      // Always the compact form, whatever layout the sharer reads in.
      const list = renderExecutionsList(page, {
        now: deps.now(),
        layout: "compact",
        reasons,
        ...(name ? { retrieverLabel: name } : {}),
      });
      const shared = renderSharedPage(list, { sharedBy: body.user.id });
      return (await reply(shared, { response_type: "in_channel" })) ? "ok" : "error";
    } catch (error) {
      if (!isMixpeekError(error)) throw error;
      await reply(renderMixpeekError(error, query));
      return "upstream_error";
    }
  },
};
