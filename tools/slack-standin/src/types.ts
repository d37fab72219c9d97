/** Shapes the stand-in records and stores; tests and the browser demo read them. */

export interface RecordedApiCall {
  method: string;
  /** The parsed body; JSON-encoded form fields (blocks, view, ...) are decoded, the token is left out. */
  args: Record<string, unknown>;
  /** Whether a token came with the call (header or form field). Its value is never kept. */
  token: boolean;
  at: Date;
  /** The `error` the stand-in answered with, or the HTTP status when it was not 200. */
  outcome: "ok" | { error: string } | { status: number };
}

export interface RecordedResponse {
  responseUrlId: string;
  body: Record<string, unknown>;
  at: Date;
  /** HTTP status the stand-in answered the post with (404 once the URL is used up). */
  status: number;
}

/** A message or view the stand-in refused, as Slack would, for breaking Block Kit's rules. */
export interface RecordedRefusal {
  /**
   * What carried it: a Web API method (`chat.postMessage`, `views.open`, ...), `response_url`, a slash
   * command's acknowledgement (`command_ack`), or the answer to a view submission (`view_submission`).
   */
  via: string;
  /** The error Slack answers: `invalid_blocks`, `invalid_arguments` (views), `msg_too_long`, ... */
  error: string;
  /** Each broken rule as `pointer: problem`, the pointer into what was sent (`/blocks/0/text/text`). */
  problems: string[];
  /** Where the message was going; views have no channel. */
  channel?: string;
  at: Date;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  /** Who posted it: the bot user for everything the bot sends. */
  user: string;
  /** How many times it was edited (chat.update, replace_original). */
  edited: number;
  /** Set only on ephemeral messages: the one user who sees it. */
  ephemeralTo?: string;
  /** The app's message metadata, as chat.postMessage took it. */
  metadata?: MessageMetadata;
  /** Files shared with the message (files.completeUploadExternal with a channel). */
  files?: SharedFile[];
}

/** A file as Slack's file objects describe it (the fields the bot and the demo page read). */
export interface SharedFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  /** Where the stand-in serves the bytes (its own origin, so the demo page can show them). */
  url_private: string;
  permalink: string;
  original_w?: number;
  original_h?: number;
}

/** Slack's message metadata: a type the app names and a JSON object of its own. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface StoredView {
  id: string;
  hash: string;
  type: string;
  user: string;
  callback_id?: string;
  external_id?: string;
  private_metadata?: string;
  blocks: unknown[];
  /** The whole view object as the bot last sent it. */
  definition: Record<string, unknown>;
  root_view_id: string;
  previous_view_id: string | null;
  /** A modal the user submitted or that the bot closed; home views never close. */
  closed: boolean;
}

export interface Channel {
  id: string;
  name: string;
  /** A direct message with this user (the bot writes to a user ID). */
  dmWith?: string;
  /** A private channel: only its members see it, and users.conversations lists it only to members. */
  isPrivate?: boolean;
  /** Who is in it (the bot user too, if it was invited); left out, everyone in the workspace is. */
  members?: string[];
}

export interface User {
  id: string;
  name: string;
  /** A workspace admin or owner, as users.info says. */
  isAdmin?: boolean;
  isOwner?: boolean;
}

/** A user group (`S…`): a handle people mention, and its members. */
export interface UserGroup {
  id: string;
  handle: string;
  users: string[];
}

/** What the bot answered to one signed request. */
export interface BotReply {
  status: number;
  /** The raw response body. */
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  headers: Record<string, string>;
  durationMs: number;
}

/**
 * How the stand-in fails a call: an error code in an `ok: false` answer, a 429, or a 500. A 500 with
 * `afterRunning` is an answer lost after the work was done (the message is posted, the caller hears 500),
 * as when Slack's front end times out on a request its back end still completes.
 */
export type FailureSpec =
  | string
  | { status: 429; retryAfterSeconds: number }
  | { status: 500; afterRunning?: boolean };

/**
 * How Slack answers every call to a family of methods during an outage: an HTTP status in the 5xx range
 * (nothing runs), or a Slack error code such as `service_unavailable`.
 */
export type OutageSpec = { status: 500 | 502 | 503 | 504 } | string;

/** A slash command the demo page's composer offers, with the hint Slack shows while typing. */
export interface SlashCommandInfo {
  command: string;
  description?: string;
  usageHint?: string;
}
