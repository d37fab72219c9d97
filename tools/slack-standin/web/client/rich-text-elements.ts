/**
 * Rich-text elements (`rich_text_section` and what it holds: text with its style, emoji, dates, links,
 * user and channel mentions) as DOM, the way Slack draws them. Rich text is never parsed as mrkdwn: a
 * text element's `*stars*` stay stars. Used by table cells and `rich_text` blocks.
 */
import { formatSlackDate } from "./dates.js";
import { h } from "./dom.js";
import { emojiFor } from "./emoji.js";
import { type MrkdwnContext, safeHref } from "./mrkdwn.js";
import { externalLink } from "./rich-text.js";
import { isObject, type Json, str } from "./values.js";

function styled(node: Node, style: unknown): Node {
  if (!isObject(style)) return node;
  let out = node;
  if (style.code === true) out = h("code", "md-code", out);
  if (style.bold === true) out = h("b", {}, out);
  if (style.italic === true) out = h("i", {}, out);
  if (style.strike === true) out = h("s", {}, out);
  return out;
}

function element(item: Json, ctx: MrkdwnContext): Node {
  switch (item.type) {
    case "text":
      return styled(document.createTextNode(str(item.text) ?? ""), item.style);
    case "emoji": {
      const name = str(item.name) ?? "";
      const char = emojiFor(name);
      return h("span", { class: "emoji", attrs: { title: `:${name}:`, role: "img" } }, char ?? `:${name}:`);
    }
    case "date": {
      const fallback = str(item.fallback) ?? "";
      const seconds = typeof item.timestamp === "number" ? item.timestamp : Number.NaN;
      const text =
        formatSlackDate(seconds, str(item.format) ?? "{date_short_pretty} {time}", ctx) ?? fallback;
      const title = formatSlackDate(seconds, "{date_long} {time_secs}", ctx) ?? text;
      return h("time", { class: "md-date", attrs: { title } }, text);
    }
    case "link": {
      const href = safeHref(str(item.url) ?? "");
      const text = str(item.text) ?? str(item.url) ?? "";
      return styled(
        href === undefined ? document.createTextNode(text) : externalLink(href, text),
        item.style,
      );
    }
    case "user": {
      const id = str(item.user_id) ?? "";
      return h(
        "span",
        { class: "mention mention-user", attrs: { "data-id": id } },
        `@${ctx.users[id] ?? id}`,
      );
    }
    case "channel": {
      const id = str(item.channel_id) ?? "";
      return h(
        "span",
        { class: "mention mention-channel", attrs: { "data-id": id } },
        `#${ctx.channels[id] ?? id}`,
      );
    }
    default:
      return document.createTextNode("");
  }
}

/** The elements of a `rich_text` object (sections, quotes, preformatted, lists) as one block of DOM. */
export function renderRichText(value: Json, ctx: MrkdwnContext): HTMLElement {
  const root = h("div", "rich-text");
  for (const part of Array.isArray(value.elements) ? value.elements : []) {
    if (!isObject(part)) continue;
    const children = (Array.isArray(part.elements) ? part.elements : [])
      .filter(isObject)
      .map((item) => element(item, ctx));
    const tag =
      part.type === "rich_text_preformatted" ? "pre" : part.type === "rich_text_quote" ? "blockquote" : "div";
    root.appendChild(h(tag, "rich-text-part", children));
  }
  return root;
}
