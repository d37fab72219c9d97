/**
 * Text helpers for Slack's mrkdwn. Anything that came from Mixpeek or from a person goes through
 * `escapeMrkdwn` before it lands in a message: unescaped, it could ping `<!channel>` or fake a link.
 */

import { formatDecimal } from "../../util/decimal.js";

const ELLIPSIS = "…";
const ENTITY = /&(?:amp|lt|gt);/g;
// Made on the first cut: Intl pages in ICU data, and most text never needs cutting.
let graphemeSegmenter: Intl.Segmenter | undefined;
const graphemes = () => {
  graphemeSegmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return graphemeSegmenter;
};

/** Escapes the three characters mrkdwn treats as markup: `&`, `<` and `>`. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Pieces that must stay whole: user-perceived characters, and escaped entities when asked for. */
function* units(text: string, entityAware: boolean): Generator<string> {
  if (!entityAware) {
    for (const { segment } of graphemes().segment(text)) yield segment;
    return;
  }
  let last = 0;
  for (const match of text.matchAll(ENTITY)) {
    for (const { segment } of graphemes().segment(text.slice(last, match.index))) yield segment;
    yield match[0];
    last = match.index + match[0].length;
  }
  for (const { segment } of graphemes().segment(text.slice(last))) yield segment;
}

function cut(text: string, max: number, entityAware: boolean): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return "";
  const budget = max - ELLIPSIS.length;
  let kept = "";
  for (const unit of units(text, entityAware)) {
    if (kept.length + unit.length > budget) break;
    kept += unit;
  }
  return kept.trimEnd() + ELLIPSIS;
}

/**
 * Shortens already-escaped mrkdwn to at most `max` UTF-16 units, ending with `…`. It never splits an
 * emoji, a surrogate pair or an entity such as `&amp;`, so the result stays valid and renders cleanly.
 */
export function truncate(escapedText: string, max: number): string {
  return cut(escapedText, max, true);
}

/** Shortens plain (unescaped) text, e.g. for `plain_text` objects, without splitting a character. */
export function truncatePlain(text: string, max: number): string {
  return cut(text, max, false);
}

/** Folds newlines and runs of spaces into one space, so text from outside cannot break a layout. */
export function oneLine(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/**
 * Outside text as inline code (`` `my-retriever` ``): one line, escaped, at most `max` characters
 * inside the backticks. A backtick in the text would end the code span early, so it becomes `ˋ`.
 */
export function inlineCode(text: string, max = 80): string {
  return `\`${truncate(escapeMrkdwn(oneLine(text).replace(/`/g, "ˋ")), max)}\``;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** `2024-05-01 13:45 UTC`: what a reader sees if their client cannot localise a date token. */
export function utcFallback(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`
  );
}

/**
 * A date every reader sees in their own time zone:
 * `<!date^1714571100^{date_short_pretty} {time}|2024-05-01 13:45 UTC>`.
 */
export function slackDate(date: Date, format = "{date_short_pretty} {time}", fallback?: string): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) return escapeMrkdwn(fallback ?? "an unknown time");
  // `^`, `|`, `<` and `>` delimit the token itself; they cannot appear inside its parts.
  const safeFormat = format.replace(/[\^|<>]/g, "");
  const safeFallback = escapeMrkdwn(fallback ?? utcFallback(date)).replace(/\|/g, "/");
  return `<!date^${Math.floor(time / 1000)}^${safeFormat}|${safeFallback}>`;
}

/** `850 ms`, `12.4 s`, `3 min 05 s`, `1 h 02 min`; `—` when there is nothing sensible to show. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${pad2(seconds % 60)} s`;
  const minutes = Math.round(ms / 60_000);
  return `${formatCount(Math.floor(minutes / 60))} h ${pad2(minutes % 60)} min`;
}

/** `1,234,567`. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? formatDecimal(n, { maxFractionDigits: 0 }) : "—";
}

/** `1 credit`, `0.0123 credits`, `1,234.5 credits`: small amounts keep three significant digits. */
export function formatCredits(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "—";
  const number = formatDecimal(n, n > 0 && n < 1 ? { maxSignificantDigits: 3 } : { maxFractionDigits: 2 });
  return `${number} ${n === 1 ? "credit" : "credits"}`;
}

/** A 0..1 rate as `87%`; `—` when unknown. Never rounds a non-zero rate to 0% or a partial one to 100%. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  const clamped = Math.min(1, Math.max(0, rate));
  if (clamped > 0 && clamped < 0.005) return "<1%";
  if (clamped < 1 && clamped > 0.995) return ">99%";
  return `${Math.round(clamped * 100)}%`;
}

/**
 * A mrkdwn link with an escaped label. Only http(s) URLs become links; anything else (or a URL past
 * Slack's 3000-char limit) leaves just the label, since a broken link is worse than none.
 */
export function link(url: string, label: string): string {
  const safeLabel = escapeMrkdwn(label);
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return safeLabel;
  const safeUrl = url.replace(/&/g, "&amp;").replace(/</g, "%3C").replace(/>/g, "%3E").replace(/\|/g, "%7C");
  if (safeUrl.length > 3000) return safeLabel;
  return safeLabel.length > 0 ? `<${safeUrl}|${safeLabel}>` : `<${safeUrl}>`;
}

export interface StatusBadge {
  /** A Slack emoji shortcode, e.g. `:x:`. */
  emoji: string;
  /** The status in words, escaped and short enough for any layout. */
  word: string;
}

const BADGES: ReadonlyMap<string, StatusBadge> = new Map([
  ["completed", { emoji: ":white_check_mark:", word: "completed" }],
  ["failed", { emoji: ":x:", word: "failed" }],
  ["running", { emoji: ":hourglass_flowing_sand:", word: "running" }],
  ["pending", { emoji: ":hourglass:", word: "pending" }],
  ["processing", { emoji: ":hourglass:", word: "processing" }],
]);

/** Longest unknown status word shown, after escaping. */
export const MAX_STATUS_WORD_LENGTH = 40;

/** Mixpeek's `status` is a free string: known values get their emoji, anything else is shown as sent. */
export function statusBadge(status: string): StatusBadge {
  const known = BADGES.get(status.trim().toLowerCase());
  if (known !== undefined) return { ...known };
  const word = truncate(escapeMrkdwn(oneLine(status)), MAX_STATUS_WORD_LENGTH);
  return { emoji: ":grey_question:", word: word.length > 0 ? word : "unknown" };
}
