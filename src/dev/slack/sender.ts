import { signedHeaders } from "./signing.js";
import type { BotReply } from "./types.js";

export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
export const JSON_CONTENT_TYPE = "application/json";

export interface SenderOptions {
  signingSecret: string;
  /** The bot's request URL; read at each send because it may be set after the stand-in starts. */
  botUrl: () => string | undefined;
  now: () => Date;
  /** Slack itself gives up after 3 s; this only keeps a hung bot from hanging a test. */
  timeoutMs?: number;
}

/** Sends requests to the bot exactly as Slack does: a POST signed with the app's signing secret. */
export class SignedSender {
  constructor(private readonly opts: SenderOptions) {}

  send(body: string, contentType: string): Promise<BotReply> {
    const timestamp = Math.floor(this.opts.now().getTime() / 1000);
    return this.sendRaw(body, {
      "Content-Type": contentType,
      ...signedHeaders(this.opts.signingSecret, body, timestamp),
    });
  }

  /** No signing: the caller's headers go out as given (forged signatures, stale timestamps). */
  async sendRaw(body: string, headers: Record<string, string>): Promise<BotReply> {
    const url = this.opts.botUrl();
    if (!url) throw new Error("The Slack stand-in has no bot URL yet: pass botUrl or call setBotUrl()");
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
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
