/**
 * The fetch the bot uses for Slack: Web API calls and response_url posts. Node's global fetch opens a
 * new connection for every concurrent request; when a slow Mixpeek answer releases hundreds of waiting
 * answers at once, that is hundreds of simultaneous connections and refused posts. A bounded pool of
 * keep-alive connections queues them instead.
 *
 * The WebClient uploads files (files.uploadV2) as Node's own FormData, which undici's fetch from the
 * package does not recognise (it would send the text "[object FormData]"): such a body is encoded to
 * multipart bytes here first.
 */
import type { FetchFunction } from "@slack/web-api";
import { Agent, type Dispatcher, fetch as undiciFetch } from "undici";

export interface SlackFetch {
  fetch: FetchFunction;
  /** The same pool, for plain requests (response_url posts, see listeners/response-url.ts). */
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export function createSlackFetch(options: { connections?: number } = {}): SlackFetch {
  const agent = new Agent({ connections: options.connections ?? 32, keepAliveTimeout: 10_000 });
  const fetch = (async (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...(await withEncodedForm(init)), dispatcher: agent })) as unknown as FetchFunction;
  return { fetch, dispatcher: agent, close: () => agent.close() };
}

type Init = Parameters<typeof undiciFetch>[1];

async function withEncodedForm(init: Init): Promise<Init> {
  const body = init?.body as unknown;
  if (!(body instanceof globalThis.FormData)) return init;
  // The platform's Response knows its own FormData: it writes the parts and the boundary.
  const encoded = new Response(body);
  const headers = new Headers(init?.headers as ConstructorParameters<typeof Headers>[0]);
  headers.set("content-type", encoded.headers.get("content-type") ?? "multipart/form-data");
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => {
    plain[name] = value;
  });
  return { ...init, headers: plain, body: Buffer.from(await encoded.arrayBuffer()) };
}
