/**
 * What Slack answers when it refuses a message or a view for breaking Block Kit's rules. A message gets
 * `invalid_blocks` with one line per broken rule (`[ERROR] problem [json-pointer:/blocks/0/text]`), or
 * `no_text`, `msg_too_long` or `msg_blocks_too_long`, which Slack explains no further. A view gets
 * `invalid_arguments`, its pointers under `/view`.
 */
import { checkBlockKit, type MessageError, type MessagePayload, type Violation } from "./limits.js";

export type RefusalError = "invalid_blocks" | "invalid_blocks_format" | "invalid_arguments" | MessageError;

export interface Refusal {
  error: RefusalError;
  /** What broke, pointers into the request body; Slack lists them only for schema errors. */
  violations: Violation[];
}

/** Errors whose answer lists the broken rules with their pointers. */
const LISTED = new Set<RefusalError>(["invalid_blocks", "invalid_arguments"]);

export function isRefusal(value: object): value is Refusal {
  return "violations" in value && "error" in value;
}

/** The refusal for a message (chat.*, response_url, a command's acknowledgement), or none. */
export function refuseMessage(payload: MessagePayload | object): Refusal | undefined {
  const found = checkBlockKit(payload, "message");
  if (found.length === 0) return undefined;
  // Slack reads the arguments first, then the blocks against their schema, then measures the text.
  const noText = found.filter((v) => v.error === "no_text");
  if (noText.length > 0) return { error: "no_text", violations: noText };
  const schema = found.filter((v) => v.error === undefined);
  if (schema.length > 0) return { error: "invalid_blocks", violations: schema };
  const tooLong = found.filter((v) => v.error === "msg_too_long");
  if (tooLong.length > 0) return { error: "msg_too_long", violations: tooLong };
  return { error: "msg_blocks_too_long", violations: found };
}

/** The refusal for the `view` argument of views.open/update/push/publish, or none. */
export function refuseView(view: object, surface: "modal" | "home"): Refusal | undefined {
  const found = checkBlockKit(view, surface);
  if (found.length === 0) return undefined;
  return {
    error: "invalid_arguments",
    violations: found.map((v) => ({ ...v, pointer: `/view${v.pointer}` })),
  };
}

/** `blocks` that are not a JSON array at all, before any rule can be checked. */
export function malformedBlocks(pointer: string): Refusal {
  return { error: "invalid_blocks_format", violations: [{ pointer, problem: "must be a JSON array" }] };
}

/** Slack's `response_metadata.messages`: `[ERROR] problem [json-pointer:/path]`, when it lists any. */
export function refusalMessages(refusal: Refusal): string[] {
  return LISTED.has(refusal.error) ? refusal.violations.map((v) => `[ERROR] ${pointed(v)}`) : [];
}

/** The Web API's answer: `errors` (the same lines without their level) only for a message's blocks. */
export function refusalAnswer(refusal: Refusal) {
  const messages = refusalMessages(refusal);
  if (messages.length === 0) return { ok: false as const, error: refusal.error };
  return {
    ok: false as const,
    error: refusal.error,
    ...(refusal.error === "invalid_blocks" ? { errors: refusal.violations.map(pointed) } : {}),
    response_metadata: { messages },
  };
}

function pointed(violation: Violation): string {
  return `${violation.problem} [json-pointer:${violation.pointer}]`;
}
