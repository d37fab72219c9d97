/**
 * An executions list posted for the whole channel ("Share in channel"). It is the very message the
 * person was looking at, minus the controls that only make sense to them: paging, the status filter,
 * the layout toggle, Refresh and Share would change everyone's copy at once. Details (buttons, or the
 * compact list's select) stay, since they open a modal for whoever uses them. Working on the rendered list keeps one piece of code drawing the rows.
 */

import { context, type KnownBlock, mrkdwn, type SlackMessage } from "../shared/blocks.js";
import { userMention } from "../shared/mentions.js";
import { SLACK_LIMITS } from "../shared/slack-limits.js";
import { DETAILS_ACTION_ID, DETAILS_SELECT_ACTION_ID } from "./action-ids.js";

export interface SharedPageOptions {
  /** The Slack user id of whoever shared the list. */
  sharedBy: string;
}

/** A Details button or the compact list's Details select: they open a modal for whoever uses them. */
function isDetailsButton(element: unknown): boolean {
  if (typeof element !== "object" || element === null) return false;
  const { type, action_id: actionId } = element as { type?: unknown; action_id?: unknown };
  return (
    (type === "button" && actionId === DETAILS_ACTION_ID) ||
    (type === "static_select" && actionId === DETAILS_SELECT_ACTION_ID)
  );
}

/** The block without its channel-wide controls, or undefined when nothing of it is left. */
function withoutControls(block: KnownBlock): KnownBlock | undefined {
  if (block.type === "actions") {
    const elements = block.elements.filter(isDetailsButton);
    if (elements.length === 0) return undefined;
    return { ...block, elements };
  }
  if (block.type === "section" && block.accessory !== undefined && !isDetailsButton(block.accessory)) {
    const { accessory: _dropped, ...rest } = block;
    return rest;
  }
  if (block.type === "input") return undefined;
  return block;
}

export function renderSharedPage(list: SlackMessage, options: SharedPageOptions): SlackMessage {
  const blocks = list.blocks.map(withoutControls).filter((block) => block !== undefined);
  const sharedBy = `Shared by ${userMention(options.sharedBy)}`;
  // Right under the list's own context line (what is shown, when it was fetched), else at the top.
  const firstContext = blocks.findIndex((block) => block.type === "context");
  const at = firstContext === -1 ? Math.min(1, blocks.length) : firstContext + 1;
  const existing = blocks[firstContext];
  if (blocks.length < SLACK_LIMITS.messageBlocks) {
    blocks.splice(at, 0, context(sharedBy));
  } else if (existing?.type === "context" && existing.elements.length < SLACK_LIMITS.contextElements) {
    // A list already at the block limit gets the line as one more element of its context block.
    blocks[firstContext] = { ...existing, elements: [...existing.elements, mrkdwn(sharedBy)] };
  }
  return { text: list.text, blocks };
}
