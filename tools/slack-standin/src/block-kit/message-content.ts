/**
 * The text and blocks of a message as the bot sent them, read and checked the way Slack does. One reading
 * for every way a message arrives: chat.postMessage, chat.update, chat.postEphemeral, response_url posts
 * and a slash command's acknowledgement.
 */
import { malformedBlocks, type Refusal, refuseMessage } from "./refusal.js";

export interface MessageContent {
  text: string;
  blocks: unknown[] | undefined;
}

export type ReadMessage = { ok: true; content: MessageContent } | { ok: false; refusal: Refusal };

export function readMessage(fields: Record<string, unknown>): ReadMessage {
  const blocks = readBlocks(fields.blocks);
  if (blocks === "malformed") return { ok: false, refusal: malformedBlocks("/blocks") };
  // A form body makes every field a string; a JSON body may send a number as text.
  const text = typeof fields.text === "number" ? String(fields.text) : fields.text;
  const refusal = refuseMessage({ text, blocks, attachments: fields.attachments });
  if (refusal) return { ok: false, refusal };
  return { ok: true, content: { text: typeof text === "string" ? text : "", blocks } };
}

/** `blocks` as an array: a form body carries it as JSON text; empty means none, as in Slack. */
function readBlocks(raw: unknown): unknown[] | undefined | "malformed" {
  if (raw === undefined || raw === null || raw === "") return undefined;
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return "malformed";
    }
  }
  return Array.isArray(value) ? value : "malformed";
}
