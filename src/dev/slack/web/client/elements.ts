/**
 * Block Kit's interactive elements: buttons, selects (static and external), overflow menus and text
 * inputs. An element in an actions block or a section's accessory sends block_actions when used; one in
 * an input block only records its value for the view submission, as in Slack.
 */
import { h, prettyJson } from "./dom.js";
import { safeHref } from "./mrkdwn.js";
import { externalLink, plainText, type TextObject } from "./rich-text.js";
import type { OptionObject, Suggestions, Surface } from "./surface.js";

type Json = Record<string, unknown>;

export interface ElementPlace {
  blockId: string;
  /** Whether using the element sends block_actions right away. */
  dispatch: boolean;
}

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const textObject = (value: unknown): TextObject | undefined => (isObject(value) ? value : undefined);

function options(list: unknown): OptionObject[] {
  return Array.isArray(list)
    ? list.filter((o): o is OptionObject => isObject(o) && typeof o.value === "string" && isObject(o.text))
    : [];
}

function optionGroups(element: Json): Array<{ label: string | undefined; options: OptionObject[] }> {
  if (Array.isArray(element.option_groups)) {
    return element.option_groups
      .filter(isObject)
      .map((group) => ({ label: plainText(textObject(group.label)), options: options(group.options) }));
  }
  return [{ label: undefined, options: options(element.options) }];
}

/** An element the page cannot draw, shown as its JSON so nothing the bot sent goes missing. */
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

async function run(control: HTMLButtonElement | HTMLSelectElement, work: () => Promise<void>): Promise<void> {
  control.disabled = true;
  control.classList.add("busy");
  try {
    await work();
  } finally {
    control.disabled = false;
    control.classList.remove("busy");
  }
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
    await run(control, () =>
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

function selected(
  surface: Surface,
  place: ElementPlace,
  actionId: string,
  element: Json,
): OptionObject | undefined {
  const current = surface.state.get(place.blockId, actionId)?.selected_option;
  if (isObject(current)) return current as unknown as OptionObject;
  return isObject(element.initial_option) ? (element.initial_option as unknown as OptionObject) : undefined;
}

function staticSelect(element: Json, place: ElementPlace, surface: Surface): HTMLElement {
  const actionId = str(element.action_id) ?? "";
  const placeholder = plainText(textObject(element.placeholder)) || "Select an item";
  const byValue = new Map<string, OptionObject>();
  const control = h(
    "select",
    {
      class: "select",
      attrs: { "data-action-id": actionId, "data-block-id": place.blockId, "aria-label": placeholder },
    },
    h("option", { attrs: { value: "", disabled: "" } }, placeholder),
  );
  for (const group of optionGroups(element)) {
    const parent =
      group.label === undefined
        ? control
        : control.appendChild(h("optgroup", { attrs: { label: group.label } }));
    for (const option of group.options) {
      byValue.set(option.value, option);
      parent.appendChild(h("option", { attrs: { value: option.value } }, plainText(option.text)));
    }
  }
  const initial = selected(surface, place, actionId, element);
  control.value = initial && byValue.has(initial.value) ? initial.value : "";
  if (initial)
    surface.state.set(place.blockId, actionId, { type: "static_select", selected_option: initial });
  control.addEventListener("change", async () => {
    const option = byValue.get(control.value);
    if (!option) return;
    surface.state.set(place.blockId, actionId, { type: "static_select", selected_option: option });
    if (isObject(element.confirm) && !(await surface.confirm(element.confirm))) return;
    if (!place.dispatch) return;
    await run(control, () =>
      surface.act({
        type: "static_select",
        action_id: actionId,
        block_id: place.blockId,
        selected_option: option,
        ...(isObject(element.placeholder) ? { placeholder: element.placeholder } : {}),
      }),
    );
  });
  return control;
}

/** A type-ahead that asks the bot for options (block_suggestion) as the person types. */
function externalSelect(element: Json, place: ElementPlace, surface: Surface): HTMLElement {
  const actionId = str(element.action_id) ?? "";
  const minLength = typeof element.min_query_length === "number" ? element.min_query_length : 3;
  const placeholder = plainText(textObject(element.placeholder)) || "Type to search";
  let chosen = selected(surface, place, actionId, element);
  if (chosen)
    surface.state.set(place.blockId, actionId, { type: "external_select", selected_option: chosen });
  const input = h("input", {
    class: "select ext-input",
    attrs: {
      type: "text",
      placeholder,
      autocomplete: "off",
      role: "combobox",
      "aria-label": placeholder,
      "data-action-id": actionId,
      "data-block-id": place.blockId,
    },
  });
  input.value = chosen ? plainText(chosen.text) : "";
  const menu = h("ul", { class: "menu", attrs: { role: "listbox", hidden: "" } });
  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const pick = async (option: OptionObject) => {
    // A search still waiting or in flight would reopen the menu over the choice.
    clearTimeout(timer);
    asked++;
    chosen = option;
    input.value = plainText(option.text);
    menu.hidden = true;
    surface.state.set(place.blockId, actionId, { type: "external_select", selected_option: option });
    if (place.dispatch) {
      await surface.act({
        type: "external_select",
        action_id: actionId,
        block_id: place.blockId,
        selected_option: option,
      });
    }
  };
  const show = (answer: Suggestions) => {
    const groups = Array.isArray(answer.option_groups)
      ? answer.option_groups.map((g) => ({ label: plainText(g.label), options: options(g.options) }))
      : [{ label: undefined, options: options(answer.options) }];
    menu.replaceChildren();
    for (const group of groups) {
      if (group.label !== undefined) menu.appendChild(h("li", "menu-group", group.label));
      for (const option of group.options) {
        menu.appendChild(
          h(
            "li",
            {
              class: "menu-item",
              attrs: { role: "option", "data-value": option.value },
              // mousedown, not click: the input's blur would close the menu first.
              on: {
                mousedown: (event) => {
                  event.preventDefault();
                  void pick(option);
                },
              },
            },
            plainText(option.text),
            option.description && h("span", "menu-hint", plainText(option.description)),
          ),
        );
      }
    }
    if (!menu.firstChild) menu.appendChild(h("li", "menu-empty", "No results"));
    menu.hidden = false;
  };
  const ask = async (value: string) => {
    const mine = ++asked;
    menu.replaceChildren(h("li", "menu-empty", "Loading…"));
    menu.hidden = false;
    const answer = await surface.suggest(actionId, place.blockId, value).catch(() => ({ options: [] }));
    if (mine === asked && document.activeElement === input) show(answer);
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (input.value.length < minLength) {
      menu.hidden = true;
      return;
    }
    timer = setTimeout(() => void ask(input.value), 200);
  });
  input.addEventListener("focus", () => {
    if (minLength === 0) void ask(input.value === (chosen && plainText(chosen.text)) ? "" : input.value);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") menu.hidden = true;
    if (event.key === "Enter") {
      event.preventDefault();
      const first = menu.querySelector<HTMLElement>(".menu-item");
      first?.dispatchEvent(new MouseEvent("mousedown", { cancelable: true }));
    }
  });
  input.addEventListener("blur", () => {
    menu.hidden = true;
    input.value = chosen ? plainText(chosen.text) : "";
  });
  return h("div", "ext-select", input, menu);
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
