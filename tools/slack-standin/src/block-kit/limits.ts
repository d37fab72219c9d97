/**
 * Finds every Block Kit limit a message or view breaks, as Slack checks them before it answers
 * `invalid_blocks` (or `msg_too_long`, `msg_blocks_too_long`). The stand-in refuses what this finds, and
 * view tests may call it directly. Each violation names a JSON pointer into the payload and a problem.
 */
import {
  checkElement,
  checkString,
  checkText,
  type Findings,
  isObject,
  type Json,
  report,
  type Violation,
} from "./limit-checks.js";
import { SLACK_LIMITS as L } from "./slack-limits.js";
import { checkTable } from "./table-checks.js";

export type { MessageError, Violation } from "./limit-checks.js";

export type Surface = "message" | "modal" | "home";

export interface MessagePayload {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

const CHECKED_BLOCKS = new Set([
  "section",
  "header",
  "context",
  "actions",
  "divider",
  "image",
  "input",
  "markdown",
  "table",
]);
// Block types Slack knows that this checker passes through with only their block_id checked.
const OTHER_KNOWN_BLOCKS = new Set([
  "rich_text",
  "file",
  "video",
  "context_actions",
  "alert",
  "card",
  "carousel",
  "container",
  "data_table",
  "plan",
  "task_card",
]);

/** Every violation as `pointer: problem`, the form view tests compare against. */
export function findBlockKitViolations(payload: MessagePayload | object, kind: Surface): string[] {
  return checkBlockKit(payload, kind).map((v) => `${v.pointer}: ${v.problem}`);
}

export function checkBlockKit(payload: MessagePayload | object, kind: Surface): Violation[] {
  const findings: Findings = { violations: [], totalText: 0 };
  if (!isObject(payload)) {
    report(findings, "", "must be an object");
    return findings.violations;
  }
  if (kind === "message") checkMessageFields(findings, payload);
  else checkViewFields(findings, payload, kind);

  const blocks = payload.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) {
    report(findings, "/blocks", "must be an array");
  } else if (blocks !== undefined) {
    const max = kind === "message" ? L.messageBlocks : L.surfaceBlocks;
    if (blocks.length > max) report(findings, "/blocks", `has ${blocks.length} blocks (max ${max})`);
    const blockIds = new Set<string>();
    blocks.forEach((block, i) => {
      checkBlock(findings, block, `/blocks/${i}`, blockIds, kind);
    });
    const tables = blocks.filter((block) => isObject(block) && block.type === "table").length;
    if (tables > 1) report(findings, "/blocks", `hold ${tables} table blocks (only one is allowed)`);
  }
  if (findings.totalText > L.totalBlockText) {
    const problem = `hold ${findings.totalText} chars of text (keep under ${L.totalBlockText})`;
    report(findings, "/blocks", problem, kind === "message" ? "msg_blocks_too_long" : undefined);
  }
  return findings.violations;
}

function checkMessageFields(findings: Findings, payload: Json): void {
  const { text } = payload;
  if (typeof text === "string" && text.length > L.topLevelText) {
    report(findings, "/text", `is ${text.length} chars (max ${L.topLevelText})`, "msg_too_long");
  } else if (text !== undefined && typeof text !== "string") {
    report(findings, "/text", "must be a string");
  }
  // Slack takes an empty text as no text at all.
  if (
    (text === undefined || text === "") &&
    payload.blocks === undefined &&
    payload.attachments === undefined
  ) {
    report(findings, "", "a message needs text, blocks or attachments", "no_text");
  }
}

function checkViewFields(findings: Findings, view: Json, kind: "modal" | "home"): void {
  if (view.type !== kind) report(findings, "/type", `must be "${kind}"`);
  if (!Array.isArray(view.blocks)) report(findings, "/blocks", "is required");
  checkString(findings, view.callback_id, "/callback_id", L.callbackId);
  checkString(findings, view.external_id, "/external_id", L.callbackId);
  checkString(findings, view.private_metadata, "/private_metadata", L.privateMetadata);
  if (kind === "home") return;
  const viewText = { max: L.viewTitle, plainOnly: true };
  checkText(findings, view.title, "/title", viewText);
  checkText(findings, view.submit, "/submit", { ...viewText, required: false });
  checkText(findings, view.close, "/close", { ...viewText, required: false });
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === "input");
  if (hasInput && view.submit === undefined) {
    report(findings, "/submit", "is required when the view has inputs");
  }
}

