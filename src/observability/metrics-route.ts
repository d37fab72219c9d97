/**
 * GET /metrics: the Prometheus text exposition of one bot's registry, served by the Bolt receiver next to
 * /healthz in both HTTP and Socket Mode.
 */
import type { ServerResponse } from "node:http";
import type { CustomRoute } from "@slack/bolt";
import type { Metrics } from "./metrics.js";

export function metricsRoute(metrics: Pick<Metrics, "render">): CustomRoute {
  return {
    path: "/metrics",
    method: ["GET"],
    handler: (_req, res) => {
      void metrics.render().then(
        ({ contentType, body }) => send(res, 200, contentType, body),
        // A collector that throws must answer the scraper, not leave the socket hanging until it times out.
        () => send(res, 500, "text/plain; charset=utf-8", "could not collect metrics\n"),
      );
    },
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
}
