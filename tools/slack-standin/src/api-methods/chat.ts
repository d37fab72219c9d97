import { MAX_MESSAGE_BLOCKS, parseBlocks } from "../blocks.js";
import { isObject } from "../json.js";
import { messageShape } from "../payloads.js";
import type { MessageMetadata } from "../types.js";
import type { ApiArgs, ApiContext, ApiMethod, ApiResult } from "./result.js";
import { fail, isFailure, str } from "./result.js";

/** Slack cuts longer text; the stand-in refuses it so a test notices. */
const MAX_TEXT_LENGTH = 40_000;

type Content = { text: string; blocks: unknown[] | undefined; metadata?: MessageMetadata };

/** The text and blocks of a message, checked the way Slack checks them, or the error Slack would give. */
function readContent(args: ApiArgs): Content | ApiResult {
  const blocks = parseBlocks(args.blocks, MAX_MESSAGE_BLOCKS);
  if (!blocks.ok) return fail("invalid_blocks", blocks.messages);
  const text = str(args.text) ?? "";
  if (text === "" && blocks.blocks === undefined && args.attachments === undefined) return fail("no_text");
  if (text.length > MAX_TEXT_LENGTH) return fail("msg_too_long");
  if (args.metadata === undefined) return { text, blocks: blocks.blocks };
  const metadata = readMetadata(args.metadata);
  return metadata ? { text, blocks: blocks.blocks, metadata } : fail("invalid_metadata_format");
}

/** Slack wants a named event type and an object payload; anything else is refused, not dropped. */
function readMetadata(value: unknown): MessageMetadata | undefined {
  if (!isObject(value) || typeof value.event_type !== "string" || value.event_type === "") return undefined;
  return isObject(value.event_payload)
    ? { event_type: value.event_type, event_payload: value.event_payload }
    : undefined;
}

const postMessage: ApiMethod = (args, { ws }) => {
  const channel = ws.resolveChannel(str(args.channel) ?? "");
  if (!channel) return fail("channel_not_found");
  const content = readContent(args);
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
  const content = readContent({ text: message.text, ...args });
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

const postEphemeral: ApiMethod = (args, { ws }) => {
  const channel = ws.resolveChannel(str(args.channel) ?? "");
  if (!channel) return fail("channel_not_found");
  const user = ws.user(str(args.user) ?? "");
  if (!user) return fail("user_not_found");
  const content = readContent(args);
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
