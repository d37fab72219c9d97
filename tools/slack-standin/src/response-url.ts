import { readMessage } from "./block-kit/message-content.js";
import type { Refusal } from "./block-kit/refusal.js";
import type { Json } from "./json.js";
import { parseObject } from "./json.js";
import type { HttpAnswer } from "./web-api.js";
import type { ResponseUrlRecord, Workspace } from "./workspace.js";

/** Slack's rule: a response_url takes at most 5 posts, within 30 minutes of the interaction. */
export const RESPONSE_URL_MAX_POSTS = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

export type ReplyOutcome = { ok: true } | { ok: false; refusal: Refusal };

/**
 * What a reply does to the conversation, whether it came through a response_url or as the body of a slash
 * command's acknowledgement (`via` says which): delete or replace the original message, or add a new one
 * (ephemeral by default). A message Slack would refuse changes nothing and is recorded as refused.
 */
export function applyReply(
  ws: Workspace,
  record: ResponseUrlRecord,
  reply: Json,
  via: "response_url" | "command_ack",
): ReplyOutcome {
  const original = record.originalTs === undefined ? undefined : ws.message(record.originalTs);
  if (isTrue(reply.delete_original)) {
    if (original) ws.deleteMessage(original.ts);
    record.originalTs = undefined;
    return { ok: true };
  }
  const read = readMessage(reply);
  if (!read.ok) {
    ws.recordRefusal({ via, refusal: read.refusal, channel: record.channel });
    return read;
  }
  const { text, blocks } = read.content;

  if (isTrue(reply.replace_original) && original) {
    ws.editMessage(original.ts, { text, blocks });
    return { ok: true };
  }
  const message = ws.addMessage({
    channel: record.channel,
    thread_ts: typeof reply.thread_ts === "string" ? reply.thread_ts : undefined,
    text,
    blocks,
    user: ws.identity.botUserId,
    ephemeralTo: reply.response_type === "in_channel" ? undefined : record.user,
  });
  if (record.followsLatestReply || record.originalTs === undefined) record.originalTs = message.ts;
  return { ok: true };
}

/** `POST /response/:id`, with Slack's limits on how often and how late a response_url may be used. */
export function handleResponsePost(ws: Workspace, id: string, rawBody: string): HttpAnswer {
  const record = ws.responseUrl(id);
  const body = parseObject(rawBody);
  const answer = answerPost(ws, record, body);
  ws.recordResponse({
    responseUrlId: id,
    body: body ?? { raw: rawBody },
    at: ws.now(),
    status: answer.status,
  });
  return answer;
}

function answerPost(
  ws: Workspace,
  record: ResponseUrlRecord | undefined,
  body: Json | undefined,
): HttpAnswer {
  if (!record) return errorAnswer(404, "no_such_url");
  if (ws.now().getTime() - record.issuedAt.getTime() > RESPONSE_URL_LIFETIME_MS) {
    return errorAnswer(404, "expired_url");
  }
  if (record.posts >= RESPONSE_URL_MAX_POSTS) return errorAnswer(404, "used_url");
  if (!body) return errorAnswer(400, "invalid_payload");
  const outcome = applyReply(ws, record, body, "response_url");
  // Slack's hooks name the error and nothing more: the pointers are only in the stand-in's record.
  if (!outcome.ok) return errorAnswer(400, outcome.refusal.error);
  record.posts += 1;
  return { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: "ok" };
}

function errorAnswer(status: number, error: string): HttpAnswer {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ ok: false, error }),
  };
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}
