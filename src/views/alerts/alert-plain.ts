/**
 * Any alert message as text alone, for when Slack refuses its blocks (`invalid_blocks`, `msg_too_long`).
 * Built from the blocks themselves, so the fallback can never drift from the rich message: every text the
 * reader would see, in order, without the buttons. The texts are already escaped mrkdwn, and Slack parses
 * a message's `text` the same way, so nothing has to be escaped again.
 */
import type { KnownBlock, SlackMessage } from "../shared/blocks.js";
import { truncate } from "../shared/mrkdwn.js";

/** Far below Slack's 40,000 so a refused message's fallback is never refused for its length. */
export const PLAIN_ALERT_LENGTH = 3500;

function textOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const text = (value as { text?: unknown }).text;
  return typeof text === "string" && text !== "" ? text : undefined;
}

function blockLines(block: KnownBlock): string[] {
  switch (block.type) {
    case "header":
    case "section": {
      const lines: string[] = [];
      const text = textOf(block.text);
      if (text !== undefined) lines.push(text);
      const fields = "fields" in block ? (block.fields ?? []) : [];
      // Fields read "*Title*\nvalue"; on one line they become "*Title*: value".
      const facts = fields.map(textOf).filter((f): f is string => f !== undefined);
      if (facts.length > 0) lines.push(facts.map((f) => f.replace("\n", ": ")).join("  ·  "));
      return lines;
    }
    case "context":
      return block.elements.map(textOf).filter((t): t is string => t !== undefined);
    default:
      return [];
  }
}

export function plainAlertText(message: SlackMessage, max = PLAIN_ALERT_LENGTH): string {
  const lines = message.blocks.flatMap(blockLines);
  const text = lines.length > 0 ? lines.join("\n") : message.text;
  return truncate(text, max);
}
