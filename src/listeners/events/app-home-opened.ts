/** The Home tab, published fresh each time someone opens it (see publish-home.ts). */
import type { EventSpec } from "../listener.js";
import { publishHome } from "../publish-home.js";

export const appHomeOpened: EventSpec<"app_home_opened"> = {
  name: "app_home_opened",
  async run(ctx, { event, body }) {
    if (event.tab !== "home") return "ok";
    return (await publishHome(ctx, body.team_id ?? "", event.user)) ? "ok" : "error";
  },
};
