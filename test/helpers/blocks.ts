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
