import type { Refusal } from "./block-kit/refusal.js";
import type {
  Channel,
  RecordedApiCall,
  RecordedRefusal,
  RecordedResponse,
  SharedFile,
  StoredMessage,
  StoredView,
  User,
  UserGroup,
} from "./types.js";

/** An upload the stand-in holds, from files.getUploadURLExternal on. */
export interface StoredFile {
  id: string;
  filename: string;
  title: string | undefined;
  /** The length announced when the upload URL was asked for. */
  length: number;
  altText: string | undefined;
  /** The bytes posted to the upload URL; undefined until then. */
  bytes?: Buffer;
  mimetype: string;
  completed: boolean;
}

/** Who the workspace, the app and its bot user are. */
export interface Identity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
  /** The legacy verification token Slack still puts in every payload. */
  verificationToken: string;
  /** The Enterprise Grid org the workspace belongs to, if any. */
  enterpriseId?: string;
  /** The app is installed org-wide (payloads say `is_enterprise_install: true`). */
  isEnterpriseInstall?: boolean;
}

export interface ResponseUrlRecord {
  id: string;
  channel: string;
  user: string;
  issuedAt: Date;
  posts: number;
  /** The message `replace_original` and `delete_original` act on, once there is one. */
  originalTs?: string;
  /** A command's URL follows its latest reply; a click's URL stays on the message clicked. */
  followsLatestReply: boolean;
}

export type ChangeKind = "message" | "view" | "api_call" | "response" | "refusal" | "file";

/** What the bot's manifest asks for, as an install grants it. */
export const DEFAULT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "channels:history",
  "groups:history",
  "files:write",
] as const;

type MessageInput = Omit<StoredMessage, "ts" | "edited">;

/**
 * Everything the stand-in remembers: channels, messages (ephemeral ones too), views, the trigger IDs and
 * response URLs it handed out, and what the bot did. One instance per stand-in.
 */
export class Workspace {
  private readonly channelsById = new Map<string, Channel>();
  private readonly usersById = new Map<string, User>();
  private readonly groupsById = new Map<string, UserGroup>();
  // Keyed by ts, which the stand-in makes unique across channels; a Map keeps posting order.
  private readonly messagesByTs = new Map<string, StoredMessage>();
  private readonly viewsById = new Map<string, StoredView>();
  private readonly homeViewIdByUser = new Map<string, string>();
  private readonly triggers = new Map<string, { issuedAt: Date; user: string }>();
  private readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private readonly listeners = new Set<(kind: ChangeKind) => void>();
  private readonly filesById = new Map<string, StoredFile>();
  /** The bot token's scopes; the files methods check theirs (a missing `files:write` can be played). */
  scopes: Set<string>;
  readonly apiCalls: RecordedApiCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly refusals: RecordedRefusal[] = [];
  private lastTsMicros = 0;
  private lastId = 0;

  constructor(
    readonly identity: Identity,
    channels: Channel[],
    users: User[],
    readonly now: () => Date,
    scopes: readonly string[] = DEFAULT_SCOPES,
  ) {
    this.scopes = new Set(scopes);
    for (const channel of channels) this.channelsById.set(channel.id, channel);
    for (const user of users) this.usersById.set(user.id, user);
  }

