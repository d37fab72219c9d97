/**
 * Splits slash-command text into words. Slack escapes what a person typed (`&` `<` `>` arrive as
 * `&amp;` `&lt;` `&gt;`), so a raw `<` can only come from Slack itself: a mention, channel, link or
 * broadcast token such as `<@U123|ana>` or `<!channel>`. Those stay intact and marked; every other
 * word is unescaped back to what the person typed.
 */
import { hasUnsafeChars } from "../executions/names.js";
import { truncatePlain } from "../views/shared/mrkdwn.js";

export interface Token {
  /** As Slack sent it. */
  raw: string;
  /** What the person typed (entities unescaped), or `raw` for a Slack token. */
  word: string;
  /** `word` in lower case, for matching keywords. */
  lower: string;
  /** Contains a Slack-made `<…>` token, so it cannot be a name. */
  slack: boolean;
}

// A word is a run of non-space characters, except that a Slack `<…>` token stays whole even when its
// label has spaces (`<@U123|Ana Lima>`). A stray bracket becomes a word of its own.
const WORD = /(?:<[^<>\n]*>|[^\s<>])+|[<>]+/gu;

export function unescapeSlackText(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : ">",
  );
}

export function toToken(raw: string): Token {
  const slack = /[<>]/.test(raw);
  const word = slack ? raw : unescapeSlackText(raw);
  return { raw, word, lower: word.toLowerCase(), slack };
}

export function tokenize(text: string): Token[] {
  return Array.from(text.matchAll(WORD), (match) => toToken(match[0]));
}

const QUOTED_WORD_LENGTH = 40;

/**
 * A word as it may appear in a problem sentence, in backticks: short, one line, no backtick or
 * invisible character to break the code span. The view escapes it; this only keeps it tidy.
 */
export function quote(word: string): string {
  const tidy = Array.from(word, (char) => (char === "`" ? "'" : hasUnsafeChars(char) ? "?" : char)).join("");
  return `\`${truncatePlain(tidy, QUOTED_WORD_LENGTH)}\``;
}
