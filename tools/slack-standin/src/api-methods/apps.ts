import type { ApiMethod } from "./result.js";

/** Where apps.connections.open gets a WebSocket URL from: the stand-in's Socket Mode server. */
export interface SocketUrls {
  issueUrl(baseUrl: string): string;
}

/** Methods that take an app-level token (xapp-…) instead of a bot token. */
export const APP_TOKEN_METHODS: ReadonlySet<string> = new Set(["apps.connections.open"]);

export function appMethods(sockets: SocketUrls): Record<string, ApiMethod> {
  return {
    "apps.connections.open": (_args, { baseUrl }) => ({ ok: true, url: sockets.issueUrl(baseUrl) }),
  };
}
