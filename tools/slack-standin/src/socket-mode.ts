/**
 * Slack's Socket Mode toward the bot. apps.connections.open hands out a one-use WebSocket URL on the
 * stand-in's own server; the bot's socket client connects there and gets `hello`. From then on user
 * actions travel as envelopes on that socket and the bot's acks come back on it, as with Slack.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { Json } from "./json.js";
import { isObject } from "./json.js";
import type { BotTransport } from "./sender.js";
import type { BotReply } from "./types.js";

export const SOCKET_MODE_PATH = "/socket-mode";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

/** One WebSocket connection the bot opened, as tests read it. */
export interface SocketConnection {
  id: string;
  openedAt: Date;
  closedAt?: Date;
  /** 1000 when either side closed it properly; 1006 when the connection was cut. */
  closeCode?: number;
  /** Set when the stand-in ended it (dropSocket, close), not the bot. */
  dropped: boolean;
}

/**
 * How the stand-in ends a connection: `disconnect` asks the client to go (what Slack sends before it
 * recycles a server), `close` sends a close frame, `terminate` cuts the TCP connection without one.
 */
export type SocketDrop = "disconnect" | "close" | "terminate";

export interface SocketModeOptions {
  now: () => Date;
  appId: string;
  /** Slack pings its clients; the bot's client drops a connection whose pings stop (30 s). */
  pingIntervalMs?: number;
  /** Slack stops waiting for an ack after 3 s; this only keeps a hung bot from hanging a test. */
  ackTimeoutMs?: number;
}

interface PendingAck {
  socket: WebSocket;
  started: number;
  resolve(reply: BotReply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** How long a `disconnect` may take before the stand-in cuts the connection itself. */
const DROP_GRACE_MS = 5_000;

/** The Socket Mode side of the stand-in: tickets, live connections and envelopes awaiting their ack. */
export class SocketModeServer implements BotTransport {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly live = new Map<WebSocket, SocketConnection>();
  private readonly records: SocketConnection[] = [];
  private readonly pending = new Map<string, PendingAck>();
  private lastId = 0;

  constructor(private readonly opts: SocketModeOptions) {}

  /** Takes WebSocket upgrades on the stand-in's HTTP server; only fresh tickets get through. */
  attach(server: Server): void {
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      const ticket = url.searchParams.get("ticket") ?? "";
      if (url.pathname !== SOCKET_MODE_PATH || !this.tickets.delete(ticket)) {
        socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (client) => this.accept(client));
    });
  }

  /** What apps.connections.open answers: a WebSocket URL on `baseUrl`, good for one connection. */
  issueUrl(baseUrl: string): string {
    const ticket = this.nextId("ticket-");
    this.tickets.add(ticket);
    const wsBase = baseUrl.replace(/^http/, "ws");
    return `${wsBase}${SOCKET_MODE_PATH}?ticket=${ticket}&app_id=${this.opts.appId}`;
  }

  connected(): boolean {
    return this.newestOpen() !== undefined;
  }

  connections(): SocketConnection[] {
    return this.records.map((record) => ({ ...record }));
  }

  /** Delivers what would be an HTTP request to the bot as the envelope Slack sends for it instead. */
  send(body: string, contentType: string): Promise<BotReply> {
    const { type, payload } = envelopeFor(body, contentType);
    return this.deliver(type, payload);
  }

