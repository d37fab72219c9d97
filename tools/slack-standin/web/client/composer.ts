/**
 * The message box. Text starting with `/` is a slash command: while the command name is typed, the
 * matching commands show with their usage hint (as Slack does); Enter sends the command to the bot.
 * Anything else is posted as the viewer's own message. Arrow-up recalls earlier commands.
 */
import type { SlashCommandInfo } from "../../src/types.js";
import { h } from "./dom.js";

export interface ComposerHooks {
  command(command: string, text: string): Promise<void>;
  message(text: string): Promise<void>;
  /** A `/word` that is no installed command. */
  unknownCommand(command: string): void;
}

export class Composer {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly hints: HTMLElement;
  private readonly usage: HTMLElement;
  private readonly history: string[] = [];
  private historyAt = 0;
  private chosen = 0;

  constructor(
    private readonly commands: readonly SlashCommandInfo[],
    private readonly hooks: ComposerHooks,
  ) {
    this.input = h("textarea", {
      class: "composer-input",
      attrs: { rows: "1", "aria-label": "Message", autocomplete: "off", spellcheck: "false" },
    });
    this.hints = h("ul", { class: "composer-hints", attrs: { role: "listbox", hidden: "" } });
    this.usage = h("div", { class: "composer-usage", attrs: { hidden: "" } });
    const send = h(
      "button",
      { class: "composer-send", attrs: { type: "button", "aria-label": "Send" } },
      "➤",
    );
    send.addEventListener("click", () => void this.send());
    this.input.addEventListener("input", () => this.showHints());
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.input.addEventListener("blur", () => setTimeout(() => (this.hints.hidden = true), 150));
    this.element = h("div", "composer", this.hints, h("div", "composer-box", this.input, send), this.usage);
  }

  setPlaceholder(text: string): void {
    this.input.placeholder = text;
  }

  focus(): void {
    this.input.focus();
  }

  private matching(): SlashCommandInfo[] {
    const match = /^\/(\S*)$/.exec(this.input.value);
    if (!match) return [];
    return this.commands.filter((c) => c.command.slice(1).startsWith(match[1] ?? ""));
  }

  private showHints(): void {
    const found = this.matching();
    this.chosen = Math.min(this.chosen, Math.max(found.length - 1, 0));
    this.hints.replaceChildren(
      ...found.map((c, i) =>
        h(
          "li",
          {
            class: i === this.chosen ? "hint hint-active" : "hint",
            attrs: { role: "option" },
            on: {
              mousedown: (event) => {
                event.preventDefault();
                this.complete(c);
              },
            },
          },
          h("span", "hint-command", c.command),
          c.usageHint ? h("span", "hint-usage", c.usageHint) : null,
          c.description ? h("div", "hint-description", c.description) : null,
        ),
      ),
    );
    this.hints.hidden = found.length === 0;
    // Once the command is typed, its usage hint stays under the box, as in Slack.
    const typed = /^(\/\S+)\s/.exec(this.input.value)?.[1];
    const command = this.commands.find((c) => c.command === typed);
    this.usage.textContent = command ? `${command.command} ${command.usageHint ?? ""}` : "";
    this.usage.hidden = !command;
  }

  private complete(command: SlashCommandInfo): void {
    this.input.value = `${command.command} `;
    this.input.focus();
    this.showHints();
  }

  private onKey(event: KeyboardEvent): void {
    const found = this.hints.hidden ? [] : this.matching();
    if (found.length > 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      this.chosen = (this.chosen + (event.key === "ArrowDown" ? 1 : found.length - 1)) % found.length;
      this.showHints();
      return;
    }
    if (
      found.length > 0 &&
      (event.key === "Tab" || (event.key === "Enter" && !/\s/.test(this.input.value)))
    ) {
      const command = found[this.chosen];
      // Enter on a fully typed command sends it; on a partial one it completes the name first.
      if (command && (event.key === "Tab" || command.command !== this.input.value)) {
        event.preventDefault();
        this.complete(command);
        return;
      }
    }
    if (event.key === "Escape") this.hints.hidden = true;
    if (event.key === "ArrowUp" && (this.input.value === "" || this.historyAt < this.history.length)) {
      if (this.history.length === 0) return;
      event.preventDefault();
      this.historyAt = Math.max(0, this.historyAt - 1);
      this.input.value = this.history[this.historyAt] ?? "";
      return;
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void this.send();
    }
  }

  private async send(): Promise<void> {
    const text = this.input.value.trim();
    if (text === "") return;
    this.input.value = "";
    this.hints.hidden = true;
    this.usage.hidden = true;
    const slash = /^(\/\S+)\s*([\s\S]*)$/.exec(text);
    if (!slash) {
      await this.hooks.message(text);
      return;
    }
    this.history.push(text);
    this.historyAt = this.history.length;
    const [, name = "", rest = ""] = slash;
    if (!this.commands.some((c) => c.command === name)) {
      this.hooks.unknownCommand(name);
      return;
    }
    await this.hooks.command(name, rest);
  }
}
