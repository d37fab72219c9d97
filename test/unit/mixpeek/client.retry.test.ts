import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MixpeekClient } from "../../../src/mixpeek/client.js";
import { refusingUrl, type ScriptedServer, startScriptedServer } from "../../helpers/scripted-server.js";
import {
  listExecutionsBody,
  listExecutionsParams,
  mixpeekErrorOf,
  retriever,
  testClient,
} from "./support.js";

let server: ScriptedServer;
const clients: MixpeekClient[] = [];

function clientAt(baseUrl: string, overrides: Parameters<typeof testClient>[1] = {}) {
  const made = testClient(baseUrl, overrides);
  clients.push(made.client);
  return made;
}

beforeAll(async () => {
  server = await startScriptedServer();
});
beforeEach(() => server.reset());
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(() => server.close());

const ok = { status: 200, body: listExecutionsBody() };
const tooMany = (retryAfter?: string) => ({
  status: 429,
  ...(retryAfter === undefined ? {} : { headers: { "retry-after": retryAfter } }),
  body: { success: false, status: 429, error: { message: "slow down", type: "TooManyRequestsError" } },
});

describe("rate limits", () => {
  it("waits the Retry-After seconds, then succeeds", async () => {
    const { client, time, events } = clientAt(server.url);
    server.script(tooMany("2"), ok);

    await client.listExecutions(listExecutionsParams);

    expect(time.delays).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
    expect(events).toEqual([
      { operation: "listExecutions", outcome: "ok", status: 200, durationMs: 2000, attempts: 2 },
    ]);
  });

  it("waits until a Retry-After HTTP-date", async () => {
    const { client, time } = clientAt(server.url);
    server.script(tooMany(new Date(time.now() + 3000).toUTCString()), ok);

    await client.listExecutions(listExecutionsParams);

    expect(time.delays).toEqual([3000]);
  });

  it("falls back to its own backoff without Retry-After", async () => {
    const { client, time } = clientAt(server.url);
    server.script(tooMany(), tooMany(), ok);

    await client.listExecutions(listExecutionsParams);

    expect(time.delays).toEqual([125, 250]);
  });

  it("stops at once when Retry-After is longer than the budget, keeping how long to wait", async () => {
    const { client, time, events } = clientAt(server.url);
    server.script(tooMany("30"), ok);

    const error = await mixpeekErrorOf(client.listExecutions(listExecutionsParams));

    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 30_000 });
    expect(error.upstreamMessage).toBe("slow down");
    expect(time.delays).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: "rate_limited", attempts: 1 });
  });

  it("stops when a second Retry-After would end past what is left of the budget", async () => {
    const { client, time } = clientAt(server.url);
    server.script(tooMany("5"), tooMany("5"), ok);

    const error = await mixpeekErrorOf(client.listExecutions(listExecutionsParams));

    expect(error).toMatchObject({ kind: "rate_limited", retryAfterMs: 5000 });
    expect(time.delays).toEqual([5000]);
    expect(server.requests).toHaveLength(2);
  });

  it("gives up as rate_limited after the last try", async () => {
    const { client, time, events } = clientAt(server.url);
    server.script(tooMany(), tooMany(), tooMany(), tooMany(), ok);

    const error = await mixpeekErrorOf(client.listExecutions(listExecutionsParams));

    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterMs).toBeUndefined();
    expect(server.requests).toHaveLength(4);
    expect(time.delays).toEqual([125, 250, 500]);
    expect(events[0]).toMatchObject({ outcome: "rate_limited", status: 429, attempts: 4, durationMs: 875 });
  });
});

describe("gateway errors", () => {
  it.each([502, 503, 504])("retries HTTP %i", async (status) => {
    const { client, time } = clientAt(server.url);
    server.script({ status, body: "Bad Gateway" }, ok);

    const page = await client.listExecutions(listExecutionsParams);

    expect(page.results).toHaveLength(1);
    expect(time.delays).toEqual([125]);
  });

  it("honours Retry-After on a 503 too", async () => {
    const { client, time } = clientAt(server.url);
    server.script({ status: 503, headers: { "retry-after": "1" }, body: "" }, ok);

    await client.listExecutions(listExecutionsParams);

    expect(time.delays).toEqual([1000]);
  });

  it("fails as unavailable when every try gets a 503", async () => {
    const { client } = clientAt(server.url);
    server.script(...Array.from({ length: 5 }, () => ({ status: 503, body: "down" })));

    const error = await mixpeekErrorOf(client.listExecutions(listExecutionsParams));

    expect(error).toMatchObject({ kind: "unavailable", status: 503, upstreamMessage: "down" });
    expect(server.requests).toHaveLength(4);
  });
});

