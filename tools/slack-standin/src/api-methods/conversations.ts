/**
 * Reading a channel back, as Slack serves it: conversations.history (top-level messages, newest first)
 * and conversations.replies (one thread, parent first), each bounded by `oldest`/`latest` and paged with
 * Slack's cursors. Message metadata comes back only when the caller asks for it (`include_all_metadata`).
 */
import { messageShape } from "../payloads.js";
import type { StoredMessage } from "../types.js";
import type { Workspace } from "../workspace.js";
import type { ApiArgs, ApiMethod, ApiResult } from "./result.js";
import { fail, isFailure, str } from "./result.js";

/** Slack's default page size; it refuses nothing larger than its maximum, it just caps. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;

interface Reading {
  /** Bounds in microseconds, so two timestamps within the same second compare exactly. */
  oldest: bigint;
  latest: bigint;
  inclusive: boolean;
  limit: number;
  /** The position the cursor points at: the first message of this page. */
  from: bigint | undefined;
  metadata: boolean;
}

/** A message `ts` ("1700000000.000100", or "1700000000" for a bound) in microseconds. */
export function tsMicros(ts: string): bigint | undefined {
  const match = /^(\d+)(?:\.(\d{0,6})\d*)?$/.exec(ts);
  if (!match) return undefined;
  return BigInt(match[1] ?? "0") * 1_000_000n + BigInt((match[2] ?? "").padEnd(6, "0"));
}

/** Slack's cursor is base64 of `next_ts:<ts without its dot>`, naming where the next page starts. */
function cursorFor(message: StoredMessage): string {
  return Buffer.from(`next_ts:${message.ts.replace(".", "")}`).toString("base64");
}

function readCursor(cursor: string): bigint | undefined {
  const match = /^next_ts:(\d{7,})$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return match?.[1] === undefined ? undefined : BigInt(match[1]);
}

function flag(value: unknown): boolean {
  const text = str(value);
  return text === "true" || text === "1";
}

/** No upper bound: the stand-in's timestamps may run a little ahead of its clock (see Workspace.nextTs). */
const END_OF_TIME = 10n ** 20n;

function readArgs(args: ApiArgs): Reading | ApiResult {
  const bound = (name: string, fallback: bigint) => {
    const text = str(args[name]);
    return text === undefined ? fallback : tsMicros(text);
  };
  const oldest = bound("oldest", 0n);
  if (oldest === undefined) return fail("invalid_ts_oldest");
  const latest = bound("latest", END_OF_TIME);
  if (latest === undefined) return fail("invalid_ts_latest");
  const cursor = str(args.cursor);
  const from = cursor === undefined ? undefined : readCursor(cursor);
  if (cursor !== undefined && from === undefined) return fail("invalid_cursor");
  const limit = Number(str(args.limit) ?? DEFAULT_LIMIT);
  if (!Number.isInteger(limit) || limit < 1) return fail("invalid_limit");
  return {
    oldest,
    latest,
    inclusive: flag(args.inclusive),
    limit: Math.min(limit, MAX_LIMIT),
    from,
    metadata: flag(args.include_all_metadata),
  };
}

function inWindow(message: StoredMessage, reading: Reading): boolean {
  const at = tsMicros(message.ts) ?? 0n;
  return reading.inclusive
    ? at >= reading.oldest && at <= reading.latest
    : at > reading.oldest && at < reading.latest;
}

const isTopLevel = (message: StoredMessage) =>
  message.thread_ts === undefined || message.thread_ts === message.ts;

function repliesTo(ws: Workspace, parent: StoredMessage): StoredMessage[] {
  return ws.messages(parent.channel).filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts);
}

/** A message as these methods list it: thread facts on parents, metadata only when asked for. */
function listed(ws: Workspace, message: StoredMessage, reading: Reading): Record<string, unknown> {
  const { metadata, ...shape } = messageShape(message, ws.identity);
  const replies = isTopLevel(message) ? repliesTo(ws, message) : [];
  const thread =
    replies.length === 0
      ? {}
      : {
          thread_ts: message.ts,
          reply_count: replies.length,
          reply_users: [...new Set(replies.map((reply) => reply.user))],
          latest_reply: replies.at(-1)?.ts,
        };
  return { ...shape, ...thread, ...(reading.metadata && metadata !== undefined ? { metadata } : {}) };
}

/** One page from `ordered` (already in the method's order), starting at the cursor's position. */
function page(
  ws: Workspace,
  ordered: StoredMessage[],
  reading: Reading,
  newestFirst: boolean,
  head: StoredMessage[] = [],
): ApiResult {
  const from = reading.from;
  const rest =
    from === undefined
      ? ordered
      : ordered.filter((m) => {
          const at = tsMicros(m.ts) ?? 0n;
          return newestFirst ? at <= from : at >= from;
        });
  const items = [...(from === undefined ? head : []), ...rest];
  const shown = items.slice(0, reading.limit);
  const next = items[reading.limit];
  return {
    ok: true,
    messages: shown.map((message) => listed(ws, message, reading)),
    has_more: next !== undefined,
    ...(next === undefined ? {} : { response_metadata: { next_cursor: cursorFor(next) } }),
  };
}

const history: ApiMethod = (args, { ws }) => {
  const channel = ws.resolveChannel(str(args.channel) ?? "");
  if (!channel) return fail("channel_not_found");
  const reading = readArgs(args);
  if (isFailure(reading)) return reading;
  const messages = ws
    .messages(channel.id)
    .filter((m) => isTopLevel(m) && inWindow(m, reading))
    .reverse();
  return { ...page(ws, messages, reading, true), pin_count: 0 };
};

const replies: ApiMethod = (args, { ws }) => {
  const channel = ws.resolveChannel(str(args.channel) ?? "");
  if (!channel) return fail("channel_not_found");
  const ts = str(args.ts);
  if (ts === undefined) return fail("invalid_arguments");
  const reading = readArgs(args);
  if (isFailure(reading)) return reading;
  const asked = ws.message(ts);
  const parent = asked?.thread_ts === undefined ? asked : ws.message(asked.thread_ts);
  if (!parent || parent.channel !== channel.id || parent.ephemeralTo !== undefined) {
    return fail("thread_not_found");
  }
  const thread = repliesTo(ws, parent).filter((m) => inWindow(m, reading));
  // The parent leads the first page whatever the window, as in Slack's answers.
  return page(ws, thread, reading, false, [parent]);
};

export const conversationMethods: Record<string, ApiMethod> = {
  "conversations.history": history,
  "conversations.replies": replies,
};
