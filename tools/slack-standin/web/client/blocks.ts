/**
 * Block Kit layout blocks as DOM, looking like Slack draws them. A block the page does not know is shown
 * as its JSON instead of being dropped, so a new kind of block from the bot is visible at once.
 */
import { h, prettyJson } from "./dom.js";
import { imageLink, renderElement, unknownElement } from "./elements.js";
import { safeHref } from "./mrkdwn.js";
import { externalLink, plainText, renderText } from "./rich-text.js";
import { renderRichText } from "./rich-text-elements.js";
import type { Surface } from "./surface.js";
import { renderTable } from "./table.js";
import { isObject, type Json, textObject } from "./values.js";

export function renderBlocks(blocks: readonly unknown[], surface: Surface): HTMLElement {
  const root = h("div", "blocks");
  blocks.forEach((block, index) => {
    try {
      root.appendChild(renderBlock(block, index, surface));
    } catch {
      // A block shaped in a way the renderer did not expect is still shown, as data.
      root.appendChild(unknownBlock(block));
    }
  });
  return root;
}

function unknownBlock(block: unknown): HTMLElement {
  const type = isObject(block) ? String(block.type) : typeof block;
  return h(
    "div",
    { class: "blk blk-unknown", attrs: { "data-block-type": type } },
    h("div", "unknown-title", `Unsupported block: ${type}`),
    h("pre", {}, prettyJson(block)),
  );
}

function renderBlock(block: unknown, index: number, surface: Surface): HTMLElement {
  if (!isObject(block)) return unknownBlock(block);
  // Slack gives a block without block_id a generated one; this one is stable across redraws.
  const blockId = typeof block.block_id === "string" ? block.block_id : `block-${index}`;
  const wrap = (kind: string, ...children: Array<Node | string | null | undefined | false>) =>
    h(
      "div",
      { class: `blk blk-${kind}`, attrs: { "data-block-type": kind, "data-block-id": blockId } },
      ...children,
    );
  switch (block.type) {
    case "header":
      return wrap("header", plainText(textObject(block.text)));
    case "divider":
      return wrap("divider", h("hr"));
    case "section":
      return wrap("section", ...section(block, blockId, surface));
    case "context":
      return wrap("context", ...contextElements(block, surface));
    case "actions":
      return wrap(
        "actions",
        ...(Array.isArray(block.elements) ? block.elements : []).map((element) =>
          renderElement(element, { blockId, dispatch: true }, surface),
        ),
      );
    case "image":
      return wrap("image", ...image(block));
    case "input":
      return wrap("input", ...input(block, blockId, surface));
    case "table":
      return wrap("table", renderTable(block, surface));
    case "rich_text":
      return wrap("rich_text", renderRichText(block, surface.md));
    default:
      return unknownBlock(block);
  }
}

function section(block: Json, blockId: string, surface: Surface): HTMLElement[] {
  const body = h("div", "section-body");
  if (isObject(block.text)) body.appendChild(renderText(block.text, surface.md));
  if (Array.isArray(block.fields) && block.fields.length > 0) {
    body.appendChild(
      h(
        "div",
        "section-fields",
        block.fields.map((field) => h("div", "section-field", renderText(textObject(field), surface.md))),
      ),
    );
  }
  const parts = [body];
  if (isObject(block.accessory)) {
    parts.push(
      h("div", "section-accessory", renderElement(block.accessory, { blockId, dispatch: true }, surface)),
    );
  }
  return parts;
}

function contextElements(block: Json, surface: Surface): HTMLElement[] {
  const elements = Array.isArray(block.elements) ? block.elements : [];
  return elements.map((element) => {
    if (!isObject(element)) return unknownElement(element);
    if (element.type === "image") return h("span", "context-item", imageLink(element));
    if (element.type === "mrkdwn" || element.type === "plain_text") {
      return h("span", "context-item", renderText(element, surface.md));
    }
    return unknownElement(element);
  });
}

function image(block: Json): Array<HTMLElement | null> {
  const alt = typeof block.alt_text === "string" ? block.alt_text : "image";
  const title = isObject(block.title) ? h("div", "image-title", plainText(block.title)) : null;
  // An uploaded file is served by the stand-in itself, so the page can show it as Slack does.
  const uploaded = isObject(block.slack_file) ? uploadedFileSrc(block.slack_file) : undefined;
  if (uploaded !== undefined) return [title, uploadedImage(uploaded, alt)];
  const href = safeHref(typeof block.image_url === "string" ? block.image_url : "");
  const label = `🖼 ${alt}`;
  return [title, href === undefined ? h("span", "image-link", label) : externalLink(href, label)];
}

/** The page-relative address of a file the bot uploaded: `{id}`, or a `{url}` on the stand-in's /files/. */
export function uploadedFileSrc(file: Json): string | undefined {
  if (typeof file.id === "string" && /^F[A-Z0-9]+$/.test(file.id)) return `/files/${file.id}`;
  if (typeof file.url !== "string") return undefined;
  const match = /\/files\/(F[A-Z0-9]+)$/.exec(file.url);
  return match ? `/files/${match[1]}` : undefined;
}

export function uploadedImage(src: string, alt: string): HTMLElement {
  return h("img", { class: "uploaded-image", attrs: { src, alt, loading: "lazy" } });
}

function input(block: Json, blockId: string, surface: Surface): Array<HTMLElement | null> {
  const error = surface.errors[blockId];
  return [
    h(
      "label",
      "input-label",
      plainText(textObject(block.label)),
      block.optional === true ? h("span", "input-optional", " (optional)") : null,
    ),
    renderElement(block.element, { blockId, dispatch: block.dispatch_action === true }, surface),
    isObject(block.hint) ? h("div", "input-hint", plainText(block.hint)) : null,
    error === undefined ? null : h("div", { class: "input-error", attrs: { role: "alert" } }, error),
  ];
}
