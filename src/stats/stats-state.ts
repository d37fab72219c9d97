/**
 * Which retriever and window a stats button points at, carried in the button's `value`. Slack echoes it
 * back from a message anyone could have altered, so decoding trusts nothing and answers null for anything
 * that is not exactly what the bot writes.
 */
import * as z from "zod";
import { isAcceptableName } from "../executions/names.js";
import { STATS_WINDOWS } from "./period.js";
import type { StatsQuery } from "./stats-fetcher.js";

const STATS_STATE_VERSION = 1;
const MAX_ENCODED_LENGTH = 2000;
const NameSchema = z.string().refine(isAcceptableName);

const StatsStateSchema = z.strictObject({
  v: z.literal(STATS_STATE_VERSION),
  r: NameSchema,
  n: NameSchema,
  w: z.enum(STATS_WINDOWS),
});

/** e.g. `{"v":1,"r":"product-search","n":"demo","w":"7d"}`. */
export function encodeStatsState(query: StatsQuery): string {
  return JSON.stringify({ v: STATS_STATE_VERSION, r: query.retriever, n: query.namespace, w: query.window });
}

export function decodeStatsState(value: unknown): StatsQuery | null {
  if (typeof value !== "string" || value.length > MAX_ENCODED_LENGTH) return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return null;
  }
  const parsed = StatsStateSchema.safeParse(json);
  return parsed.success
    ? { retriever: parsed.data.r, namespace: parsed.data.n, window: parsed.data.w }
    : null;
}
