import { createHmac } from "node:crypto";

/** Slack's `X-Slack-Signature` for a request body sent at `timestampSeconds`. */
export function signRequest(signingSecret: string, body: string, timestampSeconds: number): string {
  const digest = createHmac("sha256", signingSecret).update(`v0:${timestampSeconds}:${body}`).digest("hex");
  return `v0=${digest}`;
}

/** The two headers Slack adds to every request it sends to an app. */
export function signedHeaders(
  signingSecret: string,
  body: string,
  timestampSeconds: number,
): Record<string, string> {
  return {
    "X-Slack-Request-Timestamp": String(timestampSeconds),
    "X-Slack-Signature": signRequest(signingSecret, body, timestampSeconds),
  };
}
