/**
 * Where blocks are drawn (a message, a modal, the Home tab) and what their controls can do there: the
 * page passes one Surface to the block renderer, which never talks to the server itself.
 */
import type { MrkdwnContext } from "./mrkdwn.js";
import type { TextObject } from "./rich-text.js";

export interface OptionObject {
  text: TextObject;
  value: string;
  description?: TextObject;
  url?: string;
}

export interface OptionGroup {
  label: TextObject;
  options: OptionObject[];
}

/** What a bot answers to block_suggestion. */
export interface Suggestions {
  options?: OptionObject[];
  option_groups?: OptionGroup[];
}

/** One interaction as it goes into a block_actions payload's `actions`. */
export interface ActionPayload {
  type: string;
  action_id: string;
  block_id: string;
  [field: string]: unknown;
}

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** The current values of a surface's inputs, shaped as Slack's `state.values`. */
export class SurfaceState {
  private readonly values: StateValues = {};

  set(blockId: string, actionId: string, value: Record<string, unknown>): void {
    this.values[blockId] = { ...this.values[blockId], [actionId]: value };
  }

  get(blockId: string, actionId: string): Record<string, unknown> | undefined {
    return this.values[blockId]?.[actionId];
  }

  toJSON(): StateValues {
    return structuredClone(this.values);
  }
}

export interface Surface {
  md: MrkdwnContext;
  state: SurfaceState;
  /** Sends block_actions to the bot. */
  act(action: ActionPayload): Promise<void>;
  /** Asks the bot for an external_select's options. */
  suggest(actionId: string, blockId: string, value: string): Promise<Suggestions>;
  /** Errors from the last view_submission answer, by block_id. */
  errors: Readonly<Record<string, string>>;
  /** Shows a Block Kit confirmation dialog; resolves true when the person confirms. */
  confirm(dialog: Record<string, unknown>): Promise<boolean>;
}
