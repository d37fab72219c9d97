/**
 * Bolt's SocketModeReceiver, except that stop() resolves once the WebSocket is closed (Bolt's own
 * resolves as soon as it has asked to close, so main.ts exiting right after would cut the connection
 * in the middle of the close handshake), and that its HTTP server on PORT (/healthz, /metrics) gets the
 * bot's limits, as in HTTP mode: Bolt makes it with Node's defaults (a minute for headers, five for a
 * request, no cap on connections), so slow clients could tie it up.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import { SocketModeReceiver } from "@slack/bolt";
import { capConnections, type HttpLimits, serverOptionsOf } from "../http/server-limits.js";
import type { Logger } from "../logger.js";

export class ClosingSocketModeReceiver extends SocketModeReceiver {
  /** Call before start(): the same routes, served by a server made with the limits. */
  limitHttpServer(limits: HttpLimits, logger: Logger): void {
    const receiver = this as unknown as { httpServer?: Server };
    const bolts = receiver.httpServer;
    const listener = bolts?.listeners("request")[0] as RequestListener | undefined;
    if (!bolts || !listener) return;
    const server = createServer(serverOptionsOf(limits), listener);
    capConnections(server, limits, logger);
    receiver.httpServer = server;
  }

  override async stop(): Promise<void> {
    // The client says `disconnected` when the handshake is done, when it times out (30 s), or at once
    // when there was no socket; listening first means none of these can be missed.
    const disconnected = new Promise<void>((resolve) => this.client.once("disconnected", () => resolve()));
    await super.stop();
    await disconnected;
  }
}
