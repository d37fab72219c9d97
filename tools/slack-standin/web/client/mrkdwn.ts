/**
 * Slack mrkdwn to a small tree of nodes, with no DOM: the page turns the tree into elements with
 * textContent only, and tests read the tree directly. The text is Slack's wire form: `&`, `<` and `>`
 * arrive as entities, and a real `<` always starts a link, mention or date token.
 */
import { type DateContext, formatSlackDate } from "./dates.js";
import { emojiFor } from "./emoji.js";

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "bold" | "italic" | "strike"; children: Inline[] }
  | { kind: "code"; text: string }
  | { kind: "link"; href: string; text: string }
  | { kind: "mention"; mention: "user" | "channel" | "group" | "special"; id: string; text: string }
  | { kind: "date"; text: string; title: string; href?: string }
  | { kind: "emoji"; name: string; char: string }
  | { kind: "break" };

export type MrkdwnBlock =
  | { kind: "paragraph"; children: Inline[] }
  | { kind: "quote"; children: Inline[] }
  | { kind: "pre"; text: string };

export interface MrkdwnContext extends DateContext {
  /** Display names by user ID, for `<@U…>`. */
  users: Readonly<Record<string, string>>;
  /** Channel names by ID, for `<#C…>`. */
  channels: Readonly<Record<string, string>>;
}

type MarkKind = "bold" | "italic" | "strike";
const MARKS: Readonly<Record<string, MarkKind>> = { "*": "bold", _: "italic", "~": "strike" };
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const SPECIAL_MENTIONS = new Set(["here", "channel", "everyone"]);
const FENCE = "```";

/** `&amp;`, `&lt;` and `&gt;` back to the characters they stand for; other text is left alone. */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : ">",
  );
}

/** Text as mrkdwn shows it literally: `&`, `<` and `>` become entities, as Slack wants. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The URL as an href when it is absolute and of a harmless kind; `javascript:` and friends get undefined. */
export function safeHref(raw: string): string | undefined {
  const decoded = decodeEntities(raw).trim();
  try {
    const url = new URL(decoded);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function parseMrkdwn(text: string, ctx: MrkdwnContext): MrkdwnBlock[] {
  const parts = text.split(FENCE);
  // An odd number of fences leaves the last one unmatched: it is plain text.
  if (parts.length % 2 === 0) {
    const last = parts.pop() ?? "";
    parts[parts.length - 1] += FENCE + last;
  }
  const blocks: MrkdwnBlock[] = [];
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      blocks.push({ kind: "pre", text: decodeEntities(part.replace(/^\n/, "").replace(/\n$/, "")) });
      return;
    }
    let outside = part;
    if (index > 0) outside = outside.replace(/^\n/, "");
    if (index < parts.length - 1) outside = outside.replace(/\n$/, "");
    if (outside !== "") blocks.push(...parseLines(outside.split("\n"), ctx));
  });
  return blocks;
}

const QUOTE_REST = /^(?:&gt;|>){3}/;
const QUOTE_LINE = /^(?:&gt;|>) ?/;

function parseLines(lines: string[], ctx: MrkdwnContext): MrkdwnBlock[] {
  const blocks: MrkdwnBlock[] = [];
  let current: { kind: "paragraph" | "quote"; lines: string[] } | undefined;
  const close = () => {
    if (!current) return;
    const children: Inline[] = [];
    current.lines.forEach((line, i) => {
      if (i > 0) children.push({ kind: "break" });
      children.push(...parseInline(line, ctx));
    });
    blocks.push({ kind: current.kind, children });
    current = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    // `>>>` quotes everything after it, as in Slack.
    if (QUOTE_REST.test(line)) {
      close();
      current = {
        kind: "quote",
        lines: [line.replace(QUOTE_REST, "").replace(/^ /, ""), ...lines.slice(i + 1)],
      };
      break;
    }
    const kind = QUOTE_LINE.test(line) ? "quote" : "paragraph";
    if (current?.kind !== kind) {
      close();
      current = { kind, lines: [] };
    }
    current?.lines.push(kind === "quote" ? line.replace(QUOTE_LINE, "") : line);
  }
  close();
  return blocks;
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);

/** Index of the `>` closing a `<…>` token that opens at `start`, or -1 when it is not one. */
function tokenEnd(src: string, start: number): number {
  for (let j = start + 1; j < src.length; j++) {
    const ch = src[j];
    if (ch === ">") return j > start + 1 ? j : -1;
    if (ch === "<" || ch === "\n") return -1;
  }
  return -1;
}

/** Index of the backtick closing inline code that opens at `start`, or -1. */
function codeEnd(src: string, start: number): number {
  const end = src.indexOf("`", start + 1);
  return end > start + 1 ? end : -1;
}