  deliver(type: EnvelopeType, payload: Json): Promise<BotReply> {
    const socket = this.newestOpen();
    if (!socket) {
      return Promise.reject(new Error("No bot is connected to the Slack stand-in over Socket Mode"));
    }
    const envelopeId = this.nextId("envelope-");
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      // Only commands and interactions can be answered in the ack; events are answered through the API.
      accepts_response_payload: type !== "events_api",
      ...(type === "events_api" ? { retry_attempt: 0, retry_reason: "" } : {}),
    };
    const timeoutMs = this.opts.ackTimeoutMs ?? 10_000;
    return new Promise<BotReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(envelopeId, new Error(`The bot did not ack ${type} envelope within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, { socket, started: performance.now(), resolve, reject, timer });
      socket.send(JSON.stringify(envelope), (error) => {
        if (error) this.settle(envelopeId, error);
      });
    });
  }

  /** Ends the bot's current connection; resolves once it is closed. The client then reconnects. */
  async drop(how: SocketDrop = "disconnect"): Promise<void> {
    const socket = this.newestOpen();
    if (!socket) throw new Error("No bot is connected to the Slack stand-in over Socket Mode");
    await this.end(socket, how);
  }

  /** Cuts every connection and stops taking new ones. */
  async close(): Promise<void> {
    await Promise.all([...this.live.keys()].map((socket) => this.end(socket, "terminate")));
    this.tickets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const record: SocketConnection = {
      id: `socket-${this.records.length + 1}`,
      openedAt: this.opts.now(),
      dropped: false,
    };
    this.records.push(record);
    this.live.set(socket, record);
    const ping = setInterval(() => socket.ping(), this.opts.pingIntervalMs ?? 10_000);
    ping.unref();
    // A socket error is followed by `close`, where everything is cleaned up.
    socket.on("error", () => {});
    socket.on("message", (data, isBinary) => {
      if (!isBinary) this.onAck(data);
    });
    socket.on("close", (code) => {
      clearInterval(ping);
      record.closedAt = this.opts.now();
      record.closeCode = code;
      this.live.delete(socket);
      for (const [id, pending] of this.pending) {
        if (pending.socket === socket)
          this.settle(id, new Error("The Socket Mode connection closed before the ack"));
      }
    });
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.live.size,
        debug_info: { host: "stand-in", approximate_connection_time: 18_060 },
        connection_info: { app_id: this.opts.appId },
      }),
    );
  }

  /** The client acks with `{ envelope_id, payload }`; the payload is what an HTTP reply body would be. */
  private onAck(data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (!isObject(message) || typeof message.envelope_id !== "string") return;
    const pending = this.pending.get(message.envelope_id);
    if (!pending) return;
    const payload = isObject(message.payload) ? message.payload : {};
    const empty = Object.keys(payload).length === 0;
    this.settle(message.envelope_id, {
      status: 200,
      body: empty ? "" : JSON.stringify(payload),
      json: empty ? undefined : payload,
      headers: {},
      durationMs: performance.now() - pending.started,
    });
  }

  private settle(envelopeId: string, outcome: BotReply | Error): void {
    const pending = this.pending.get(envelopeId);
    if (!pending) return;
    this.pending.delete(envelopeId);
    clearTimeout(pending.timer);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private end(socket: WebSocket, how: SocketDrop): Promise<void> {
    const record = this.live.get(socket);
    // A socket the bot is already closing was not dropped, even if the stand-in cuts it short now.
    if (record && socket.readyState === WebSocket.OPEN) record.dropped = true;
    const closed = new Promise<void>((resolve) => {
      if (socket.readyState === WebSocket.CLOSED) resolve();
      else socket.once("close", () => resolve());
    });
    if (how === "terminate") socket.terminate();
    else if (how === "close") socket.close(1001, "going away");
    else socket.send(JSON.stringify({ type: "disconnect", reason: "refresh_requested" }));
    const grace = setTimeout(() => socket.terminate(), DROP_GRACE_MS);
    return closed.finally(() => clearTimeout(grace));
  }

  private newestOpen(): WebSocket | undefined {
    return [...this.live.keys()].reverse().find((socket) => socket.readyState === WebSocket.OPEN);
  }

  private nextId(prefix: string): string {
    this.lastId += 1;
    return `${prefix}${String(this.lastId).padStart(8, "0")}`;
  }
}

/**
 * The envelope Slack sends in place of an HTTP request: a slash command's form fields become the
 * payload object, an interaction's `payload` field is the payload, and an event's JSON body is.
 */
export function envelopeFor(body: string, contentType: string): { type: EnvelopeType; payload: Json } {
  if (contentType.includes("application/json")) return { type: "events_api", payload: parseJson(body) };
  const form = new URLSearchParams(body);
  const interaction = form.get("payload");
  if (interaction !== null) return { type: "interactive", payload: parseJson(interaction) };
  return { type: "slash_commands", payload: Object.fromEntries(form) };
}

function parseJson(text: string): Json {
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) throw new Error("A Socket Mode payload must be a JSON object");
  return parsed;
}
