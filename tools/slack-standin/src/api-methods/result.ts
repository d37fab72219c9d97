import { type Refusal, refusalAnswer } from "../block-kit/refusal.js";
import type { Workspace } from "../workspace.js";

export type ApiArgs = Record<string, unknown>;

export type ApiResult =
  | ({ ok: true } & Record<string, unknown>)
  | { ok: false; error: string; errors?: string[]; response_metadata?: { messages: string[] } };

export interface ApiContext {
  ws: Workspace;
  /** The stand-in's own base URL, for permalinks and auth.test. */
  baseUrl: string;
}

export type ApiMethod = (args: ApiArgs, ctx: ApiContext) => ApiResult;

/** Tells a method's error answer apart from the value a step produced (content, a view, a trigger). */
export function isFailure<T extends object>(value: T | ApiResult): value is ApiResult {
  return typeof (value as { ok?: unknown }).ok === "boolean";
}

export function fail(error: string, messages?: string[]): ApiResult {
  return messages ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
}

/**
 * Slack's answer to a message or view it refuses for its blocks. The refusal is recorded too, so a test
 * harness can fail on it and the demo page can show it.
 */
export function refuse(ctx: ApiContext, method: string, refusal: Refusal, channel?: string): ApiResult {
  ctx.ws.recordRefusal({ via: method, refusal, channel });
  return refusalAnswer(refusal);
}

/** A form field as a string; the WebClient sends numbers and booleans as they are in JSON bodies. */
export function str(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}
