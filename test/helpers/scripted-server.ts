/**
 * A real loopback HTTP server whose replies a test scripts in order, recording every request exactly as
 * it arrived (raw path, headers, body). Unscripted requests get a 500 that names them, so a test that
 * sends more than it expected fails loudly.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** The request target as sent: path and query, percent-encoding untouched. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: the same value on two requests means the connection was reused. */
  remotePort: number | undefined;
}

export type ScriptedReply =
  /** A plain reply; a string body is sent as is, anything else as JSON. */
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Never answer at all. */
  | { hang: "headers" }
  /** Send the status line, headers and a first chunk, then stall forever. */
  | { hang: "body" }
  /** Drop the connection without a reply. */
  | { destroy: true };

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  requests: RecordedRequest[];
  /** Replaces the queue of replies for the next requests. */
  script(...replies: ScriptedReply[]): void;
  /** Forgets recorded requests and unused replies. */
  reset(): void;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  let queue: ScriptedReply[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        remotePort: req.socket.remotePort,
      };
      requests.push(recorded);
      const reply = queue.shift() ?? {
        status: 500,
        body: `scripted-server: no reply scripted for ${recorded.method} ${recorded.url}`,
      };
      send(res, reply);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(...replies) {
      queue = [...replies];
    },
    reset() {
      requests.length = 0;
      queue = [];
    },
    close() {
      // Hanging replies keep their sockets open; they must go for close() to finish.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function send(res: ServerResponse, reply: ScriptedReply): void {
  if ("hang" in reply) {
    if (reply.hang === "body") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"results": [');
    }
    return;
  }
  if ("destroy" in reply) {
    res.socket?.destroy();
    return;
  }
  const isText = typeof reply.body === "string";
  const body = reply.body === undefined ? "" : isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": isText ? "text/plain" : "application/json",
    ...reply.headers,
  });
  res.end(body);
}

/** A loopback URL where nothing listens, so connecting is refused. */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
