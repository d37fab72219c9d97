/** The window of `/executions <retriever> stats [24h|7d|30d]`, with a few spellings people type. */
import { STATS_WINDOWS, type StatsWindow } from "../stats/period.js";
import { quote } from "./tokens.js";

export const STATS_KEYWORD = "stats";

const ALIASES: Record<string, StatsWindow> = {
  "24h": "24h",
  "1d": "24h",
  day: "24h",
  "7d": "7d",
  "1w": "7d",
  week: "7d",
  "30d": "30d",
  month: "30d",
};

// A number and a unit (`2d`, `48h`), so that a window of another length is refused instead of read as a name.
const WINDOW_LIKE = /^\d{1,4}(h|d|w|m|hours?|days?|weeks?|months?)$/i;

export type WindowResult = { ok: true; window: StatsWindow } | { ok: false; problem: string };

/** A window, a problem for a window-like word of another length, or undefined for any other word. */
export function parseStatsWindow(word: string): WindowResult | undefined {
  const known = ALIASES[word.toLowerCase()];
  if (known !== undefined) return { ok: true, window: known };
  if (!WINDOW_LIKE.test(word)) return undefined;
  return {
    ok: false,
    problem: `${quote(word)} isn't a window I can show. Use ${STATS_WINDOWS.map((w) => `\`${w}\``).join(", ")}.`,
  };
}
