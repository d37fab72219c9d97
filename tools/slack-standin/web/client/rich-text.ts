/** Slack text objects as DOM: mrkdwn through the parser's node tree, plain_text with emoji only. */
import { h } from "./dom.js";
import { replaceEmoji } from "./emoji.js";
import { type Inline, type MrkdwnContext, parseMrkdwn } from "./mrkdwn.js";

function inlineNode(node: Inline): Node {
  switch (node.kind) {
    case "text":
      return document.createTextNode(node.text);
    case "bold":
      return h("b", {}, node.children.map(inlineNode));
    case "italic":
      return h("i", {}, node.children.map(inlineNode));
    case "strike":
      return h("s", {}, node.children.map(inlineNode));
    case "code":
      return h("code", "md-code", node.text);
    case "link":
      return externalLink(node.href, node.text);
    case "mention":
      return h(
        "span",
        { class: `mention mention-${node.mention}`, attrs: { "data-id": node.id } },
        node.text,
      );
    case "date": {
      const time = h("time", { class: "md-date", attrs: { title: node.title } }, node.text);
      return node.href === undefined ? time : externalLink(node.href, time);
    }
    case "emoji":
      return h("span", { class: "emoji", attrs: { title: `:${node.name}:`, role: "img" } }, node.char);
    case "break":
      return h("br");
  }
}

/** A link that opens outside the page; `href` has already been checked to be http(s) or mailto. */
export function externalLink(href: string, content: Node | string): HTMLAnchorElement {
  return h("a", { class: "md-link", attrs: { href, target: "_blank", rel: "noopener noreferrer" } }, content);
}

export function renderMrkdwn(text: string, ctx: MrkdwnContext): HTMLElement {
  const root = h("div", "md");
  for (const block of parseMrkdwn(text, ctx)) {
    if (block.kind === "pre") root.appendChild(h("pre", "md-pre", block.text));
    else if (block.kind === "quote")
      root.appendChild(h("blockquote", "md-quote", block.children.map(inlineNode)));
    else root.appendChild(h("div", "md-line", block.children.map(inlineNode)));
  }
  return root;
}

export interface TextObject {
  type?: unknown;
  text?: unknown;
  emoji?: unknown;
}

/** Plain text shows `:emoji:` as pictures unless the object says `emoji: false`. */
export function plainText(object: TextObject | undefined): string {
  const text = typeof object?.text === "string" ? object.text : "";
  return object?.emoji === false ? text : replaceEmoji(text);
}

/** A text object of either kind. */
export function renderText(object: TextObject | undefined, ctx: MrkdwnContext): HTMLElement {
  if (object?.type === "mrkdwn") return renderMrkdwn(typeof object.text === "string" ? object.text : "", ctx);
  return h("span", "plain", plainText(object));
}
