/**
 * "Share in channel": posts the page a person is looking at to the channel, saying who shared it, without
 * the paging controls (they would page everyone's copy).
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
      const page = await workspace.executions.getPage(query);
      const shared = renderSharedPage(renderExecutionsList(page, { now: deps.now() }), {
        sharedBy: body.user.id,
      });
      return (await reply(shared, { response_type: "in_channel" })) ? "ok" : "error";
    } catch (error) {
      if (!isMixpeekError(error)) throw error;
      await reply(renderMixpeekError(error, query));
      return "upstream_error";
    }
  },
};
