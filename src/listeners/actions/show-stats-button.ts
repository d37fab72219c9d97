/**
 * The Stats button on an executions list and the window buttons on a stats view. The list's button opens
 * the stats beside the list; a window button replaces the stats on screen. The target travels in the
 * button's value; one that does not decode gets the polite "old or altered" note and no Mixpeek call.
 */

import type { StatsQuery } from "../../stats/stats-fetcher.js";
import { decodeStatsState } from "../../stats/stats-state.js";
import { STATS_ACTION_IDS } from "../../views/stats/stats-action-ids.js";
import type { ActionSpec } from "../listener.js";
import { showStats } from "../show-stats.js";

export const showStatsButton: ActionSpec<StatsQuery> = {
  name: (control) => (control.action_id === STATS_ACTION_IDS.open ? "stats_open" : "stats_window"),
  decode: (control) => (control.type === "button" ? decodeStatsState(control.value) : null),
  guard: (query) => ({ namespace: query.namespace }),
  run: (ctx, query, { action }) =>
    showStats(ctx, query, { replaceOriginal: action.action_id !== STATS_ACTION_IDS.open }),
};
