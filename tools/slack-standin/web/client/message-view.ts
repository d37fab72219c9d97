/** One message as Slack draws it: avatar, author, time, blocks (or text), replies link, View JSON. */
import type { StoredMessage } from "../../src/types.js";
import { renderBlocks, uploadedFileSrc, uploadedImage } from "./blocks.js";
import { toast } from "./dialogs.js";
import { h, prettyJson } from "./dom.js";
import { renderMrkdwn } from "./rich-text.js";
import type { Surface } from "./surface.js";

export interface MessageViewOptions {
  message: StoredMessage;
  author: { name: string; isApp: boolean };
  surface: Surface;
  timeZone: string;
  replies?: { count: number; onOpen: () => void } | undefined;
  jsonOpen: boolean;
  onToggleJson: () => void;
  /** Ephemeral messages can be dismissed, as in Slack. */
  onDismiss?: (() => void) | undefined;
}

export function messageTime(ts: string, timeZone: string): { short: string; full: string } {
  const date = new Date(Number(ts.split(".")[0]) * 1000);
  return {
    short: new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(date),
    full: new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "full", timeStyle: "medium" }).format(date),
  };
}

/** What Block Kit Builder takes: the blocks, or the text when a message has none. */
export function messagePayload(message: StoredMessage): Record<string, unknown> {
  return message.blocks ? { blocks: message.blocks } : { text: message.text };
}

function jsonPane(message: StoredMessage): HTMLElement {
  const text = prettyJson(messagePayload(message));
  const pre = h("pre", "json-code", text);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      toast("Copied. Paste it into Block Kit Builder.", "info");
    } catch {
      // Clipboard access refused: select the text so Ctrl-C works.
      const range = document.createRange();
      range.selectNodeContents(pre);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      toast("Select-all done: press Ctrl-C (or ⌘-C) to copy.", "info");
    }
  };
  return h(
    "div",
    "json-pane",
    h(
      "div",
      "json-bar",
      h("span", "json-title", "Block Kit JSON"),
      h(
        "button",
        { class: "btn btn-small json-copy", attrs: { type: "button" }, on: { click: () => void copy() } },
        "Copy",
      ),
    ),
    pre,
  );
}

/** Files shared with a message: images drawn, anything else named. */
function sharedFiles(files: NonNullable<StoredMessage["files"]>): HTMLElement {
  return h(
    "div",
    "msg-files",
    files.map((file) => {
      const src = uploadedFileSrc({ id: file.id });
      const picture = file.mimetype.startsWith("image/") && src !== undefined;
      return h(
        "figure",
        { class: "shared-file", attrs: { "data-file-id": file.id } },
        h("figcaption", "shared-file-title", `📎 ${file.title}`),
        picture ? uploadedImage(src, file.title) : h("span", "shared-file-name", file.name),
      );
    }),
  );
}

export function renderMessage(o: MessageViewOptions): HTMLElement {
  const { message } = o;
  const ephemeral = message.ephemeralTo !== undefined;
  const time = messageTime(message.ts, o.timeZone);
  const body =
    message.blocks && message.blocks.length > 0
      ? renderBlocks(message.blocks, o.surface)
      : renderMrkdwn(message.text, o.surface.md);
  const initial = (o.author.name.match(/[\p{L}\p{N}]/u)?.[0] ?? "?").toUpperCase();
  return h(
    "div",
    { class: ephemeral ? "msg msg-ephemeral" : "msg", attrs: { "data-ts": message.ts } },
    h(
      "div",
      { class: o.author.isApp ? "avatar avatar-app" : "avatar", attrs: { "aria-hidden": "true" } },
      initial,
    ),
    h(
      "div",
      "msg-main",
      ephemeral ? h("div", "ephemeral-note", "👁 Only visible to you") : null,
      h(
        "div",
        "msg-head",
        h("span", "msg-author", o.author.name),
        o.author.isApp ? h("span", "app-badge", "APP") : null,
        h("time", { class: "msg-time", attrs: { title: time.full } }, time.short),
        message.edited > 0 && !ephemeral ? h("span", "msg-edited", "(edited)") : null,
      ),
      h("div", "msg-body", body),
      message.files && message.files.length > 0 ? sharedFiles(message.files) : null,
      o.replies && o.replies.count > 0
        ? h(
            "button",
            { class: "msg-replies", attrs: { type: "button" }, on: { click: o.replies.onOpen } },
            `${o.replies.count} ${o.replies.count === 1 ? "reply" : "replies"}`,
          )
        : null,
      o.jsonOpen ? jsonPane(message) : null,
    ),
    h(
      "div",
      "msg-tools",
      h(
        "button",
        {
          class: "tool json-toggle",
          attrs: {
            type: "button",
            "aria-pressed": String(o.jsonOpen),
            title: "Show this message's Block Kit JSON",
          },
          on: { click: o.onToggleJson },
        },
        o.jsonOpen ? "Hide JSON" : "View JSON",
      ),
      o.onDismiss
        ? h("button", { class: "tool", attrs: { type: "button" }, on: { click: o.onDismiss } }, "Dismiss")
        : null,
    ),
  );
}
