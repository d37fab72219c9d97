/**
 * Block Kit's selects: static_select as a native select, external_select as a type-ahead that asks the
 * bot for options (block_suggestion) while the person types.
 */
import { h, withBusy } from "./dom.js";
import type { ElementPlace } from "./elements.js";
import { plainText } from "./rich-text.js";
import type { OptionObject, Suggestions, Surface } from "./surface.js";
import { isObject, type Json, str, textObject } from "./values.js";

export function options(list: unknown): OptionObject[] {
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

export function staticSelect(element: Json, place: ElementPlace, surface: Surface): HTMLElement {
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
    await withBusy(control, () =>
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
export function externalSelect(element: Json, place: ElementPlace, surface: Surface): HTMLElement {
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

/**
 * conversations_select and users_select as native selects over the channels and people the page knows;
 * the value goes into `state.values` as Slack sends it (`selected_conversation`, `selected_user`).
 */
export function directorySelect(
  element: Json,
  place: ElementPlace,
  surface: Surface,
  kind: "conversation" | "user",
): HTMLElement {
  const actionId = str(element.action_id) ?? "";
  const type = kind === "conversation" ? "conversations_select" : "users_select";
  const field = kind === "conversation" ? "selected_conversation" : "selected_user";
  const placeholder = plainText(textObject(element.placeholder)) || "Select an item";
  const entries = Object.entries(kind === "conversation" ? surface.md.channels : surface.md.users).filter(
    ([id]) => (kind === "conversation" ? /^[CG]/.test(id) : /^[UW]/.test(id)),
  );
  const control = h(
    "select",
    {
      class: "select",
      attrs: { "data-action-id": actionId, "data-block-id": place.blockId, "aria-label": placeholder },
    },
    h("option", { attrs: { value: "" } }, placeholder),
    ...entries.map(([id, name]) =>
      h("option", { attrs: { value: id } }, kind === "conversation" ? `#${name}` : `@${name}`),
    ),
  );
  const current = surface.state.get(place.blockId, actionId)?.[field];
  control.value = typeof current === "string" ? current : "";
  control.addEventListener("change", async () => {
    const value = control.value === "" ? null : control.value;
    surface.state.set(place.blockId, actionId, { type, [field]: value });
    if (!place.dispatch || value === null) return;
    await withBusy(control, () =>
      surface.act({ type, action_id: actionId, block_id: place.blockId, [field]: value }),
    );
  });
  return control;
}
