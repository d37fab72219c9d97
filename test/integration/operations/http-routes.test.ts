/** /metrics and the log lines, read from the running bot after real traffic. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, TEST_SECRETS } from "../../helpers/bot-harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  const reply = await h.slack.slashCommand({ text: "product-search limit:2" });
  await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
  await h.slack.slashCommand({ text: "product-search bogus-word" });
});
afterAll(async () => {
  await h?.close();
});

describe("/metrics", () => {
  it("counts commands by outcome, Mixpeek calls, cache and latency", async () => {
    const res = await fetch(`${h.bot.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/executions_bot_requests_total\{type="command",name="list",outcome="ok"\} 1/);
    expect(text).toMatch(/executions_bot_requests_total\{type="command",name="usage",outcome="invalid"\} 1/);
    expect(text).toMatch(/executions_bot_mixpeek_calls_total\{operation="listExecutions",outcome="ok"\} 1/);
    expect(text).toMatch(/executions_bot_cache_misses\{cache="executions"\} 1/);
    expect(text).toMatch(/executions_bot_ack_seconds_count\{type="command",name="list"\} 1/);
    expect(text).not.toContain("product-search");
  });
});

describe("logs", () => {
  it("has one JSON line per command with its outcome and duration, and no secret", () => {
    const lines = h.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const commands = lines.filter((l) => l.event === "command");
    expect(commands.map((l) => [l.name, l.outcome])).toEqual([
      ["list", "ok"],
      ["usage", "invalid"],
    ]);
    for (const line of commands) expect(typeof line.durationMs).toBe("number");
    const all = h.logs.join("");
    for (const secret of Object.values(TEST_SECRETS)) expect(all).not.toContain(secret);
  });

  it("scrubs the API key even when Mixpeek echoes it back in an error", async () => {
    h.sim.injectFault({
      kind: "status",
      status: 400,
      body: {
        success: false,
        status: 400,
        error: { message: `bad key ${TEST_SECRETS.apiKey}`, type: "BadRequest" },
      },
    });
    const reply = await h.slack.slashCommand({ text: "video-moments limit:2" });
    const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
    expect(JSON.stringify(shown)).not.toContain(TEST_SECRETS.apiKey);
    expect(h.logs.join("")).not.toContain(TEST_SECRETS.apiKey);
  });
});
