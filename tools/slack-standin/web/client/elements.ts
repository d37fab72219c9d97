/**
 * Block Kit's interactive elements: buttons, selects (static, external, conversations, users), overflow menus and text
 * inputs. An element in an actions block or a section's accessory sends block_actions when used; one in
 * an input block only records its value for the view submission, as in Slack.
 */
import { h, prettyJson, withBusy } from "./dom.js";
import { safeHref } from "./mrkdwn.js";
import { externalLink, plainText } from "./rich-text.js";
import { directorySelect, externalSelect, options, staticSelect } from "./selects.js";
import type { Surface } from "./surface.js";
import { isObject, type Json, str, textObject } from "./values.js";

export interface ElementPlace {
  blockId: string;
  /** Whether using the element sends block_actions right away. */
  dispatch: boolean;
}

export function unknownElement(element: unknown): HTMLElement {
  const type = isObject(element) ? String(element.type) : typeof element;
  return h(
    "details",
    "unknown unknown-element",
    h("summary", {}, `Unsupported element: ${type}`),
    h("pre", {}, prettyJson(element)),
  );
}

export function renderElement(element: unknown, place: ElementPlace, surface: Surface): HTMLElement {
  if (!isObject(element)) return unknownElement(element);
  switch (element.type) {
    case "button":
      return button(element, place, surface);
    case "static_select":
      return staticSelect(element, place, surface);
    case "external_select":
      return externalSelect(element, place, surface);
    case "conversations_select":
      return directorySelect(element, place, surface, "conversation");
    case "users_select":
      return directorySelect(element, place, surface, "user");
    case "overflow":
      return overflow(element, place, surface);
    case "plain_text_input":
      return textInput(element, place, surface);
    case "image":
      return imageLink(element);
    default:
      return unknownElement(element);
  }
}

/** Images are links: the demo works offline and never loads anything from another host. */
export function imageLink(element: Json): HTMLElement {
  const alt = str(element.alt_text) ?? "image";
  const href = safeHref(str(element.image_url) ?? "");
  const label = `🖼 ${alt}`;
  return href === undefined ? h("span", "image-link", label) : externalLink(href, label);
}

function button(element: Json, place: ElementPlace, surface: Surface): HTMLElement {
  const style = element.style === "primary" || element.style === "danger" ? element.style : undefined;
  const actionId = str(element.action_id) ?? "";
  const control = h(
    "button",
    {
      class: style ? `btn btn-${style}` : "btn",
      attrs: { type: "button", "data-action-id": actionId, "data-block-id": place.blockId },
    },
    plainText(textObject(element.text)),
  );
  control.addEventListener("click", async () => {
    if (isObject(element.confirm) && !(await surface.confirm(element.confirm))) return;
    const href = safeHref(str(element.url) ?? "");
    if (href !== undefined) window.open(href, "_blank", "noopener,noreferrer");
    await withBusy(control, () =>
      surface.act({
        type: "button",
        action_id: actionId,
        block_id: place.blockId,
        text: element.text,
        ...(element.value === undefined ? {} : { value: element.value }),
        ...(style ? { style } : {}),
      }),
    );
  });
  return control;
}

function overflow(element: Json, place: ElementPlace, surface: Surface): HTMLElement {
  const actionId = str(element.action_id) ?? "";
  const menu = h("ul", { class: "menu overflow-menu", attrs: { role: "menu", hidden: "" } });
  const close = (event: MouseEvent) => {
    if (!wrapper.contains(event.target as Node)) menu.hidden = true;
  };
  const toggle = h(
    "button",
    {
      class: "btn btn-overflow",
      attrs: {
        type: "button",
        "aria-label": "More actions",
        "data-action-id": actionId,
        "data-block-id": place.blockId,
      },
      on: {
        click: () => {
          menu.hidden = !menu.hidden;
          if (!menu.hidden) document.addEventListener("click", close, { once: true, capture: true });
        },
      },
    },
    "⋯",
  );
  for (const option of options(element.options)) {
    const choose = async () => {
      menu.hidden = true;
      if (isObject(element.confirm) && !(await surface.confirm(element.confirm))) return;
      const href = safeHref(option.url ?? "");
      if (href !== undefined) window.open(href, "_blank", "noopener,noreferrer");
      await surface.act({
        type: "overflow",
        action_id: actionId,
        block_id: place.blockId,
        selected_option: option,
      });
    };
    menu.appendChild(
      h(
        "li",
        { class: "menu-item", attrs: { role: "menuitem" }, on: { click: () => void choose() } },
        plainText(option.text),
      ),
    );
  }
  const wrapper = h("span", "overflow", toggle, menu);
  return wrapper;
}

function textInput(element: Json, place: ElementPlace, surface: Surface): HTMLElement {
  const actionId = str(element.action_id) ?? "";
  const current = surface.state.get(place.blockId, actionId)?.value;
  const value = typeof current === "string" ? current : (str(element.initial_value) ?? "");
  const attrs = {
    class: "text-input",
    attrs: {
      placeholder: plainText(textObject(element.placeholder)) || undefined,
      maxlength: typeof element.max_length === "number" ? String(element.max_length) : undefined,
      "data-action-id": actionId,
      "data-block-id": place.blockId,
    },
  };
  const control =
    element.multiline === true
      ? h("textarea", { ...attrs, attrs: { ...attrs.attrs, rows: "4" } })
      : h("input", { ...attrs, attrs: { ...attrs.attrs, type: "text" } });
  control.value = value;
  const record = () =>
    surface.state.set(place.blockId, actionId, { type: "plain_text_input", value: control.value });
  record();
  control.addEventListener("input", record);
  if (place.dispatch && element.multiline !== true) {
    control.addEventListener("keydown", (event) => {
      if ((event as KeyboardEvent).key !== "Enter") return;
      void surface.act({
        type: "plain_text_input",
        action_id: actionId,
        block_id: place.blockId,
        value: control.value,
      });
    });
  }
  return control;
}
