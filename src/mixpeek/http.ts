/**
 * Transport for the Mixpeek client: building a safe request path and making one HTTP exchange with a
 * deadline. Knows nothing about Mixpeek's errors or schemas.
 */
import type { Dispatcher } from "undici";

export type QueryValue = string | number | boolean | undefined;

/** A path segment that no encoding can make safe: `.`/`..` are dot segments to proxies even when
 * percent-encoded, and an empty segment would reach a different route. */
export class InvalidPathSegmentError extends Error {
  override readonly name = "InvalidPathSegmentError";
}

/**
 * Splits a base URL such as `http://127.0.0.1:4010/` or `https://h/proxy` into the origin the connection
 * pool needs and the path prefix every request starts with (no trailing slash).
 */
export function splitBaseUrl(baseUrl: string): { origin: string; pathPrefix: string } {
  const url = new URL(baseUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`Mixpeek baseUrl must be http(s), got ${url.protocol}`);
  }
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, "") };
}

/**
 * Joins the prefix and the segments, each one percent-encoded, so that a value such as a retriever
 * named `a/b`, `../x` or `?x` stays one segment and can never change which route is called.
 */
export function buildRequestPath(
  pathPrefix: string,
  segments: readonly string[],
  query: Record<string, QueryValue> = {},
): string {
  const encoded = segments.map((segment) => {
    if (segment === "" || segment === "." || segment === "..") {
      throw new InvalidPathSegmentError(`"${segment}" cannot be used as a path segment`);
    }
    return encodeURIComponent(segment);
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search.append(name, String(value));
  }
  const queryString = search.toString();
  return `${pathPrefix}/${encoded.join("/")}${queryString === "" ? "" : `?${queryString}`}`;
}

/** Raised when headers and body together did not arrive within the deadline. */
export class ResponseTimeoutError extends Error {
  override readonly name = "ResponseTimeoutError";
  readonly code = "MIXPEEK_RESPONSE_TIMEOUT";

  constructor(readonly timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
  }
}

export interface HttpRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One request and its whole body. The body is always read to the end (or destroyed by the abort), so
 * the connection goes back to the pool whatever the status. The deadline covers headers and body:
 * undici's own timeouts reset on every chunk, so a slow trickle would otherwise never time out.
 */
export async function exchange(
  dispatcher: Dispatcher,
  request: HttpRequest,
  timeoutMs: number,
): Promise<HttpReply> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ResponseTimeoutError(timeoutMs)), timeoutMs);
  try {
    const response = await dispatcher.request({
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body ?? null,
      signal: controller.signal,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text };
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