function checkBlock(
  findings: Findings,
  block: unknown,
  path: string,
  blockIds: Set<string>,
  kind: Surface,
): void {
  if (!isObject(block)) {
    report(findings, path, "must be a block object");
    return;
  }
  const type = block.type;
  if (typeof type !== "string" || !(CHECKED_BLOCKS.has(type) || OTHER_KNOWN_BLOCKS.has(type))) {
    report(findings, `${path}/type`, `unknown block type ${JSON.stringify(type)}`);
    return;
  }
  checkString(findings, block.block_id, `${path}/block_id`, L.blockId);
  if (typeof block.block_id === "string") {
    if (blockIds.has(block.block_id)) report(findings, `${path}/block_id`, "is not unique");
    blockIds.add(block.block_id);
  }
  const actionIds = new Set<string>();
  switch (type) {
    case "section":
      checkSection(findings, block, path, actionIds);
      return;
    case "header":
      checkText(findings, block.text, `${path}/text`, { max: L.headerText, plainOnly: true });
      return;
    case "context":
      checkContext(findings, block, path);
      return;
    case "actions":
      checkActions(findings, block, path, actionIds);
      return;
    case "image":
      checkImageSource(findings, block, path);
      checkString(findings, block.alt_text, `${path}/alt_text`, L.imageAltText, true);
      checkText(findings, block.title, `${path}/title`, {
        max: L.imageAltText,
        plainOnly: true,
        required: false,
      });
      return;
    case "input":
      if (kind === "message" && block.dispatch_action !== true) {
        report(findings, path, "an input block in a message needs dispatch_action");
      }
      checkText(findings, block.label, `${path}/label`, { max: L.labelText, plainOnly: true });
      checkText(findings, block.hint, `${path}/hint`, { max: L.labelText, plainOnly: true, required: false });
      if (block.element === undefined) {
        report(findings, `${path}/element`, "is required");
        return;
      }
      checkElement(findings, block.element, `${path}/element`, actionIds);
      return;
    case "table":
      checkTable(findings, block, path, kind === "message");
      return;
    case "markdown":
      checkString(findings, block.text, `${path}/text`, L.markdownBlockText, true);
      if (typeof block.text === "string") findings.totalText += block.text.length;
      return;
  }
}

/** An image comes from exactly one of `image_url` or `slack_file` (`{id}` or `{url}` of an uploaded file). */
function checkImageSource(findings: Findings, image: Json, path: string): void {
  if (image.slack_file === undefined) {
    checkString(findings, image.image_url, `${path}/image_url`, L.url, true);
    return;
  }
  if (image.image_url !== undefined) report(findings, path, "give image_url or slack_file, not both");
  const file = image.slack_file;
  if (!isObject(file) || (typeof file.id !== "string" && typeof file.url !== "string")) {
    report(findings, `${path}/slack_file`, "must be an object with an id or a url");
    return;
  }
  checkString(findings, file.id, `${path}/slack_file/id`, L.blockId);
  checkString(findings, file.url, `${path}/slack_file/url`, L.url);
}

function checkSection(findings: Findings, block: Json, path: string, actionIds: Set<string>): void {
  if (block.text === undefined && block.fields === undefined) {
    report(findings, path, "a section needs text or fields");
  }
  checkText(findings, block.text, `${path}/text`, { max: L.sectionText, required: false });
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields)) {
      report(findings, `${path}/fields`, "must be an array");
    } else {
      if (block.fields.length > L.sectionFields) {
        report(findings, `${path}/fields`, `has ${block.fields.length} items (max ${L.sectionFields})`);
      }
      block.fields.forEach((field, i) => {
        checkText(findings, field, `${path}/fields/${i}`, { max: L.fieldText });
      });
    }
  }
  if (block.accessory !== undefined) checkElement(findings, block.accessory, `${path}/accessory`, actionIds);
}

function checkContext(findings: Findings, block: Json, path: string): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    report(findings, `${path}/elements`, "needs at least one element");
    return;
  }
  if (elements.length > L.contextElements) {
    report(findings, `${path}/elements`, `has ${elements.length} elements (max ${L.contextElements})`);
  }
  elements.forEach((element, i) => {
    const at = `${path}/elements/${i}`;
    if (isObject(element) && element.type === "image") {
      checkImageSource(findings, element, at);
      checkString(findings, element.alt_text, `${at}/alt_text`, L.imageAltText, true);
    } else {
      checkText(findings, element, at, { max: L.sectionText });
    }
  });
}

function checkActions(findings: Findings, block: Json, path: string, actionIds: Set<string>): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    report(findings, `${path}/elements`, "needs at least one element");
    return;
  }
  if (elements.length > L.actionsElements) {
    report(findings, `${path}/elements`, `has ${elements.length} elements (max ${L.actionsElements})`);
  }
  elements.forEach((element, i) => {
    checkElement(findings, element, `${path}/elements/${i}`, actionIds);
  });
}
