/**
 * What stands between the network and Bolt's HTTP receiver for Slack's requests (POST /slack/events).
 * Bolt's own checks (the signature, a timestamp not older than 5 minutes) do not refuse a body far
 * larger than Slack ever sends before reading it, a timestamp from the future, the same signed request
 * sent twice, or a signed body that is not an object (`payload=null` made it dereference null in a
 * promise nobody awaits, which ended the process). This does all of that, the signature included, then
 * hands the request, already read, to Bolt, whose own verification is off (app.ts): the guard is the
 * only check, so it must see every request Bolt would route to its events handler.
 *
 * Signatures are remembered in the store, not in memory, so a replay sent to another replica sharing the
 * same PostgreSQL is refused too.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { type ParsedUrlQuery, parse as parseQuery } from "node:querystring";
import type { Logger } from "../logger.js";
import { checkSlackSignature } from "./slack-signature.js";

/** Slack's own window: a request is valid 5 minutes either side of its timestamp. */
export const SLACK_REQUEST_WINDOW_MS = 5 * 60_000;

const FORM = "application/x-www-form-urlencoded";
/** All Bolt may read of an unsigned SSL check: it answers that, and nothing smuggled beside it runs. */
const SSL_CHECK_BODY = "ssl_check=1";

export interface SlackRequestGuardOptions {
  signingSecret: string;
  /** Bolt's endpoint; other paths (/healthz, /metrics) pass untouched. */
  path: string;
  /** Larger bodies are refused with 413, by Content-Length before reading when it is given. */
  maxBodyBytes: number;
  now: () => Date;
  /** True the first time a signature is seen before `expiresAt` (AlertStore.rememberRequest). */
  remember(signature: string, now: Date, expiresAt: Date): Promise<boolean>;
  logger: Logger;
}

type Refusal = { status: number; reason: string };

export function guardSlackRequests(
  next: RequestListener,
  options: SlackRequestGuardOptions,
): RequestListener {
  // Bolt refuses to start without a secret when it verifies; it no longer does, and an empty key is one
  // anybody can sign with.
  if (options.signingSecret === "") throw new Error("the Slack request guard needs the signing secret");
  return (req, res) => {
    if (!isEventsRequest(req, options.path)) {
      next(req, res);
      return;
    }
    void admit(req, options).then(
      (refusal) => {
        if (refusal === null) {
          next(req, res);
          return;
        }
        options.logger.warn({ status: refusal.status, reason: refusal.reason }, "Slack request refused");
        refuse(req, res, refusal.status);
      },
      (error: unknown) => {
        options.logger.error({ err: error }, "could not check a Slack request");
        refuse(req, res, 503);
      },
    );
  };
}

/** Null when the request may go on to Bolt (its body then read into `rawBody`, where Bolt looks first). */
async function admit(req: IncomingMessage, options: SlackRequestGuardOptions): Promise<Refusal | null> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > options.maxBodyBytes) return { status: 413, reason: "body too large" };
  const body = await readBody(req, options.maxBodyBytes);
  if (body === "too_large") return { status: 413, reason: "body too large" };
  if (body === "aborted") return { status: 400, reason: "body not received" };
  const text = body.toString("utf8");
  // Bolt reads a form (and only a form: the content type compared as Bolt compares it) field by field.
  const form = req.headers["content-type"] === FORM ? parseQuery(text) : undefined;
  const boltRequest = req as IncomingMessage & { rawBody?: Buffer };

  // Slack's SSL check is unsigned. Bolt answers it; with its verification off it would also run a
  // `payload=` or `command=` sent beside it, so it is handed the check alone.
  if (form?.ssl_check === "1") {
    boltRequest.rawBody = Buffer.from(SSL_CHECK_BODY);
    return null;
  }
  boltRequest.rawBody = body;

  const signature = req.headers["x-slack-signature"];
  const timestamp = Number(req.headers["x-slack-request-timestamp"]);
  if (typeof signature !== "string" || !Number.isInteger(timestamp)) {
    return { status: 401, reason: "unsigned" };
  }
  const now = options.now();
  if (timestamp * 1000 > now.getTime() + SLACK_REQUEST_WINDOW_MS) {
    return { status: 401, reason: "timestamp in the future" };
  }
  const check = checkSlackSignature({
    signingSecret: options.signingSecret,
    timestamp,
    signature,
    body: text,
    nowMs: now.getTime(),
  });
  if (check === "stale") return { status: 401, reason: "stale timestamp" };
  if (check !== "ok") return { status: 401, reason: "bad signature" };
  if (!isObjectBody(text, form)) return { status: 400, reason: "not an object" };
  const expiresAt = new Date(timestamp * 1000 + SLACK_REQUEST_WINDOW_MS);
  if (!(await options.remember(signature, now, expiresAt))) return { status: 401, reason: "replayed" };
  return null;
}

/**
 * Whether Bolt will read an object out of this body, exactly as it parses it (parseHTTPRequestBody):
 * a form's `payload` field as JSON when there is one, the form itself otherwise, any other body as JSON.
 */
function isObjectBody(text: string, form: ParsedUrlQuery | undefined): boolean {
  try {
    let body: unknown;
    if (form === undefined) body = JSON.parse(text);
    else body = typeof form.payload === "string" ? JSON.parse(form.payload) : form;
    return typeof body === "object" && body !== null && !Array.isArray(body);
  } catch {
    return false;
  }
}

/** The body, or why not: stops reading as soon as it passes `limit` (Content-Length may be absent). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too_large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | "too_large" | "aborted") => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        done("too_large");
      } else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks, size));
    const onError = () => done("aborted");
    const onClose = () => {
      if (!req.complete) done("aborted");
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/**
 * Answers without a body. The rest of a body too large to read is discarded by Node as it comes, not
 * kept (closing at once would reset the connection and lose the answer with it), and a client still
 * sending it is cut off at the request time-out like any slow client.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-length": "0" });
  res.end();
  if (!req.complete) req.resume();
}

/**
 * Whether Bolt's HTTPReceiver will hand this request to its events handler, decided exactly as it
 * decides (unboundRequestListener): the path of the URL parsed against a base, so `/slack/./events`,
 * `/slack/%2e/events`, `/slack/events#x`, `//host/../slack/events` and an absolute URL all count.
 * Comparing the raw path instead let a signed request be replayed through such a spelling, unchecked.
 */
function isEventsRequest(req: IncomingMessage, path: string): boolean {
  if (req.method?.toUpperCase() !== "POST") return false;
  try {
    return new URL(req.url ?? "", "http://localhost").pathname === path;
  } catch {
    // Bolt's routing throws on the same URL and answers the request as unhandled.
    return false;
  }
}
