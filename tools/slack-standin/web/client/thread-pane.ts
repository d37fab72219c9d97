/** The thread pane on the right: a message and its replies, and a box to reply in the thread. */
import type { StoredMessage } from "../../src/types.js";
import type { Snapshot } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { type ListItem, MessageList } from "./message-list.js";
import { compareTs } from "./ts.js";

export interface ThreadHooks {
  render(message: StoredMessage): ListItem;
  reply(threadTs: string, text: string): Promise<void>;
}

export class ThreadPane {
  readonly element: HTMLElement;
  private readonly title = h("div", "pane-sub");
  private readonly list: MessageList;
  private readonly input = h("input", {
    class: "text-input thread-input",
    attrs: { type: "text", placeholder: "Reply…", "aria-label": "Reply in thread" },
  });
  private current: { channel: string; ts: string } | undefined;
  private snapshot: Snapshot | undefined;
  private viewerId = "";

  constructor(private readonly hooks: ThreadHooks) {
    const messages = h("div", {
      class: "messages thread-messages",
      attrs: { role: "log", "aria-label": "Thread" },
    });
    this.list = new MessageList(messages);
    this.input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !this.current || this.input.value.trim() === "") return;
      const text = this.input.value.trim();
      this.input.value = "";
      void this.hooks.reply(this.current.ts, text);
    });
    this.element = h(
      "aside",
      { class: "thread", attrs: { hidden: "", "aria-label": "Thread" } },
      h(
        "div",
        "pane-head",
        h("h2", {}, "Thread"),
        this.title,
        h(
          "button",
          {
            class: "modal-x",
            attrs: { type: "button", "aria-label": "Close thread" },
            on: { click: () => this.close() },
          },
          "✕",
        ),
      ),
      messages,
      h("div", "thread-composer", this.input),
    );
  }

  get channel(): string | undefined {
    return this.current?.channel;
  }

  open(channel: string, ts: string): void {
    this.current = { channel, ts };
    this.list.clear();
    this.element.hidden = false;
    if (this.snapshot) this.render(this.snapshot, this.viewerId);
    this.input.focus();
  }

  close(): void {
    this.current = undefined;
    this.element.hidden = true;
    this.list.clear();
  }

  render(snapshot: Snapshot, viewerId: string): void {
    this.snapshot = snapshot;
    this.viewerId = viewerId;
    const current = this.current;
    if (!current) return;
    const channel = snapshot.channels.find((c) => c.id === current.channel);
    replaceChildren(this.title, `#${channel?.name ?? current.channel}`);
    const inThread = (m: StoredMessage) => m.ts === current.ts || m.thread_ts === current.ts;
    const messages = [
      ...snapshot.messages.filter(inThread),
      ...snapshot.ephemerals.filter((m) => m.ephemeralTo === viewerId && m.thread_ts === current.ts),
    ].sort((a, b) => compareTs(a.ts, b.ts));
    this.list.update(messages.map((m) => this.hooks.render(m)));
  }
}
