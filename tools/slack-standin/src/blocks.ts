import { isObject } from "./json.js";

/**
 * A light Block Kit check: enough of Slack's limits (see the Slack reference README) that a message the
 * real Slack would reject with `invalid_blocks` is rejected here too, with the same kind of JSON pointer.
 */

export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;

export type BlocksResult = { ok: true; blocks: unknown[] | undefined } | { ok: false; messages: string[] };

/** Decodes `blocks` (an array, or the JSON string the WebClient sends in a form) and checks it. */
export function parseBlocks(raw: unknown, maxBlocks: number, pointer = "/blocks"): BlocksResult {
  if (raw === undefined || raw === null || raw === "") return { ok: true, blocks: undefined };
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, messages: [problem("blocks must be a JSON array", pointer)] };
    }
  }
  if (!Array.isArray(value)) return { ok: false, messages: [problem("must be an array", pointer)] };
  if (value.length > maxBlocks) {
    return { ok: false, messages: [problem(`no more than ${maxBlocks} items allowed`, pointer)] };
  }
  const messages = value.flatMap((block, i) => checkBlock(block, `${pointer}/${i}`));
  return messages.length > 0 ? { ok: false, messages } : { ok: true, blocks: value };
}

function checkBlock(block: unknown, at: string): string[] {
  if (!isObject(block) || typeof block.type !== "string") {
    return [problem("missing required field: type", at)];
  }
  const found = [
    ...maxLength(block.block_id, 255, `${at}/block_id`),
    ...maxLength(textOf(block.text), block.type === "header" ? 150 : 3000, `${at}/text/text`),
  ];
  if (Array.isArray(block.fields)) {
    found.push(...maxItems(block.fields, 10, `${at}/fields`));
    block.fields.forEach((field, i) => {
      found.push(...maxLength(textOf(field), 2000, `${at}/fields/${i}/text`));
    });
  }
  if (Array.isArray(block.elements)) {
    const limit = block.type === "actions" ? 25 : block.type === "context" ? 10 : Number.POSITIVE_INFINITY;
    found.push(...maxItems(block.elements, limit, `${at}/elements`));
    block.elements.forEach((element, i) => {
      found.push(...checkElement(element, `${at}/elements/${i}`));
    });
  }
  if (isObject(block.accessory)) found.push(...checkElement(block.accessory, `${at}/accessory`));
  if (isObject(block.element)) found.push(...checkElement(block.element, `${at}/element`));
  return found;
}

function checkElement(element: unknown, at: string): string[] {
  if (!isObject(element)) return [problem("must be an object", at)];
  const found = [
    ...maxLength(element.action_id, 255, `${at}/action_id`),
    ...maxLength(element.value, 2000, `${at}/value`),
    ...maxLength(element.url, 3000, `${at}/url`),
  ];
  if (element.type === "button") found.push(...maxLength(textOf(element.text), 75, `${at}/text/text`));
  if (Array.isArray(element.options)) found.push(...maxItems(element.options, 100, `${at}/options`));
  return found;
}

function textOf(value: unknown): unknown {
  return isObject(value) ? value.text : undefined;
}

function maxLength(value: unknown, limit: number, at: string): string[] {
  return typeof value === "string" && value.length > limit
    ? [problem(`must be less than ${limit + 1} characters`, at)]
    : [];
}

function maxItems(items: unknown[], limit: number, at: string): string[] {
  return items.length > limit ? [problem(`no more than ${limit} items allowed`, at)] : [];
}

function problem(text: string, pointer: string): string {
  return `[ERROR] ${text} [json-pointer:${pointer}]`;
}
