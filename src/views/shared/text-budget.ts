/**
 * How much text blocks hold, counted the way Slack's undocumented ~12,000-char ceiling (and
 * limits.ts) counts it: every text object's characters. Views that show outside data of unbounded
 * size measure what they built so far and give the rest to their longest part.
 */
import type { KnownBlock } from "./blocks.js";

interface TextLike {
  text?: unknown;
}

function length(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  const text = (value as TextLike).text;
  return typeof text === "string" ? text.length : 0;
}

export function blocksTextLength(blocks: readonly KnownBlock[]): number {
  let total = 0;
  for (const block of blocks) {
    switch (block.type) {
      case "header":
        total += length(block.text);
        break;
      case "section":
        total += length(block.text);
        for (const field of block.fields ?? []) total += length(field);
        break;
      case "context":
        for (const element of block.elements) total += length(element);
        break;
      default:
        break;
    }
  }
  return total;
}
