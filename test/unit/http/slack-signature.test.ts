/**
 * The guard's own signature check must admit and refuse exactly what Bolt's verifySlackRequest does
 * (Bolt no longer checks after the guard); Bolt's function is the oracle here.
 */
import { createHmac } from "node:crypto";
import { verifySlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { checkSlackSignature } from "../../../src/http/slack-signature.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW_MS = 1_764_620_000_123;

const sign = (timestamp: number, body: string, secret = SECRET) =>
  `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;

function bolt(timestamp: number, signature: string, body: string): boolean {
  try {
    verifySlackRequest({
      signingSecret: SECRET,
      body,
      headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
      nowMilliseconds: NOW_MS,
    });
    return true;
  } catch {
    return false;
  }
}

const ours = (timestamp: number, signature: string, body: string) =>
  checkSlackSignature({ signingSecret: SECRET, timestamp, signature, body, nowMs: NOW_MS });

describe("checkSlackSignature", () => {
  const nowSec = Math.floor(NOW_MS / 1000);
  const body =
    "token=x&command=%2Fexecutions&text=product-search&response_url=https%3A%2F%2Fhooks.slack.com%2Fx";

  it("admits a fresh, correctly signed body", () => {
    expect(ours(nowSec, sign(nowSec, body), body)).toBe("ok");
  });

  it("refuses a tampered body, timestamp, secret or version", () => {
    expect(ours(nowSec, sign(nowSec, body), `${body}&x=1`)).toBe("mismatch");
    expect(ours(nowSec - 1, sign(nowSec, body), body)).toBe("mismatch");
    expect(ours(nowSec, sign(nowSec, body, `${SECRET}x`), body)).toBe("mismatch");
    expect(ours(nowSec, sign(nowSec, body).replace(/^v0=/, "v1="), body)).toBe("mismatch");
    expect(ours(nowSec, sign(nowSec, body).slice(0, -1), body)).toBe("mismatch");
    expect(ours(nowSec, `${sign(nowSec, body)}0`, body)).toBe("mismatch");
    expect(ours(nowSec, "", body)).toBe("mismatch");
  });

  it("calls a timestamp older than 5 minutes stale, to the second", () => {
    expect(ours(nowSec - 300, sign(nowSec - 300, body), body)).toBe("ok");
    expect(ours(nowSec - 301, sign(nowSec - 301, body), body)).toBe("stale");
  });

  it("agrees with Bolt's verifySlackRequest on signed, tampered and stale requests", () => {
    const disagreements: string[] = [];
    for (let age = -400; age <= 400; age += 7) {
      const timestamp = nowSec - age;
      const good = sign(timestamp, body);
      const flipped = `${good.slice(0, 10)}${good[10] === "a" ? "b" : "a"}${good.slice(11)}`;
      for (const signature of [good, flipped, good.toUpperCase(), `v0=${good.slice(3, 40)}`]) {
        const expected = bolt(timestamp, signature, body);
        const actual = ours(timestamp, signature, body) === "ok";
        if (expected !== actual)
          disagreements.push(`age ${age}, ${signature.slice(0, 12)}…: bolt ${expected}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
