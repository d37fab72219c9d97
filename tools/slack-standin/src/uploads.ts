/**
 * The two file routes beside the Web API: the upload URL files.getUploadURLExternal hands out (the client
 * POSTs the bytes there, as multipart form data or raw), and `/files/<id>`, which serves a completed file
 * so the demo page can show it (Slack's `url_private`, without the auth a real workspace wants).
 */
import type { IncomingMessage } from "node:http";
import type { HttpAnswer } from "./web-api.js";
import type { Workspace } from "./workspace.js";

export function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const text = (status: number, body: string): HttpAnswer => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8" },
  body,
});

/** POST /upload/v1/<id>: Slack answers 200 and "OK - <bytes>" when it took the file. */
export async function handleUpload(ws: Workspace, id: string, req: IncomingMessage): Promise<HttpAnswer> {
  const raw = await readRaw(req);
  const contentType = req.headers["content-type"] ?? "";
  let bytes = raw;
  let mimetype: string | undefined;
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Response(new Uint8Array(raw), {
      headers: { "content-type": contentType },
    }).formData();
    // The WebClient names the part `body`; any part that is a file will do.
    let part = form.get("body");
    form.forEach((value) => {
      if (typeof part === "string" || part === null) part = value;
    });
    if (part === null || typeof part === "string") return text(400, "no file in the form");
    bytes = Buffer.from(await part.arrayBuffer());
    mimetype = part.type || undefined;
  }
  if (bytes.length === 0) return text(400, "empty upload");
  return ws.receiveUpload(id, bytes, mimetype)
    ? text(200, `OK - ${bytes.length}`)
    : text(404, "unknown upload");
}

/** GET /files/<id>: the bytes of a completed upload. */
export function serveFile(
  ws: Workspace,
  id: string,
): HttpAnswer | { status: 200; headers: Record<string, string>; bytes: Buffer } {
  const file = ws.file(id);
  if (!file?.completed || file.bytes === undefined) return text(404, "Not found");
  return {
    status: 200,
    headers: {
      "content-type": file.mimetype,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
    bytes: file.bytes,
  };
}
