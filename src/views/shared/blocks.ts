/**
 * Small builders for the Block Kit pieces the views use, so every view writes text objects the same
 * way. `text` arguments to `mrkdwn`/`section`/`context` must already be escaped.
 */
import type { types } from "@slack/bolt";

export type KnownBlock = types.KnownBlock;
export type PlainTextElement = types.PlainTextElement;
export type MrkdwnElement = types.MrkdwnElement;
export type ActionsBlock = types.ActionsBlock;
export type Button = types.Button;
export type StaticSelect = types.StaticSelect;
export type PlainTextOption = types.PlainTextOption;

/** What every view returns: blocks plus the plain fallback Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function plainText(text: string): PlainTextElement {
  return { type: "plain_text", text, emoji: true };
}

export function mrkdwn(text: string): MrkdwnElement {
  return { type: "mrkdwn", text };
}

export function header(text: string): KnownBlock {
  return { type: "header", text: plainText(text) };
}

export function section(text: string): KnownBlock {
  return { type: "section", text: mrkdwn(text) };
}

export function context(...texts: string[]): KnownBlock {
  return { type: "context", elements: texts.map(mrkdwn) };
}

export function divider(): KnownBlock {
  return { type: "divider" };
}

/** A message made of one section and an optional context line underneath. */
export function notice(fallback: string, text: string, hint?: string): SlackMessage {
  const blocks = [section(text)];
  if (hint !== undefined) blocks.push(context(hint));
  return { text: fallback, blocks };
}
