/** Small node:http helpers shared by the API and the control routes. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** What a handler answers; the server writes it (after any fault has had its say). */
export interface SimResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as-is instead of JSON-encoding `body` (for the invalid-JSON fault). */
  rawBody?: string;
}

const ERROR_TYPES: Record<number, string> = {
  400: "BadRequestError",
  401: "UnauthorizedError",
  403: "ForbiddenError",
  404: "NotFoundError",
  409: "ConflictError",
  413: "PayloadTooLargeError",
  422: "ValidationError",
  429: "TooManyRequestsError",
  500: "InternalServerError",
  502: "BadGatewayError",
  503: "ServiceUnavailableError",
  504: "GatewayTimeoutError",
};

export function errorType(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? "InternalServerError" : "BadRequestError");
}

/** Mixpeek's error envelope. */
export function errorResponse(
  status: number,
  message: string,
  details: Record<string, unknown> | null = null,
): SimResponse {
  return { status, body: { success: false, status, error: { message, type: errorType(status), details } } };
}

export const jsonResponse = (status: number, body: unknown): SimResponse => ({ status, body });

export class BodyTooLargeError extends Error {}
export class BodyNotJsonError extends Error {}

/** The request body as JSON; undefined when there is none. */
export async function readJsonBody(req: IncomingMessage, maxBytes = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new BodyTooLargeError(`Body larger than ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BodyNotJsonError(error instanceof Error ? error.message : "Invalid JSON");
  }
}

export function writeResponse(res: ServerResponse, response: SimResponse): void {
  if (res.headersSent || res.destroyed) return;
  const text = response.rawBody ?? JSON.stringify(response.body);
  res.writeHead(response.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...response.headers,
  });
  res.end(text);
}
