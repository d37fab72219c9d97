/**
 * The viewer's open modal (views.open / update / push) drawn over the page. Only the top of the stack
 * shows; it is redrawn when the bot updates it (a new hash) or a submission comes back with errors.
 */
import type { StoredView } from "../../src/types.js";
import { post } from "./api.js";
import { renderBlocks } from "./blocks.js";
import { toast } from "./dialogs.js";
import { h } from "./dom.js";
import { plainText, type TextObject } from "./rich-text.js";
import type { Surface } from "./surface.js";
import { isObject } from "./values.js";

export interface ModalHooks {
  /** The surface for a view's blocks, with its input state kept across redraws. */
  surface(view: StoredView, errors: Record<string, string>): Surface;
}

const label = (value: unknown, fallback: string) =>
  isObject(value) ? plainText(value as TextObject) : fallback;

export class ModalLayer {
  private shown: { key: string; element: HTMLElement } | undefined;
  private errors: { viewId: string; byBlock: Record<string, string> } | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly hooks: ModalHooks,
  ) {
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.shown && !document.querySelector(".confirm-overlay")) {
        const id = this.shown.element.dataset.viewId;
        if (id) void this.close(id, true);
      }
    });
  }

  render(views: readonly StoredView[], viewerId: string): void {
    const top = views.filter((v) => v.type === "modal" && !v.closed && v.user === viewerId).at(-1);
    const errors = top && this.errors?.viewId === top.id ? this.errors.byBlock : {};
    const key = top ? `${top.id}:${top.hash}:${JSON.stringify(errors)}` : "";
    if (this.shown?.key === key) return;
    this.shown?.element.remove();
    this.shown = undefined;
    if (!top) return;
    const element = this.draw(top, errors);
    this.root.appendChild(element);
    this.shown = { key, element };
  }

  private draw(view: StoredView, errors: Record<string, string>): HTMLElement {
    const definition = view.definition;
    const surface = this.hooks.surface(view, errors);
    const submit = isObject(definition.submit)
      ? h(
          "button",
          { class: "btn btn-primary modal-submit", attrs: { type: "submit" } },
          label(definition.submit, "Submit"),
        )
      : null;
    const form = h(
      "form",
      {
        class: "modal",
        attrs: { role: "dialog", "aria-modal": "true", "aria-label": label(definition.title, "Modal") },
      },
      h(
        "div",
        "modal-head",
        h("h2", {}, label(definition.title, "")),
        h(
          "button",
          {
            class: "modal-x",
            attrs: { type: "button", "aria-label": "Close" },
            on: { click: () => void this.close(view.id, true) },
          },
          "✕",
        ),
      ),
      h("div", "modal-body", renderBlocks(view.blocks, surface)),
      h(
        "div",
        "modal-foot",
        h(
          "button",
          {
            class: "btn modal-cancel",
            attrs: { type: "button" },
            on: { click: () => void this.close(view.id, false) },
          },
          label(definition.close, "Cancel"),
        ),
        submit,
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit(view, surface, submit);
    });
    return h("div", { class: "overlay", attrs: { "data-view-id": view.id } }, form);
  }

  private async submit(view: StoredView, surface: Surface, button: HTMLButtonElement | null): Promise<void> {
    if (button) button.disabled = true;
    const outcome = await post("submit", { viewId: view.id, values: surface.state.toJSON() });
    if (button) button.disabled = false;
    const answer = isObject(outcome.response) ? outcome.response : {};
    if (answer.response_action === "errors" && isObject(answer.errors)) {
      const byBlock = Object.fromEntries(
        Object.entries(answer.errors).map(([id, text]) => [id, String(text)]),
      );
      this.errors = { viewId: view.id, byBlock };
      this.shown = undefined;
      this.root.replaceChildren();
      // Redrawn right away; the next state refresh finds the same key and leaves it.
      this.render([view], view.user);
      return;
    }
    this.errors = undefined;
    if (!outcome.ok)
      toast(`We had some trouble connecting. The app answered: ${outcome.error ?? "an error"}`);
  }

  private async close(viewId: string, all: boolean): Promise<void> {
    this.errors = undefined;
    const outcome = await post("close", { viewId, all });
    if (!outcome.ok) toast(`Could not close the modal: ${outcome.error ?? "error"}`);
  }
}
