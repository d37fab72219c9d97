/**
 * Who is in what, as Slack tells a bot: users.conversations (the conversations a user is a member of,
 * private ones only where the bot is a member too, paged with a cursor) and usergroups.users.list (the
 * members of a user group).
 */
import type { Channel } from "../types.js";
import type { Workspace } from "../workspace.js";
import type { ApiMethod } from "./result.js";
import { fail, str } from "./result.js";

/** Slack's default page size and its largest. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;
const TYPES = new Set(["public_channel", "private_channel", "mpim", "im"]);

type ConversationType = "public_channel" | "private_channel" | "im";

function typeOf(channel: Channel): ConversationType {
  if (channel.dmWith !== undefined) return "im";
  return channel.isPrivate ? "private_channel" : "public_channel";
}

/** A conversation as users.conversations lists it. */
function conversationShape(ws: Workspace, channel: Channel): Record<string, unknown> {
  if (channel.dmWith !== undefined) {
    return {
      id: channel.id,
      created: 0,
      is_im: true,
      is_org_shared: false,
      user: channel.dmWith,
      is_user_deleted: false,
    };
  }
  const isPrivate = channel.isPrivate === true;
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !isPrivate,
    is_group: isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: isPrivate,
    is_archived: false,
    is_general: channel.name === "general",
    is_member: ws.isMember(channel, ws.identity.botUserId),
    created: 0,
    creator: "",
  };
}

const cursorFor = (channelId: string) => Buffer.from(`channel:${channelId}`).toString("base64");

function readCursor(cursor: string): string | undefined {
  return /^channel:([A-Z0-9]+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"))?.[1];
}

const usersConversations: ApiMethod = (args, { ws }) => {
  const userId = str(args.user) ?? ws.identity.botUserId;
  if (!ws.user(userId)) return fail("user_not_found");
  const types = (str(args.types) ?? "public_channel").split(",").map((t) => t.trim());
  if (types.some((t) => !TYPES.has(t))) return fail("invalid_types");
  const limit = Number(str(args.limit) ?? DEFAULT_LIMIT);
  if (!Number.isInteger(limit) || limit < 1) return fail("invalid_limit");
  const cursor = str(args.cursor);
  const from = cursor === undefined ? undefined : readCursor(cursor);
  if (cursor !== undefined && from === undefined) return fail("invalid_cursor");

  const bot = ws.identity.botUserId;
  const visible = ws
    .channels()
    .filter((channel) => types.includes(typeOf(channel)))
    .filter((channel) => ws.isMember(channel, userId))
    // A bot token sees non-public conversations only where the bot is a member too.
    .filter((channel) => typeOf(channel) === "public_channel" || ws.isMember(channel, bot))
    .sort((a, b) => a.id.localeCompare(b.id));
  const start = from === undefined ? 0 : visible.findIndex((channel) => channel.id === from);
  if (start < 0) return fail("invalid_cursor");
  const page = visible.slice(start, start + Math.min(limit, MAX_LIMIT));
  const next = visible[start + page.length];
  return {
    ok: true,
    channels: page.map((channel) => conversationShape(ws, channel)),
    response_metadata: { next_cursor: next === undefined ? "" : cursorFor(next.id) },
  };
};

const usergroupUsers: ApiMethod = (args, { ws }) => {
  const id = str(args.usergroup);
  if (id === undefined) return fail("invalid_arguments");
  const group = ws.userGroup(id);
  if (!group) return fail("no_such_subteam");
  return { ok: true, users: [...group.users] };
};

export const membershipMethods: Record<string, ApiMethod> = {
  "users.conversations": usersConversations,
  "usergroups.users.list": usergroupUsers,
};