  /** Message timestamps like Slack's ("1700000000.000100"), strictly increasing even within a millisecond. */
  nextTs(): string {
    const micros = Math.max(this.now().getTime() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  nextId(prefix: string): string {
    this.lastId += 1;
    return `${prefix}${String(this.lastId).padStart(8, "0")}`;
  }

  subscribe(listener: (kind: ChangeKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(kind: ChangeKind): void {
    for (const listener of this.listeners) listener(kind);
  }

  // --- channels and users ---

  channels(): Channel[] {
    return [...this.channelsById.values()];
  }

  /** A channel by ID or name (`#general` too); a user ID opens the DM with that user, as Slack does. */
  resolveChannel(idOrName: string): Channel | undefined {
    const byId = this.channelsById.get(idOrName);
    if (byId) return byId;
    const name = idOrName.replace(/^#/, "");
    const byName = this.channels().find((channel) => channel.name === name);
    if (byName) return byName;
    if (!this.usersById.has(idOrName)) return undefined;
    const dm: Channel = { id: `D${idOrName.slice(1)}`, name: idOrName, dmWith: idOrName };
    this.channelsById.set(dm.id, dm);
    return dm;
  }

  user(id: string): User | undefined {
    return this.usersById.get(id);
  }

  /** Adds a user, or replaces one with the same ID (e.g. to make them an admin). */
  putUser(user: User): void {
    this.usersById.set(user.id, { ...user });
  }

  /** Adds a channel, or replaces one with the same ID (e.g. to change its members). */
  putChannel(channel: Channel): void {
    this.channelsById.set(channel.id, { ...channel });
  }

  isMember(channel: Channel, userId: string): boolean {
    if (channel.dmWith !== undefined) return userId === channel.dmWith || userId === this.identity.botUserId;
    return channel.members === undefined || channel.members.includes(userId);
  }

  putUserGroup(group: UserGroup): void {
    this.groupsById.set(group.id, { ...group, users: [...group.users] });
  }

  userGroup(id: string): UserGroup | undefined {
    return this.groupsById.get(id);
  }

  ensureUser(id: string): User {
    const existing = this.usersById.get(id);
    if (existing) return existing;
    const user = { id, name: `user.${id.toLowerCase()}` };
    this.usersById.set(id, user);
    return user;
  }

  // --- messages ---

  messages(channel?: string): StoredMessage[] {
    return [...this.messagesByTs.values()].filter(
      (m) => m.ephemeralTo === undefined && (channel === undefined || m.channel === channel),
    );
  }

  ephemerals(user?: string): StoredMessage[] {
    return [...this.messagesByTs.values()].filter(
      (m) => m.ephemeralTo !== undefined && (user === undefined || m.ephemeralTo === user),
    );
  }

  message(ts: string): StoredMessage | undefined {
    return this.messagesByTs.get(ts);
  }

  addMessage(input: MessageInput): StoredMessage {
    const message: StoredMessage = { ...input, ts: this.nextTs(), edited: 0 };
    this.messagesByTs.set(message.ts, message);
    this.changed("message");
    return message;
  }

  editMessage(
    ts: string,
    content: Pick<StoredMessage, "text" | "blocks" | "metadata">,
  ): StoredMessage | undefined {
    const message = this.messagesByTs.get(ts);
    if (!message) return undefined;
    message.text = content.text;
    message.blocks = content.blocks;
    if (content.metadata !== undefined) message.metadata = content.metadata;
    message.edited += 1;
    this.changed("message");
    return message;
  }

  deleteMessage(ts: string): boolean {
    const deleted = this.messagesByTs.delete(ts);
    if (deleted) this.changed("message");
    return deleted;
  }

  // --- trigger IDs and response URLs handed to the bot ---

  issueTrigger(user: string): string {
    const id = `${Math.floor(this.now().getTime() / 1000)}.${this.nextId("")}.standin`;
    this.triggers.set(id, { issuedAt: this.now(), user });
    return id;
  }

  /** Who a trigger ID was issued to and how old it is; undefined when the stand-in never issued it. */
  trigger(id: string): { user: string; ageMs: number } | undefined {
    const trigger = this.triggers.get(id);
    return trigger && { user: trigger.user, ageMs: this.now().getTime() - trigger.issuedAt.getTime() };
  }

  issueResponseUrl(fields: Omit<ResponseUrlRecord, "id" | "issuedAt" | "posts">): ResponseUrlRecord {
    const record: ResponseUrlRecord = { ...fields, id: this.nextId("R"), issuedAt: this.now(), posts: 0 };
    this.responseUrls.set(record.id, record);
    return record;
  }

  responseUrl(id: string): ResponseUrlRecord | undefined {
    return this.responseUrls.get(id);
  }

  // --- files ---

  addFile(input: { filename: string; length: number; altText: string | undefined }): StoredFile {
    const file: StoredFile = {
      id: this.nextId("F"),
      filename: input.filename,
      title: undefined,
      length: input.length,
      altText: input.altText,
      mimetype: "application/octet-stream",
      completed: false,
    };
    this.filesById.set(file.id, file);
    return file;
  }

  file(id: string): StoredFile | undefined {
    return this.filesById.get(id);
  }

  /** The bytes posted to a file's upload URL; false when the id was never handed out or already completed. */
  receiveUpload(id: string, bytes: Buffer, mimetype: string | undefined): boolean {
    const file = this.filesById.get(id);
    if (!file || file.completed) return false;
    file.bytes = bytes;
    file.mimetype = mimetype && mimetype !== "application/octet-stream" ? mimetype : sniffMimetype(bytes);
    return true;
  }

  completeFile(id: string, fields: { title: string | undefined }): StoredFile {
    const file = this.filesById.get(id);
    if (!file) throw new Error(`no file ${id}`);
    file.completed = true;
    file.title = fields.title ?? file.filename;
    this.changed("file");
    return file;
  }

  /** Completed files, oldest first. */
  files(): StoredFile[] {
    return [...this.filesById.values()].filter((file) => file.completed);
  }

  fileShape(id: string, baseUrl: string): SharedFile {
    const file = this.filesById.get(id);
    if (!file) throw new Error(`no file ${id}`);
    const size = pngSize(file.bytes);
    return {
      id: file.id,
      name: file.filename,
      title: file.title ?? file.filename,
      mimetype: file.mimetype,
      filetype: file.mimetype === "image/png" ? "png" : "binary",
      size: file.bytes?.length ?? 0,
      url_private: `${baseUrl}/files/${file.id}`,
      permalink: `${baseUrl}/files/${file.id}`,
      ...(size ? { original_w: size.width, original_h: size.height } : {}),
    };
  }

  // --- views ---

  view(id: string): StoredView | undefined {
    return this.viewsById.get(id);
  }

  viewByExternalId(externalId: string): StoredView | undefined {
    return [...this.viewsById.values()].find((view) => view.external_id === externalId);
  }

  views(): StoredView[] {
    return [...this.viewsById.values()];
  }

  homeView(user: string): StoredView | undefined {
    const id = this.homeViewIdByUser.get(user);
    return id === undefined ? undefined : this.viewsById.get(id);
  }

  /** Stores a new view, or a new version of `replacing` (same ID, new hash). */
  saveView(
    user: string,
    definition: Record<string, unknown>,
    place: { replacing?: StoredView; previous?: StoredView },
  ): StoredView {
    const id = place.replacing?.id ?? this.nextId("V");
    const view: StoredView = {
      id,
      hash: `${Math.floor(this.now().getTime() / 1000)}.${this.nextId("h")}`,
      type: String(definition.type),
      user,
      callback_id: optionalString(definition.callback_id),
      external_id: optionalString(definition.external_id),
      private_metadata: optionalString(definition.private_metadata),
      blocks: Array.isArray(definition.blocks) ? definition.blocks : [],
      definition,
      root_view_id: place.replacing?.root_view_id ?? place.previous?.root_view_id ?? id,
      previous_view_id: place.replacing?.previous_view_id ?? place.previous?.id ?? null,
      closed: false,
    };
    this.viewsById.set(id, view);
    if (view.type === "home") this.homeViewIdByUser.set(user, id);
    this.changed("view");
    return view;
  }

  closeView(id: string): void {
    const view = this.viewsById.get(id);
    if (!view) return;
    view.closed = true;
    this.changed("view");
  }

  // --- what the bot did ---

  recordApiCall(call: RecordedApiCall): void {
    this.apiCalls.push(call);
    this.changed("api_call");
  }

  recordResponse(response: RecordedResponse): void {
    this.responses.push(response);
    this.changed("response");
  }

  recordRefusal(input: { via: string; refusal: Refusal; channel?: string }): void {
    const { via, refusal, channel } = input;
    this.refusals.push({
      via,
      error: refusal.error,
      problems: refusal.violations.map((v) => `${v.pointer}: ${v.problem}`),
      ...(channel === undefined ? {} : { channel }),
      at: this.now(),
    });
    this.changed("refusal");
  }

  /** Plain data for the browser demo's `GET /_standin/state`. */
  snapshot() {
    return {
      identity: this.identity,
      channels: this.channels(),
      users: [...this.usersById.values()],
      messages: this.messages(),
      ephemerals: this.ephemerals(),
      views: this.views(),
      refusals: this.refusals,
      apiCalls: this.apiCalls.length,
      responses: this.responses.length,
    };
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function sniffMimetype(bytes: Buffer): string {
  return bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? "image/png" : "application/octet-stream";
}

/** A PNG's size from its header chunk, which always comes first. */
function pngSize(bytes: Buffer | undefined): { width: number; height: number } | undefined {
  if (!bytes || bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
