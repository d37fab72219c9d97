/**
 * What the bot accepts as a retriever, namespace or execution name: the command's grammar, every button
 * and modal decoder, and the picker agree on it by calling these.
 */

/** Longest retriever or namespace the bot accepts, in UTF-16 units (what `String.length` counts). */
export const MAX_NAME_LENGTH = 200;

// Control, format (bidi overrides, zero-width), lone surrogate, private-use and line/paragraph
// separator characters: none belongs in a retriever or namespace name, and lone surrogates would
// also make JSON.stringify grow six-fold.
const UNSAFE_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;
const WHITESPACE = /\s/u;

/** True for characters no name may contain; the grammar uses it to explain what is wrong. */
export function hasUnsafeChars(text: string): boolean {
  return UNSAFE_CHARS.test(text);
}

/** Whether `name` is acceptable as a retriever or namespace: the grammar and the decoder agree on it. */
export function isAcceptableName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && !WHITESPACE.test(name) && !hasUnsafeChars(name);
}

/**
 * Whether Mixpeek could take `name` as a namespace: it travels in the `X-Namespace` header, so only
 * printable ASCII, and never `..`. Anything else is refused here with a clear word instead of a request
 * Mixpeek would answer with an error.
 */
export function isValidNamespaceName(name: string): boolean {
  return isAcceptableName(name) && /^[\x21-\x7e]+$/.test(name) && !name.includes("..");
}
