import { type MessageContent, readMessage } from "../block-kit/message-content.js";
import { isObject } from "../json.js";
import { messageShape } from "../payloads.js";
import type { MessageMetadata } from "../types.js";
import type { ApiArgs, ApiContext, ApiMethod, ApiResult } from "./result.js";
import { fail, isFailure, refuse, str } from "./result.js";

type Content = MessageContent & { metadata?: MessageMetadata };

/** The text, blocks and metadata of a message, checked the way Slack checks them, or Slack's refusal. */
function readContent(args: ApiArgs, ctx: ApiContext, method: string, channel: string): Content | ApiResult {
  const read = readMessage(args);
  if (!read.ok) return refuse(ctx, method, read.refusal, channel);
  if (args.metadata === undefined) return read.content;
  const metadata = readMetadata(args.metadata);
  return metadata ? { ...read.content, metadata } : fail("invalid_metadata_format");
}

/** Slack wants a named event type and an object payload; anything else is refused, not dropped. */
function readMetadata(value: unknown): MessageMetadata | undefined {
  if (!isObject(value) || typeof value.event_type !== "string" || value.event_type === "") return undefined;
  return isObject(value.event_payload)
    ? { event_type: value.event_type, event_payload: value.event_payload }
    : undefined;
}

const postMessage: ApiMethod = (args, ctx) => {
  const { ws } = ctx;
  const channel = ws.resolveChannel(str(args.channel) ?? "");
  if (!channel) return fail("channel_not_found");
  const content = readContent(args, ctx, "chat.postMessage", channel.id);
  if (isFailure(content)) return content;
  const message = ws.addMessage({
    channel: channel.id,
    thread_ts: str(args.thread_ts),
    user: ws.identity.botUserId,
    ...content,
  });
  return { ok: true, channel: channel.id, ts: message.ts, message: messageShape(message, ws.identity) };
};

/** Finds a channel message by channel and ts; ephemeral messages cannot be found, as in Slack. */
function findMessage(args: ApiArgs, ctx: ApiContext, tsField: string) {
  const channel = ctx.ws.resolveChannel(str(args.channel) ?? "");
  if (!channel) return undefined;
  const message = ctx.ws.message(str(args[tsField]) ?? "");
  return message && message.channel === channel.id && message.ephemeralTo === undefined ? message : undefined;
}

const update: ApiMethod = (args, ctx) => {
  const message = findMessage(args, ctx, "ts");
  if (!message) return fail("message_not_found");
  const content = readContent({ text: message.text, ...args }, ctx, "chat.update", message.channel);
  if (isFailure(content)) return content;
  // Slack keeps the previous blocks (and metadata) when an update leaves them out.
  const edited = ctx.ws.editMessage(message.ts, {
    text: content.text,
    blocks: content.blocks ?? message.blocks,
    metadata: content.metadata ?? message.metadata,
  });
  if (!edited) return fail("message_not_found");
  return {
    ok: true,
    channel: edited.channel,
    ts: edited.ts,
    text: edited.text,
    message: messageShape(edited, ctx.ws.identity),
  };
};

const remove: ApiMethod = (args, ctx) => {
  const message = findMessage(args, ctx, "ts");
  if (!message) return fail("message_not_found");
  ctx.ws.deleteMessage(message.ts);
  return { ok: true, channel: message.channel, ts: message.ts };
};

const postEphemeral: ApiMethod = (args, ctx) => {
  const { ws } = ctx;
  const channel = ws.resolveChannel(str(args.channel) ?? "");
  if (!channel) return fail("channel_not_found");
  const user = ws.user(str(args.user) ?? "");
  if (!user) return fail("user_not_found");
  const content = readContent(args, ctx, "chat.postEphemeral", channel.id);
  if (isFailure(content)) return content;
  const message = ws.addMessage({
    channel: channel.id,
    thread_ts: str(args.thread_ts),
    user: ws.identity.botUserId,
    ephemeralTo: user.id,
    ...content,
  });
  return { ok: true, message_ts: message.ts };
};

const getPermalink: ApiMethod = (args, ctx) => {
  const message = findMessage(args, ctx, "message_ts");
  if (!message) return fail("message_not_found");
  const permalink = `${ctx.baseUrl}/archives/${message.channel}/p${message.ts.replace(".", "")}`;
  return { ok: true, channel: message.channel, permalink };
};

export const chatMethods: Record<string, ApiMethod> = {
  "chat.postMessage": postMessage,
  "chat.update": update,
  "chat.delete": remove,
  "chat.postEphemeral": postEphemeral,
  "chat.getPermalink": getPermalink,
};
