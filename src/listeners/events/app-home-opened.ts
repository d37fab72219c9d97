/** The Home tab, published fresh each time someone opens it (see publish-home.ts). */
import { renderConnectHome } from "../../views/connection/connection.js";
import { EXECUTIONS_COMMAND } from "../commands/executions.js";
import type { EventSpec } from "../listener.js";
import { publishHome } from "../publish-home.js";

export const appHomeOpened: EventSpec<"app_home_opened"> = {
  name: "app_home_opened",
  async notConnected(_deps, { event, client }) {
    if (event.tab !== "home") return "ok";
    await client.views.publish({ user_id: event.user, view: renderConnectHome(EXECUTIONS_COMMAND) });
    return "ok";
  },
  async run(ctx, { event, body }) {
    if (event.tab !== "home") return "ok";
    return (await publishHome(ctx, body.team_id ?? "", event.user)) ? "ok" : "error";
  },
};
