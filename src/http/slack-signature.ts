/**
 * Slack's request signature (v0): `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing
 * secret, refused once the timestamp is more than 5 minutes old. The same rules as Bolt's
 * verifySlackRequest; this one computes one HMAC and compares with `timingSafeEqual`, where Bolt's
 * comparison (tsscmp) draws a random key and computes two more HMACs per request.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const VERSION = "v0";
/** Bolt's staleness rule, to the second: older than 5 minutes before now is refused. */
const MAX_AGE_SECONDS = 5 * 60;

export type SignatureCheck = "ok" | "stale" | "mismatch";

export function checkSlackSignature(options: {
  signingSecret: string;
  /** x-slack-request-timestamp, in seconds. */
  timestamp: number;
  /** x-slack-signature. */
  signature: string;
  body: string;
  nowMs: number;
}): SignatureCheck {
  const { signingSecret, timestamp, signature, body, nowMs } = options;
  if (timestamp < Math.floor(nowMs / 1000) - MAX_AGE_SECONDS) return "stale";
  const expected = Buffer.from(
    `${VERSION}=${createHmac("sha256", signingSecret).update(`${VERSION}:${timestamp}:${body}`).digest("hex")}`,
  );
  const given = Buffer.from(signature);
  // The length of a valid signature is public (v0= and 64 hex digits); only the bytes need constant time.
  return given.length === expected.length && timingSafeEqual(given, expected) ? "ok" : "mismatch";
}
