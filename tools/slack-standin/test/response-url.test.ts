import type { SlackStandIn } from "@executions-bot/slack-standin";
import { STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock, silentLogger, startFakeBot } from "./helpers.js";

const SECRET = "response-url-secret";
const GENERAL = STAND_IN_DEFAULTS.channels[0].id;

const clock = manualClock();
let standIn: SlackStandIn;
let bot: Awaited<ReturnType<typeof startFakeBot>>;

beforeAll(async () => {
  bot = await startFakeBot(SECRET);
  standIn = await startSlackStandIn({ signingSecret: SECRET, botUrl: bot.url, now: clock.now });
});
afterAll(async () => {
  await standIn.close();
  await bot.close();
});

/** Posts to a response URL the way Bolt's respond() does. */
async function respond(responseUrlId: string | undefined, body: Record<string, unknown>) {
  const response = await fetch(`${standIn.url}/response/${responseUrlId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function command(): Promise<string> {
  return (await standIn.slashCommand({ text: "r" })).responseUrlId;
}

describe("response_url", () => {
  it("posts an ephemeral message by default and replaces it with replace_original", async () => {
    const id = await command();
    expect(await respond(id, { text: "page 1" })).toEqual({ status: 200, text: "ok" });
    const first = standIn.shownBy(id);
    expect(first).toMatchObject({ text: "page 1", ephemeralTo: STAND_IN_DEFAULTS.userId, edited: 0 });

    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "page 2" } }];
    await respond(id, { text: "page 2", blocks, replace_original: true });
    expect(standIn.shownBy(id)).toMatchObject({ ts: first?.ts, text: "page 2", blocks, edited: 1 });
    expect(standIn.ephemerals().filter((m) => m.ts === first?.ts)).toHaveLength(1);
    expect(standIn.messages().some((m) => m.ts === first?.ts)).toBe(false);
  });

  it("posts in_channel replies as channel messages, in a thread when asked", async () => {
    const id = await command();
    await respond(id, { response_type: "in_channel", text: "for everyone" });
    const parent = standIn.messages(GENERAL).at(-1);
    expect(parent).toMatchObject({ text: "for everyone", user: STAND_IN_DEFAULTS.botUserId });
    expect(parent?.ephemeralTo).toBeUndefined();

    await respond(id, { response_type: "in_channel", text: "in the thread", thread_ts: parent?.ts });
    expect(standIn.messages(GENERAL).at(-1)).toMatchObject({ text: "in the thread", thread_ts: parent?.ts });
  });

  it("lets a click replace the channel message it came from, and delete it", async () => {
    const web = new WebClient("xoxb-test", { slackApiUrl: standIn.apiUrl, logger: silentLogger });
    const posted = await web.chat.postMessage({ channel: GENERAL, text: "alert v1" });
    const click = await standIn.blockAction({ messageTs: posted.ts, action: { action_id: "mute" } });

    await respond(click.responseUrlId, { text: "alert v2", replace_original: true });
    expect(standIn.messages(GENERAL).find((m) => m.ts === posted.ts)).toMatchObject({
      text: "alert v2",
      edited: 1,
    });

    await respond(click.responseUrlId, { delete_original: true });
    expect(standIn.messages(GENERAL).some((m) => m.ts === posted.ts)).toBe(false);
  });

  it("accepts 5 posts, then answers 404 used_url like Slack", async () => {
    const id = await command();
    for (let i = 1; i <= 5; i++) {
      expect((await respond(id, { text: `post ${i}`, replace_original: true })).status).toBe(200);
    }
    const sixth = await respond(id, { text: "post 6", replace_original: true });
    expect(sixth.status).toBe(404);
    expect(JSON.parse(sixth.text)).toEqual({ ok: false, error: "used_url" });
    expect(standIn.shownBy(id)?.text).toBe("post 5");
    expect(
      standIn
        .responses()
        .filter((r) => r.responseUrlId === id)
        .map((r) => r.status),
    ).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it("expires 30 minutes after the interaction", async () => {
    const id = await command();
    clock.advance(30 * 60 * 1000 + 1);
    const late = await respond(id, { text: "too late" });
    expect(late.status).toBe(404);
    expect(JSON.parse(late.text).error).toBe("expired_url");
  });

  it("answers 404 for a URL it never issued and 400 for a message Slack would refuse", async () => {
    expect((await respond("R-unknown", { text: "x" })).status).toBe(404);
    const id = await command();
    const tooMany = Array.from({ length: 51 }, () => ({ type: "divider" }));
    const refused = await respond(id, { blocks: tooMany });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect((await respond(id, {})).status).toBe(400);
    // Refused posts do not use up the URL.
    for (let i = 0; i < 5; i++) expect((await respond(id, { text: "fine" })).status).toBe(200);
  });
});
