/**
 * The action_ids of the stats controls, shared by the views that draw them and the listeners that answer
 * them. Every id starting with `stats_show` carries an encoded stats state (src/stats/stats-state.ts).
 */
import type { StatsWindow } from "../../stats/period.js";

export const STATS_ACTION_IDS = {
  /** The Stats button on an executions list: opens the stats beside the list. */
  open: "stats_show_open",
  /** Posts the chart of the stats on screen to the channel. */
  postChart: "stats_post_chart",
} as const;

/** A window button on a stats view: replaces the view with that window's. */
export function statsWindowActionId(window: StatsWindow): string {
  return `stats_show_window_${window}`;
}

/** Matches every button that carries a stats state and shows stats. */
export const STATS_SHOW_ACTION_ID = /^stats_show_/;
