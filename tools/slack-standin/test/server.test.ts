import type { SlackStandIn } from "@executions-bot/slack-standin";
import { STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const GENERAL = STAND_IN_DEFAULTS.channels[0].id;
let standIn: SlackStandIn;

beforeAll(async () => {
  standIn = await startSlackStandIn({ signingSecret: "s" });
});
afterAll(async () => {
  await standIn.close();
});

function post(text: string): Promise<Response> {
  return fetch(`${standIn.apiUrl}chat.postMessage`, {
    method: "POST",
    headers: { authorization: "Bearer xoxb-test", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ channel: GENERAL, text }).toString(),
  });
}

describe("browser demo endpoints", () => {
  it("serves the model as JSON", async () => {
    await post("visible in the state");
    const state = (await (await fetch(`${standIn.url}/_standin/state`)).json()) as {
      channels: unknown;
      messages: unknown[];
    };
    expect(state.channels).toEqual(STAND_IN_DEFAULTS.channels);
    expect(state.messages.at(-1)).toMatchObject({ channel: GENERAL, text: "visible in the state" });
  });

  it("streams a server-sent event whenever the model changes", async () => {
    const stream = await fetch(`${standIn.url}/_standin/events`);
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = "";
    await post("wakes the page");
    while (!received.includes('"kind":"message"')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    expect(received).toMatch(/event: change\nid: \d+\ndata: \{"seq":\d+,"kind":"api_call"\}/);
    expect(received).toContain('"kind":"message"');
    await reader.cancel();
  });

  it("answers 404 for paths it does not know", async () => {
    expect((await fetch(`${standIn.url}/nowhere`)).status).toBe(404);
  });
});

describe("waitFor", () => {
  it("resolves as soon as the condition holds after a change", async () => {
    const waiting = standIn.waitFor(() => standIn.messages(GENERAL).find((m) => m.text === "later"));
    setTimeout(() => void post("later"), 30);
    expect((await waiting).text).toBe("later");
  });

  it("rejects after the timeout, naming the last failed expectation", async () => {
    await expect(
      standIn.waitFor(() => {
        expect(standIn.messages(GENERAL)).toHaveLength(999);
        return true;
      }, 100),
    ).rejects.toThrow(/within 100 ms: expected .* to have a length of 999/);
  });
});
