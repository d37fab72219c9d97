/**
 * The page a button points at, carried in the button's `value` (and in the controls block's
 * `block_id` for the status select). Slack echoes it back on a click, from a message anyone could have
 * altered, so decoding trusts nothing and answers null for anything that is not exactly what we write.
 */
import * as z from "zod";
import { isAcceptableName } from "./names.js";
import { isStatusFilter, MAX_PAGE_SIZE, MIN_PAGE_SIZE, type PageQuery, type StatusFilter } from "./types.js";

/** Mixpeek refuses offsets past this. */
export const MAX_OFFSET = 10_000;
/** Slack's ceiling for a button value; decoding refuses anything longer before parsing it. */
export const MAX_ENCODED_PAGE_STATE_LENGTH = 2000;

const PAGE_STATE_VERSION = 1;

const STATUS_CODES = { all: "a", completed: "c", failed: "f", running: "r" } as const satisfies Record<
  StatusFilter,
  string
>;
type StatusCode = (typeof STATUS_CODES)[StatusFilter];
const STATUS_BY_CODE: Record<StatusCode, StatusFilter> = {
  a: "all",
  c: "completed",
  f: "failed",
  r: "running",
};

const NameSchema = z.string().refine(isAcceptableName);

const PageStateSchema = z
  .strictObject({
    v: z.literal(PAGE_STATE_VERSION),
    r: NameSchema,
    n: NameSchema,
    s: z.enum(["a", "c", "f", "r"]),
    o: z.number().int().min(0).max(MAX_OFFSET),
    l: z.number().int().min(MIN_PAGE_SIZE).max(MAX_PAGE_SIZE),
    // The detailed layout; absent means compact, so states written before layouts existed still read.
    d: z.literal(1).optional(),
  })
  // The bot only ever moves by whole pages from offset 0, so any other offset was made up.
  .refine((state) => state.o % state.l === 0);

/** Compact JSON for a button value, e.g. `{"v":1,"r":"my-retriever","n":"prod","s":"f","o":10,"l":10}`. */
export function encodePageState(query: PageQuery): string {
  return JSON.stringify({
    v: PAGE_STATE_VERSION,
    r: query.retriever,
    n: query.namespace,
    s: STATUS_CODES[query.status],
    o: query.offset,
    l: query.limit,
    ...(query.layout === "detailed" ? { d: 1 } : {}),
  });
}

/** The page a button points at, or null when the value is missing, stale or tampered with. */
export function decodePageState(value: unknown): PageQuery | null {
  if (typeof value !== "string" || value.length > MAX_ENCODED_PAGE_STATE_LENGTH) return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return null;
  }
  const parsed = PageStateSchema.safeParse(json);
  if (!parsed.success) return null;
  const state = parsed.data;
  return {
    retriever: state.r,
    namespace: state.n,
    status: STATUS_BY_CODE[state.s],
    offset: state.o,
    limit: state.l,
    ...(state.d === 1 ? { layout: "detailed" as const } : {}),
  };
}

/**
 * The first page for a newly picked status: the state comes from the controls block's `block_id`,
 * the status from the select's chosen option. Null when either was tampered with.
 */
export function decodeStatusFilterChange(blockId: unknown, selectedValue: unknown): PageQuery | null {
  const current = decodePageState(blockId);
  if (current === null || !isStatusFilter(selectedValue)) return null;
  return { ...current, status: selectedValue, offset: 0 };
}
