/** Reading Block Kit JSON the way a person reads the screen: find a button, a select, some text. */
import type { ActionInput } from "@executions-bot/slack-standin";

type Json = Record<string, unknown>;

function elementsOf(blocks: unknown[] | undefined): Array<{ block: Json; element: Json }> {
  const found: Array<{ block: Json; element: Json }> = [];
  for (const block of (blocks ?? []) as Json[]) {
    const elements = (block.elements as Json[] | undefined) ?? [];
    for (const element of elements) found.push({ block, element });
    if (block.accessory) found.push({ block, element: block.accessory as Json });
  }
  return found;
}

/** The click a person makes on the button with this action_id, or undefined when it is not shown. */
export function button(blocks: unknown[] | undefined, actionId: string): ActionInput | undefined {
  const hit = elementsOf(blocks).find(
    ({ element }) => element.type === "button" && element.action_id === actionId,
  );
  if (!hit) return undefined;
  return {
    type: "button",
    action_id: actionId,
    block_id: hit.block.block_id as string,
    value: hit.element.value as string,
  };
}

/** Picking an option (by value) in the static select with this action_id. */
export function selectOption(blocks: unknown[] | undefined, actionId: string, value: string): ActionInput {
  const hit = elementsOf(blocks).find(({ element }) => element.action_id === actionId);
  if (!hit) throw new Error(`no select ${actionId}`);
  const options =
    (hit.element.options as Array<{ text: { type: "plain_text"; text: string }; value: string }>) ?? [];
  const option = options.find((o) => o.value === value);
  if (!option) throw new Error(`select ${actionId} has no option ${value}`);
  return {
    type: "static_select",
    action_id: actionId,
    block_id: hit.block.block_id as string,
    selected_option: option,
  };
}

/** All the text a person would read in these blocks, joined. */
export function textOf(blocks: unknown[] | undefined): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      const obj = node as Json;
      if (typeof obj.text === "string") parts.push(obj.text);
      for (const [key, value] of Object.entries(obj))
        if (key !== "text" || typeof value !== "string") walk(value);
    }
  };
  walk(blocks);
  return parts.join("\n");
}

const DETAILS_BUTTON = "execution_details";
const DETAILS_SELECT = "execution_details_select";

/** The execution ids a list offers Details for, in row order: its Details select's options, or its buttons. */
export function detailsIds(blocks: unknown[] | undefined): string[] {
  const ids: string[] = [];
  for (const { element } of elementsOf(blocks)) {
    if (element.action_id === DETAILS_SELECT) {
      for (const option of element.options as Array<{ value: string }>) ids.push(option.value);
    } else if (element.action_id === DETAILS_BUTTON) {
      ids.push((JSON.parse(element.value as string) as { e: string }).e);
    }
  }
  return ids;
}

/** Opening Details of the n-th run of a list (its select in the compact layout, its button otherwise). */
export function detailsOf(blocks: unknown[] | undefined, n = 0): ActionInput | undefined {
  const select = elementsOf(blocks).find(({ element }) => element.action_id === DETAILS_SELECT);
  if (select) {
    const option = (
      select.element.options as Array<{ text: { type: "plain_text"; text: string }; value: string }>
    )[n];
    return option && selectOption(blocks, DETAILS_SELECT, option.value);
  }
  const buttons = elementsOf(blocks).filter(({ element }) => element.action_id === DETAILS_BUTTON);
  const hit = buttons[n];
  return hit && button([{ ...hit.block, elements: [hit.element], accessory: undefined }], DETAILS_BUTTON);
}
