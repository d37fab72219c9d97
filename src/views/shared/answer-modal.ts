/**
 * An answer shown in a small modal, for a person who asked from where no message can answer them (a
 * button in the App Home, a modal's submission): the same blocks a reply would carry, under a title.
 */
import type { types } from "@slack/bolt";
import { plainText, type SlackMessage, section } from "./blocks.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";

/** Blocks a modal takes as they are; anything else (a table) is left out of the answer. */
const MODAL_BLOCK_TYPES = new Set(["section", "context", "divider", "header", "actions", "image"]);

export function renderAnswerModal(message: SlackMessage): types.ModalView {
  const blocks = message.blocks.filter((block) => MODAL_BLOCK_TYPES.has(block.type));
  return {
    type: "modal",
    title: plainText("Executions"),
    close: plainText("Close"),
    blocks: blocks.length > 0 ? blocks : [section(truncate(escapeMrkdwn(message.text), 2900))],
  };
}
