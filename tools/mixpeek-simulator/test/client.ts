/** A tiny fetch wrapper for talking to the simulator the way the bot's client does. */
import { request } from "node:http";
import type { Simulator } from "@executions-bot/mixpeek-simulator";

export interface CallOptions {
  method?: "GET" | "POST" | "DELETE" | "PUT";
  body?: unknown;
  /** Sent as X-Namespace; null leaves the header out. */
  namespace?: string | null;
  /** null leaves Authorization out. */
  apiKey?: string | null;
  query?: Record<string, string | number | boolean>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export async function call(sim: Simulator, path: string, options: CallOptions = {}): Promise<CallResult> {
  const url = new URL(sim.url + path);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = {};
  const apiKey = options.apiKey === undefined ? sim.apiKey : options.apiKey;
  if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
  const namespace = options.namespace === undefined ? "demo" : options.namespace;
  if (namespace !== null) headers["x-namespace"] = namespace;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const listExecutions = (
  sim: Simulator,
  retriever: string,
  body: unknown = {},
  query: Record<string, string | number | boolean> = {},
  namespace = "demo",
) => call(sim, `/v1/retrievers/${encodeURIComponent(retriever)}/executions/list`, { body, query, namespace });

export const getExecution = (sim: Simulator, retriever: string, executionId: string, namespace = "demo") =>
  call(sim, `/v1/retrievers/${encodeURIComponent(retriever)}/executions/${encodeURIComponent(executionId)}`, {
    namespace,
  });

/** A clock fixed at one instant, so seeded data is the same on every run. */
export const FIXED_NOW = new Date("2025-06-02T12:00:00.000Z");
export const fixedClock = () => new Date(FIXED_NOW);

/** Sends `path` byte for byte: fetch would normalise dot segments before they reach the server. */
export function rawRequest(
  sim: Simulator,
  method: string,
  path: string,
  namespace = "demo",
): Promise<{ status: number; json: unknown }> {
  const { hostname, port } = new URL(sim.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        method,
        path,
        headers: {
          authorization: `Bearer ${sim.apiKey}`,
          "x-namespace": namespace,
          "content-type": "application/json",
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown }));
      },
    );
    req.on("error", reject);
    req.end(method === "POST" ? "{}" : undefined);
  });
}
