import { signedHeaders } from "./signing.js";
import type { BotReply } from "./types.js";

export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
export const JSON_CONTENT_TYPE = "application/json";

/** How user actions reach the bot: signed HTTP requests, or envelopes on its Socket Mode connection. */
export interface BotTransport {
  /** `body` and `contentType` are those of the HTTP request Slack would send. */
  send(body: string, contentType: string): Promise<BotReply>;
}

export interface SenderOptions {
  /** Needed only to send; a stand-in that talks to the bot over Socket Mode has none. */
  signingSecret: string | undefined;
  /** The bot's request URL; read at each send because it may be set after the stand-in starts. */
  botUrl: () => string | undefined;
  now: () => Date;
  /** Slack itself gives up after 3 s; this only keeps a hung bot from hanging a test. */
  timeoutMs?: number;
}

/** Sends requests to the bot exactly as Slack does: a POST signed with the app's signing secret. */
export class SignedSender implements BotTransport {
  constructor(private readonly opts: SenderOptions) {}

  async send(body: string, contentType: string): Promise<BotReply> {
    this.botUrl(); // Nowhere to send is the likelier mistake, so it is reported first.
    const secret = this.opts.signingSecret;
    if (secret === undefined)
      throw new Error("The Slack stand-in has no signing secret to sign requests with");
    const timestamp = Math.floor(this.opts.now().getTime() / 1000);
    return this.sendRaw(body, {
      "Content-Type": contentType,
      ...signedHeaders(secret, body, timestamp),
    });
  }

  /** No signing: the caller's headers go out as given (forged signatures, stale timestamps). */
  async sendRaw(body: string, headers: Record<string, string>): Promise<BotReply> {
    const url = this.botUrl();
    const started = performance.now();
    const response = await fetch(url, {
      method: "POST",
      headers: { "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)", ...headers },
      body,
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    const replyHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      replyHeaders[name] = value;
    });
    return {
      status: response.status,
      body: text,
      json: parseJson(text),
      headers: replyHeaders,
      durationMs: performance.now() - started,
    };
  }

  private botUrl(): string {
    const url = this.opts.botUrl();
    if (!url) throw new Error("The Slack stand-in has no bot URL yet: pass botUrl or call setBotUrl()");
    return url;
  }
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
