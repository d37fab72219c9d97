/**
 * Issue: the HTTP server had Node's defaults (a minute for headers, five for a request, no cap on
 * connections), so slow clients could tie it up. Now headers must come within 10 s, a request within
 * 30 s, open connections are capped, and /healthz keeps answering while 200 slow clients hang on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HTTP_LIMITS } from "../../../src/http/server-limits.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";
import { waitUntil } from "../../helpers/waiting.js";
import { openRaw, type RawConnection, statusOf } from "./raw-http.js";

const PARTIAL_HEADERS = "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n";

async function healthz(h: Harness): Promise<number> {
  return (await fetch(`${h.bot.url}/healthz`, { headers: { connection: "close" } })).status;
}

describe("with the production limits", () => {
  let h: Harness;
  const slow: RawConnection[] = [];
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    for (const raw of slow) raw.end();
    await h?.close();
  });

  it("are 10 s for headers, 30 s for a request, and a cap above 200 connections", () => {
    expect(HTTP_LIMITS.headersTimeoutMs).toBe(10_000);
    expect(HTTP_LIMITS.requestTimeoutMs).toBe(30_000);
    expect(HTTP_LIMITS.maxConnections).toBeGreaterThan(200);
  });

  it("/healthz answers while 200 slow clients hold connections open", async () => {
    for (let i = 0; i < 200; i++) {
      const raw = await openRaw(h.bot.port);
      // Half send headers that never end, half a body that never ends.
      raw.socket.write(i % 2 === 0 ? PARTIAL_HEADERS : `${PARTIAL_HEADERS}Content-Length: 1000\r\n\r\n{"a":`);
      slow.push(raw);
    }
    expect(await healthz(h)).toBe(200);
    expect(slow.filter((raw) => raw.socket.destroyed)).toEqual([]);
    const health = (await (await fetch(`${h.bot.url}/healthz`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
  });
});

describe("slow clients", () => {
  let h: Harness;
  beforeAll(async () => {
    // The same limits, shorter, so the test waits for them to strike rather than for 10 s.
    h = await startHarness({ bot: { http: { headersTimeoutMs: 300, requestTimeoutMs: 600 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("are cut off when their headers do not arrive in time", async () => {
    const raw = await openRaw(h.bot.port);
    raw.socket.write(PARTIAL_HEADERS);
    const answer = await raw.closed;
    expect(statusOf(answer)).toBe(408);
  });

  it("are cut off when their body does not arrive in time", async () => {
    const raw = await openRaw(h.bot.port);
    raw.socket.write(`${PARTIAL_HEADERS}Content-Length: 1000\r\n\r\n{"a":`);
    const answer = await raw.closed;
    expect([408, undefined]).toContain(statusOf(answer));
    expect(await healthz(h)).toBe(200);
  });
});

describe("the connection cap", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ bot: { http: { maxConnections: 5 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("closes connections past it at once, and serves again once some are gone", async () => {
    const held: RawConnection[] = [];
    for (let i = 0; i < 5; i++) {
      const raw = await openRaw(h.bot.port);
      raw.socket.write(PARTIAL_HEADERS);
      held.push(raw);
    }
    const extra = await openRaw(h.bot.port);
    extra.socket.write("GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n");
    expect(await extra.closed).toBe("");
    expect(held.filter((raw) => raw.socket.destroyed)).toEqual([]);

    for (const raw of held) {
      raw.end();
      await raw.closed;
    }
    // The server counts a connection gone when it sees it close, a moment after this side did.
    await waitUntil(
      async () => ((await healthz(h).catch(() => 0)) === 200 ? undefined : "no /healthz"),
      5000,
    );
    expect(h.logs.some((line) => line.includes("too many open connections"))).toBe(true);
  });
});
