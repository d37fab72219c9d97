import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { handleResponsePost } from "./response-url.js";
import { handleUpload, serveFile } from "./uploads.js";
import type { HttpAnswer, WebApi } from "./web-api.js";
import type { Workspace } from "./workspace.js";

/** More routes, tried after the stand-in's own; resolves true when it answered the request. */
export type ExtraRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/**
 * The stand-in's HTTP face: Slack's Web API and response URLs toward the bot, and a small JSON state
 * endpoint plus a server-sent-events stream for the browser demo (whose page `extra` serves).
 */
export function createStandInServer(ws: Workspace, api: WebApi, extra?: ExtraRoutes): Server {
  return createServer((req, res) => {
    route(ws, api, req, res, extra).catch((error: unknown) => {
      if (!res.headersSent) send(res, textAnswer(500, String(error)));
      else res.end();
    });
  });
}

async function route(
  ws: Workspace,
  api: WebApi,
  req: IncomingMessage,
  res: ServerResponse,
  extra: ExtraRoutes | undefined,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://stand-in");
  const [, area, name] = url.pathname.split("/");

  if (area === "api" && name) {
    // Slack also takes GET with query arguments; the WebClient always POSTs.
    const body = req.method === "GET" ? url.search.slice(1) : await readBody(req);
    const contentType = req.method === "GET" ? undefined : req.headers["content-type"];
    send(res, api.handle(name, { body, contentType, authorization: req.headers.authorization }));
    return;
  }
  if (area === "upload" && name === "v1" && req.method === "POST") {
    send(res, await handleUpload(ws, url.pathname.split("/")[3] ?? "", req));
    return;
  }
  if (area === "files" && name && req.method === "GET") {
    const file = serveFile(ws, name);
    if ("bytes" in file) {
      res.writeHead(file.status, file.headers);
      res.end(file.bytes);
    } else send(res, file);
    return;
  }
  if (area === "response" && name && req.method === "POST") {
    send(res, handleResponsePost(ws, name, await readBody(req)));
    return;
  }
  if (url.pathname === "/_standin/state" && req.method === "GET") {
    send(res, {
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8", "access-control-allow-origin": "*" },
      body: JSON.stringify(ws.snapshot()),
    });
    return;
  }
  if (url.pathname === "/_standin/events" && req.method === "GET") {
    streamChanges(ws, req, res);
    return;
  }
  if (extra && (await extra(req, res, url))) return;
  send(res, textAnswer(404, "Not found"));
}

/** One `change` event per model change; the page then re-reads `/_standin/state`. */
function streamChanges(ws: Workspace, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "access-control-allow-origin": "*",
  });
  res.write(": connected\n\n");
  let seq = 0;
  const unsubscribe = ws.subscribe((kind) => {
    seq += 1;
    res.write(`event: change\nid: ${seq}\ndata: ${JSON.stringify({ seq, kind })}\n\n`);
  });
  req.on("close", unsubscribe);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function textAnswer(status: number, body: string): HttpAnswer {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body };
}

export function send(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
