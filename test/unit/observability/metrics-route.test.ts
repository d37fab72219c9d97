import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CustomRoute } from "@slack/bolt";
import { afterAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../../src/observability/metrics.js";
import { metricsRoute } from "../../../src/observability/metrics-route.js";
import { parseExposition, sampleValue } from "./exposition.js";

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** Serves one route the way Bolt's receivers do: matching path and method, 404 otherwise. */
async function serve(route: CustomRoute): Promise<string> {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const server = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://x").pathname === route.path && methods.includes(req.method ?? "")) {
      route.handler(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("metricsRoute", () => {
  it("declares GET /metrics", () => {
    const route = metricsRoute(createMetrics({ defaultMetrics: false }));
    expect(route.path).toBe("/metrics");
    expect(route.method).toEqual(["GET"]);
  });

  it("serves the exposition text with the Prometheus content type", async () => {
    const metrics = createMetrics();
    metrics.recordRequest("command", "executions", "ok");
    const url = await serve(metricsRoute(metrics));

    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const samples = parseExposition(await response.text());
    expect(
      sampleValue(samples, "executions_bot_requests_total", {
        type: "command",
        name: "executions",
        outcome: "ok",
      }),
    ).toBe(1);
    expect(sampleValue(samples, "process_cpu_user_seconds_total")).toBeGreaterThanOrEqual(0);
  });

  it("shows values recorded after the server started", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const url = await serve(metricsRoute(metrics));
    metrics.recordAlert("threaded");
    const samples = parseExposition(await (await fetch(`${url}/metrics`)).text());
    expect(sampleValue(samples, "executions_bot_alerts_total", { result: "threaded" })).toBe(1);
  });

  it("answers 500 when collecting fails instead of leaving the scraper waiting", async () => {
    const failing = { render: () => Promise.reject(new Error("collector broke")) };
    const url = await serve(metricsRoute(failing));
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("could not collect metrics\n");
  });
});
