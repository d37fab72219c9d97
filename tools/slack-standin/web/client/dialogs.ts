/** Block Kit confirmation dialogs and the small notes ("toasts") the page shows when something failed. */
import type { Outcome } from "./api.js";
import { h } from "./dom.js";
import type { MrkdwnContext } from "./mrkdwn.js";
import { plainText, renderText } from "./rich-text.js";
import { isObject } from "./values.js";

/** Resolves true when the person confirms, false when they deny or press Escape. */
export function confirmDialog(dialog: Record<string, unknown>, md: MrkdwnContext): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (answer: boolean) => {
      overlay.remove();
      document.removeEventListener("keydown", onKey);
      resolve(answer);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") done(false);
    };
    const label = (value: unknown, fallback: string) => (isObject(value) ? plainText(value) : fallback);
    const style = dialog.style === "danger" ? "btn btn-danger" : "btn btn-primary";
    const overlay = h(
      "div",
      "overlay confirm-overlay",
      h(
        "div",
        { class: "modal confirm", attrs: { role: "alertdialog", "aria-modal": "true" } },
        h("div", "modal-head", h("h2", {}, label(dialog.title, "Are you sure?"))),
        h("div", "modal-body", isObject(dialog.text) ? renderText(dialog.text, md) : null),
        h(
          "div",
          "modal-foot",
          h(
            "button",
            { class: "btn", attrs: { type: "button" }, on: { click: () => done(false) } },
            label(dialog.deny, "Cancel"),
          ),
          h(
            "button",
            { class: style, attrs: { type: "button" }, on: { click: () => done(true) } },
            label(dialog.confirm, "Yes"),
          ),
        ),
      ),
    );
    document.addEventListener("keydown", onKey);
    document.body.appendChild(overlay);
  });
}

/** A short note at the bottom of the page that goes away by itself. */
export function toast(text: string, kind: "error" | "info" = "error"): void {
  let area = document.querySelector<HTMLElement>(".toasts");
  if (!area) {
    area = h("div", { class: "toasts", attrs: { role: "status", "aria-live": "polite" } });
    document.body.appendChild(area);
  }
  const note = h("div", `toast toast-${kind}`, text);
  area.appendChild(note);
  setTimeout(() => note.remove(), 6000);
}

/** Tells the person when the bot did not take what they did (Slack shows a warning in the same place). */
export function reportOutcome(outcome: Outcome): void {
  if (!outcome.ok)
    toast(`The app did not respond as expected: ${outcome.error ?? `status ${outcome.status}`}`);
}
