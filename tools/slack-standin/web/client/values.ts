/** Reading the loosely typed JSON the bot sends (blocks, views, answers) without trusting its shape. */
import type { TextObject } from "./rich-text.js";

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export const textObject = (value: unknown): TextObject | undefined => (isObject(value) ? value : undefined);
