/**
 * The node:http transport: routes `/_sim/` to the control API and everything else to the Mixpeek
 * paths, and in between applies what a test asked for (latency, faults) and records the call.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type ApiRoute, handleApi, matchApiRoute } from "./api.js";
import { handleControl } from "./control.js";
import type { SimulatorCore } from "./core.js";
import { invalidJsonResponse, schemaBreakResponse, statusFaultResponse } from "./faults.js";
import { BodyNotJsonError, BodyTooLargeError, errorResponse, readJsonBody, writeResponse } from "./http.js";
import type { Random } from "./random.js";

export interface ServerOptions {
  apiKey: string;
  /** More Mixpeek accounts, by API key: each its own namespaces, retrievers, faults and call log. */
  accounts?: ReadonlyMap<string, SimulatorCore>;
  host: string;
  port: number;
  now: () => Date;
  /** Source of `x-request-id` values. */
  requestIds: Random;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

type BodyResult = { ok: true; value: unknown } | { ok: false; error: string };

async function readBody(req: IncomingMessage): Promise<BodyResult> {
  try {
    return { ok: true, value: await readJsonBody(req) };
  } catch (error) {
    if (error instanceof BodyNotJsonError) return { ok: false, error: error.message };
    throw error;
  }
}

function splitUrl(rawUrl: string): { path: string; query: URLSearchParams } {
  const mark = rawUrl.indexOf("?");
  if (mark === -1) return { path: rawUrl, query: new URLSearchParams() };
  return { path: rawUrl.slice(0, mark), query: new URLSearchParams(rawUrl.slice(mark + 1)) };
}

export async function startServer(primary: SimulatorCore, options: ServerOptions): Promise<RunningServer> {
  const closing = new AbortController();
  const untilClosed = new Promise<void>((resolve) =>
    closing.signal.addEventListener("abort", () => resolve(), { once: true }),
  );

  /** The account the request's key opens; an unknown key goes to the primary one, which refuses it. */
  function accountOf(req: IncomingMessage): { core: SimulatorCore; apiKey: string } {
    const key = /^bearer\s+(.+)$/i.exec(req.headers.authorization?.trim() ?? "")?.[1];
    const other = key === undefined ? undefined : options.accounts?.get(key);
    return other && key !== undefined
      ? { core: other, apiKey: key }
      : { core: primary, apiKey: options.apiKey };
  }

  async function serveApi(
    req: IncomingMessage,
    res: ServerResponse,
    route: ApiRoute,
    query: URLSearchParams,
  ) {
    const { core, apiKey } = accountOf(req);
    const namespace = req.headers["x-namespace"];
    const record = core.callLog.record({
      kind: route.kind,
      namespace: Array.isArray(namespace) ? namespace[0] : namespace,
      retriever: route.retriever,
      at: options.now(),
    });
    res.on("finish", () => {
      record.status = res.statusCode;
    });
    const body = await readBody(req);
    record.statusFilter = statusAskedFor(body);
    const latency = core.latency();
    if (latency > 0) await sleep(latency, undefined, { signal: closing.signal }).catch(() => undefined);
    if (closing.signal.aborted) return;

    const fault = core.faultQueue.take(route.kind);
    switch (fault?.kind) {
      case "hang":
        return untilClosed;
      case "reset":
        req.socket.destroy();
        return;
      case "status":
        return writeResponse(res, statusFaultResponse(fault));
      case "invalid_json":
        return writeResponse(res, invalidJsonResponse());
    }
    const response = handleApi(core.world, apiKey, route, {
      headers: req.headers,
      query,
      body,
      now: options.now(),
    });
    writeResponse(res, fault?.kind === "schema_break" ? schemaBreakResponse(route.kind, response) : response);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader("x-request-id", `req_${options.requestIds.hex(24)}`);
    const method = req.method ?? "GET";
    const { path, query } = splitUrl(req.url ?? "/");
    if (path.startsWith("/_sim/")) {
      const body = await readBody(req);
      return writeResponse(res, handleControl(primary, { method, path: path.slice("/_sim".length), body }));
    }
    const route = matchApiRoute(method, path);
    if (!route) return writeResponse(res, errorResponse(404, `Not found: ${method} ${path}`));
    return serveApi(req, res, route, query);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return writeResponse(res, errorResponse(413, error.message));
      const message = error instanceof Error ? error.message : String(error);
      writeResponse(res, errorResponse(500, `Simulator error: ${message}`));
    });
  });

  server.listen(options.port, options.host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging and keep-alive connections would otherwise hold close() open forever.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** The top-level `status` of a JSON body, for the call log; anything else is not a filter worth noting. */
function statusAskedFor(body: BodyResult): string | undefined {
  if (!body.ok || typeof body.value !== "object" || body.value === null) return undefined;
  const status = (body.value as { status?: unknown }).status;
  return typeof status === "string" ? status : undefined;
}