/**
 * Index of the marker closing `*`, `_` or `~` at `start`, or -1. As in Slack, a marker opens only at
 * the start of a word and closes only at its end (so `snake_case_name` stays plain), and links and
 * code inside are skipped over whole (so `*see `a*b`*` is bold around code).
 */
function markEnd(src: string, start: number): number {
  const mark = src[start];
  const next = src[start + 1];
  if (isWordChar(src[start - 1]) || next === undefined || isSpace(next) || next === mark) return -1;
  for (let j = start + 1; j < src.length; j++) {
    const ch = src[j];
    if (ch === "<") {
      const end = tokenEnd(src, j);
      if (end > 0) j = end;
      continue;
    }
    if (ch === "`") {
      const end = codeEnd(src, j);
      if (end > 0) j = end;
      continue;
    }
    if (ch === mark && j > start + 1 && !isSpace(src[j - 1]) && !isWordChar(src[j + 1])) return j;
  }
  return -1;
}

/** The node that starts at `i` and the index of its last character, or undefined for a plain character. */
function nodeAt(src: string, i: number, ctx: MrkdwnContext): { node: Inline; end: number } | undefined {
  const ch = src[i] ?? "";
  if (ch === "<") {
    const end = tokenEnd(src, i);
    return end > 0 ? { node: angleToken(src.slice(i + 1, end), ctx), end } : undefined;
  }
  if (ch === "`") {
    const end = codeEnd(src, i);
    return end > 0 ? { node: { kind: "code", text: decodeEntities(src.slice(i + 1, end)) }, end } : undefined;
  }
  const mark = MARKS[ch];
  if (mark !== undefined) {
    const end = markEnd(src, i);
    return end > 0
      ? { node: { kind: mark, children: parseInline(src.slice(i + 1, end), ctx) }, end }
      : undefined;
  }
  if (ch === ":") {
    const name = /^:([a-z0-9_+'-]+):/.exec(src.slice(i))?.[1];
    const char = name === undefined ? undefined : emojiFor(name);
    if (name !== undefined && char !== undefined)
      return { node: { kind: "emoji", name, char }, end: i + name.length + 1 };
  }
  return undefined;
}

export function parseInline(src: string, ctx: MrkdwnContext): Inline[] {
  const out: Inline[] = [];
  let text = "";
  for (let i = 0; i < src.length; i++) {
    const found = nodeAt(src, i, ctx);
    if (!found) {
      text += src[i];
      continue;
    }
    if (text !== "") out.push({ kind: "text", text: decodeEntities(text) });
    text = "";
    out.push(found.node);
    i = found.end;
  }
  if (text !== "") out.push({ kind: "text", text: decodeEntities(text) });
  return out;
}

/** `<…>`: a mention, a date, or a link (only when its URL is safe; otherwise its words as text). */
function angleToken(body: string, ctx: MrkdwnContext): Inline {
  const bar = body.indexOf("|");
  const target = bar < 0 ? body : body.slice(0, bar);
  const label = bar < 0 ? undefined : decodeEntities(body.slice(bar + 1));
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return { kind: "mention", mention: "user", id, text: `@${ctx.users[id] ?? label ?? id}` };
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return { kind: "mention", mention: "channel", id, text: `#${ctx.channels[id] ?? label ?? id}` };
  }
  if (target.startsWith("!subteam^")) {
    const id = target.slice("!subteam^".length);
    return { kind: "mention", mention: "group", id, text: label ?? `@${id}` };
  }
  if (target.startsWith("!date^")) return dateToken(target, label ?? "", ctx);
  if (target.startsWith("!")) {
    const name = target.slice(1);
    const text = SPECIAL_MENTIONS.has(name) ? `@${name}` : (label ?? `<${decodeEntities(target)}>`);
    return { kind: "mention", mention: "special", id: name, text };
  }
  const href = safeHref(target);
  if (href === undefined) return { kind: "text", text: label ?? decodeEntities(target) };
  const shown = label ?? decodeEntities(target).replace(/^mailto:/, "");
  return { kind: "link", href, text: shown };
}

/** `<!date^SECONDS^FORMAT^OPTIONAL_LINK|FALLBACK>`. */
function dateToken(target: string, fallback: string, ctx: MrkdwnContext): Inline {
  const [, seconds = "", format = "", link] = target.split("^");
  const unix = /^-?\d+$/.test(seconds) ? Number(seconds) : Number.NaN;
  const text = formatSlackDate(unix, decodeEntities(format), ctx);
  if (text === undefined) return { kind: "text", text: fallback };
  const title = formatSlackDate(unix, "{date_long} {time_secs}", ctx) ?? text;
  const href = link === undefined ? undefined : safeHref(link);
  return href === undefined ? { kind: "date", text, title } : { kind: "date", text, title, href };
}