describe("bounds", () => {
  it.each([1, 2, 6])("makes at most maxAttempts = %i tries", async (maxAttempts) => {
    const { client, time } = clientAt(server.url, { retry: { maxAttempts, maxTotalMs: 1_000_000 } });
    server.script(...Array.from({ length: 10 }, () => ({ status: 502, body: "" })));

    await mixpeekErrorOf(client.listExecutions(listExecutionsParams));

    expect(server.requests).toHaveLength(maxAttempts);
    expect(time.delays).toHaveLength(maxAttempts - 1);
  });

  it("grows the wait exponentially up to maxDelayMs, jittered below each cap", async () => {
    const { client, time } = clientAt(server.url, {
      random: () => 0.999,
      retry: { maxAttempts: 7, maxTotalMs: 1_000_000 },
    });
    server.script(...Array.from({ length: 7 }, () => ({ status: 504, body: "" })));

    await mixpeekErrorOf(client.listExecutions(listExecutionsParams));

    expect(time.delays).toEqual([249, 499, 999, 1998, 3996, 3996]);
  });

  it("stops before a wait that would use up the total budget", async () => {
    const { client, time, events } = clientAt(server.url, {
      random: () => 0.999,
      retry: { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 10_000, maxTotalMs: 5000 },
    });
    server.script(...Array.from({ length: 10 }, () => ({ status: 503, body: "" })));

    const error = await mixpeekErrorOf(client.listExecutions(listExecutionsParams));

    expect(error.kind).toBe("unavailable");
    // 999 + 1998 spent; the next wait (3996) would end past 5000.
    expect(time.delays).toEqual([999, 1998]);
    expect(server.requests).toHaveLength(3);
    expect(events[0]?.durationMs).toBeLessThan(5000);
  });

  it("cuts a try short when the budget ends before the response time-out", async () => {
    const { client, events } = clientAt(server.url, {
      now: Date.now,
      timeouts: { responseMs: 10_000 },
      retry: { maxTotalMs: 300 },
    });
    server.script({ hang: "headers" });
    const started = Date.now();

    const error = await mixpeekErrorOf(client.listExecutions(listExecutionsParams));

    expect(error.kind).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(events[0]).toMatchObject({ outcome: "unavailable", attempts: 1 });
    expect(events[0]?.durationMs).toBeGreaterThanOrEqual(290);
  });
});

describe("network failures", () => {
  it("retries a refused connection, then fails as unavailable", async () => {
    const { client, time, events } = clientAt(await refusingUrl());

    const error = await mixpeekErrorOf(client.getRetriever({ namespace: "ns", retriever: "r" }));

    expect(error.kind).toBe("unavailable");
    expect(error.status).toBeUndefined();
    expect(error.message).toBe("Mixpeek getRetriever failed: ECONNREFUSED");
    expect(time.delays).toEqual([125, 250, 500]);
    expect(events).toEqual([
      { operation: "getRetriever", outcome: "unavailable", durationMs: 875, attempts: 4 },
    ]);
  });

  it("retries a dropped connection", async () => {
    const { client, time } = clientAt(server.url);
    server.script({ destroy: true }, { status: 200, body: retriever() });

    const found = await client.getRetriever({ namespace: "ns", retriever: "r" });

    expect(found.retriever_name).toBe("product-search");
    expect(time.delays).toEqual([125]);
  });

  it("times out a server that never answers, and retries", async () => {
    const { client, time } = clientAt(server.url, {
      timeouts: { responseMs: 100 },
      retry: { maxAttempts: 2 },
    });
    server.script({ hang: "headers" }, { hang: "headers" });

    const error = await mixpeekErrorOf(client.listExecutions(listExecutionsParams));

    expect(error.kind).toBe("unavailable");
    expect(error.message).toBe("Mixpeek listExecutions failed: no complete response within 100 ms");
    expect(server.requests).toHaveLength(2);
    expect(time.delays).toEqual([125]);
  });

  it("times out a body that stalls after the headers, and retries", async () => {
    const { client } = clientAt(server.url, { timeouts: { responseMs: 100 } });
    server.script({ hang: "body" }, ok);

    const page = await client.listExecutions(listExecutionsParams);

    expect(page.results).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });
});

describe("onCall", () => {
  it("does not let a throwing hook break a call", async () => {
    const { client } = clientAt(server.url, {
      onCall: () => {
        throw new Error("metrics are down");
      },
    });
    server.script(ok);

    await expect(client.listExecutions(listExecutionsParams)).resolves.toMatchObject({ results: [{}] });
  });
});
