/**
 * Which execution a "Details" button (or a details modal's private_metadata) points at. Slack echoes
 * the value back from a message anyone could have altered, so decoding trusts nothing and answers null
 * for anything that is not exactly what `encodeExecutionRef` writes.
 */
import * as z from "zod";
import { isAcceptableName } from "./names.js";

/** Slack's ceiling for a button value; decoding refuses anything longer before parsing it. */
export const MAX_ENCODED_EXECUTION_REF_LENGTH = 2000;

const EXECUTION_REF_VERSION = 1;

export interface ExecutionRef {
  /** What Mixpeek is asked for: the retriever's id (alerts) or the name typed (lists). */
  retriever: string;
  namespace: string;
  executionId: string;
  /** The name people know the retriever by, when the sender knew it and it differs from `retriever`. */
  retrieverName?: string | undefined;
}

// Execution ids (`exec_…`) obey the same rules as names: no whitespace or invisible characters, at
// most 200 units. Three such strings, each at most doubled by JSON escaping, stay under 2000 chars; the
// name rides along only when it fits too (it is a nicety: the modal can look it up).
const NameSchema = z.string().refine(isAcceptableName);

const ExecutionRefSchema = z.strictObject({
  v: z.literal(EXECUTION_REF_VERSION),
  r: NameSchema,
  n: NameSchema,
  e: NameSchema,
  m: NameSchema.optional(),
});

/** Whether a ref can travel in a button: every part acceptable, so `decodeExecutionRef` will take it back. */
export function isEncodableExecutionRef(ref: ExecutionRef): boolean {
  return (
    isAcceptableName(ref.retriever) && isAcceptableName(ref.namespace) && isAcceptableName(ref.executionId)
  );
}

/** Compact JSON, e.g. `{"v":1,"r":"ret_abc","n":"prod","e":"exec_abc","m":"my-retriever"}`. */
export function encodeExecutionRef(ref: ExecutionRef): string {
  const base = { v: EXECUTION_REF_VERSION, r: ref.retriever, n: ref.namespace, e: ref.executionId };
  const name = ref.retrieverName;
  if (name === undefined || name === ref.retriever || !isAcceptableName(name)) return JSON.stringify(base);
  const withName = JSON.stringify({ ...base, m: name });
  return Buffer.byteLength(withName, "utf8") <= MAX_ENCODED_EXECUTION_REF_LENGTH
    ? withName
    : JSON.stringify(base);
}

/** The execution a value points at, or null when it is missing, stale or tampered with. */
export function decodeExecutionRef(value: unknown): ExecutionRef | null {
  if (typeof value !== "string" || value.length > MAX_ENCODED_EXECUTION_REF_LENGTH) return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return null;
  }
  const parsed = ExecutionRefSchema.safeParse(json);
  if (!parsed.success) return null;
  const { r, n, e, m } = parsed.data;
  return { retriever: r, namespace: n, executionId: e, ...(m === undefined ? {} : { retrieverName: m }) };
}
