/**
 * Checks for the parts blocks are made of (text objects, elements, options, confirm dialogs). Each
 * check records what it finds in a `Findings` that belongs to one run of the limits checker.
 */
import { SLACK_LIMITS as L } from "./slack-limits.js";

/** Slack's error for a broken rule that is not a schema error: these come without a pointer. */
export type MessageError = "no_text" | "msg_too_long" | "msg_blocks_too_long";

/** One broken rule: where it is (a JSON pointer into the payload) and what is wrong there. */
export interface Violation {
  pointer: string;
  problem: string;
  /** Set when Slack answers this with its own error code rather than `invalid_blocks`. */
  error?: MessageError;
}

export interface Findings {
  violations: Violation[];
  /** Characters of text across all blocks, for Slack's undocumented total ceiling. */
  totalText: number;
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function report(findings: Findings, path: string, problem: string, error?: MessageError): void {
  findings.violations.push(
    error === undefined ? { pointer: path, problem } : { pointer: path, problem, error },
  );
}

/** An optional string field: when present it must be a string of at most `max` characters. */
export function checkString(
  findings: Findings,
  value: unknown,
  path: string,
  max: number,
  required = false,
): void {
  if (value === undefined) {
    if (required) report(findings, path, "is required");
    return;
  }
  if (typeof value !== "string") {
    report(findings, path, "must be a string");
    return;
  }
  if (value.length > max) report(findings, path, `is ${value.length} chars (max ${max})`);
  if (required && value.length === 0) report(findings, path, "must not be empty");
}

export interface TextRule {
  max: number;
  plainOnly?: boolean;
  required?: boolean;
}

/** A text object: `{type: "plain_text" | "mrkdwn", text}`. */
export function checkText(findings: Findings, value: unknown, path: string, rule: TextRule): void {
  if (value === undefined) {
    if (rule.required !== false) report(findings, path, "is required");
    return;
  }
  if (!isObject(value)) {
    report(findings, path, "must be a text object");
    return;
  }
  const { type, text } = value;
  if (type !== "plain_text" && type !== "mrkdwn") {
    report(findings, `${path}/type`, `must be plain_text or mrkdwn, not ${String(type)}`);
    return;
  }
  if (rule.plainOnly && type !== "plain_text") report(findings, `${path}/type`, "must be plain_text");
  if (type === "mrkdwn" && value.emoji !== undefined) {
    report(findings, `${path}/emoji`, "only plain_text has emoji");
  }
  if (type === "plain_text" && value.verbatim !== undefined) {
    report(findings, `${path}/verbatim`, "only mrkdwn has verbatim");
  }
  if (typeof text !== "string") {
    report(findings, `${path}/text`, "must be a string");
    return;
  }
  if (text.length === 0) report(findings, `${path}/text`, "must not be empty");
  if (text.length > rule.max) report(findings, `${path}/text`, `is ${text.length} chars (max ${rule.max})`);
  findings.totalText += text.length;
}

function checkConfirm(findings: Findings, value: unknown, path: string): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    report(findings, path, "must be a confirm object");
    return;
  }
  checkText(findings, value.title, `${path}/title`, { max: L.confirmTitle, plainOnly: true });
  checkText(findings, value.text, `${path}/text`, { max: L.confirmText });
  checkText(findings, value.confirm, `${path}/confirm`, { max: L.confirmButton, plainOnly: true });
  checkText(findings, value.deny, `${path}/deny`, { max: L.confirmButton, plainOnly: true });
}

function checkOption(findings: Findings, value: unknown, path: string, plainOnly: boolean): void {
  if (!isObject(value)) {
    report(findings, path, "must be an option object");
    return;
  }
  checkText(findings, value.text, `${path}/text`, { max: L.optionText, plainOnly });
  checkString(findings, value.value, `${path}/value`, L.optionValue, true);
  checkText(findings, value.description, `${path}/description`, {
    max: L.optionDescription,
    plainOnly: true,
    required: false,
  });
  checkString(findings, value.url, `${path}/url`, L.url);
}

function checkOptions(
  findings: Findings,
  value: unknown,
  path: string,
  range: { min: number; max: number },
  plainOnly: boolean,
): unknown[] {
  if (!Array.isArray(value)) {
    report(findings, path, "must be an array");
    return [];
  }
  if (value.length < range.min || value.length > range.max) {
    report(findings, path, `has ${value.length} options (allowed ${range.min}..${range.max})`);
  }
  value.forEach((option, i) => {
    checkOption(findings, option, `${path}/${i}`, plainOnly);
  });
  return value;
}

/** Slack matches an initial option against the options by value and text; a stray one is rejected. */
function checkInitialOption(findings: Findings, element: Json, options: unknown[], path: string): void {
  const initial = element.initial_option;
  if (initial === undefined) return;
  const same = options.some((option) => JSON.stringify(option) === JSON.stringify(initial));
  if (!same) report(findings, `${path}/initial_option`, "must be one of the options");
}

const SELECT_TYPES = new Set([
  "static_select",
  "multi_static_select",
  "external_select",
  "multi_external_select",
  "users_select",
  "multi_users_select",
  "conversations_select",
  "multi_conversations_select",
  "channels_select",
  "multi_channels_select",
]);

/** An interactive or image element, in an actions block, a section accessory or an input block. */
export function checkElement(
  findings: Findings,
  element: unknown,
  path: string,
  actionIds: Set<string>,
): void {
  if (!isObject(element)) {
    report(findings, path, "must be an element object");
    return;
  }
  const type = element.type;
  if (typeof type !== "string" || type === "") {
    report(findings, `${path}/type`, "is required");
    return;
  }

  if (type === "image") {
    checkString(findings, element.image_url ?? element.slack_file, `${path}/image_url`, L.url, true);
    checkString(findings, element.alt_text, `${path}/alt_text`, L.imageAltText, true);
    return;
  }

  checkString(findings, element.action_id, `${path}/action_id`, L.actionId);
  if (typeof element.action_id === "string") {
    if (actionIds.has(element.action_id)) {
      report(findings, `${path}/action_id`, `duplicates "${element.action_id}" in the same block`);
    }
    actionIds.add(element.action_id);
  }
  checkConfirm(findings, element.confirm, `${path}/confirm`);

  if (type === "button") {
    checkText(findings, element.text, `${path}/text`, { max: L.buttonText, plainOnly: true });
    checkString(findings, element.value, `${path}/value`, L.buttonValue);
    checkString(findings, element.url, `${path}/url`, L.url);
    if (element.style !== undefined && element.style !== "primary" && element.style !== "danger") {
      report(findings, `${path}/style`, "must be primary or danger");
    }
    return;
  }
  if (type === "overflow") {
    checkOptions(findings, element.options, `${path}/options`, { min: 1, max: L.overflowOptions }, true);
    return;
  }
  if (SELECT_TYPES.has(type)) {
    checkText(findings, element.placeholder, `${path}/placeholder`, {
      max: L.placeholderText,
      plainOnly: true,
      required: false,
    });
    if (type === "static_select" || type === "multi_static_select") {
      const hasGroups = element.option_groups !== undefined;
      if (hasGroups && element.options !== undefined) {
        report(findings, path, "takes options or option_groups, not both");
      } else if (!hasGroups) {
        const options = checkOptions(
          findings,
          element.options,
          `${path}/options`,
          {
            min: 1,
            max: L.selectOptions,
          },
          true,
        );
        checkInitialOption(findings, element, options, path);
      }
    }
    return;
  }
  checkText(findings, element.placeholder, `${path}/placeholder`, {
    max: L.placeholderText,
    plainOnly: true,
    required: false,
  });
}
