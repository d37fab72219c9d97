/**
 * The fetch the bot uses for Slack: Web API calls and response_url posts. Node's global fetch opens a
 * new connection for every concurrent request; when a slow Mixpeek answer releases hundreds of waiting
 * answers at once, that is hundreds of simultaneous connections and refused posts. A bounded pool of
 * keep-alive connections queues them instead.
 */
import type { FetchFunction } from "@slack/web-api";
import { Agent, fetch as undiciFetch } from "undici";

export interface SlackFetch {
  fetch: FetchFunction;
  close(): Promise<void>;
}

export function createSlackFetch(options: { connections?: number } = {}): SlackFetch {
  const agent = new Agent({ connections: options.connections ?? 32, keepAliveTimeout: 10_000 });
  const fetch = ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher: agent })) as unknown as FetchFunction;
  return { fetch, close: () => agent.close() };
}
