/** PostedAlertFinder against the Slack stand-in: what it reads, how far, and what Slack's refusals mean. */
import { Writable } from "node:stream";
import { type SlackStandIn, startSlackStandIn } from "@executions-bot/slack-standin";
import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertMetadata } from "../../../../src/alerts/watcher/alert-metadata.js";
import { PostedAlertFinder, slackTs } from "../../../../src/alerts/watcher/find-posted.js";
import { createLogger } from "../../../../src/logger.js";

const T0 = Date.parse("2025-03-01T12:00:00.000Z");
let ms = T0;
const now = () => new Date(ms);
let slack: SlackStandIn;
let client: WebClient;
const logs: string[] = [];

function finder(): PostedAlertFinder {
  const logger = createLogger({
    level: "info",
    secrets: [],
    destination: new Writable({
      write(chunk, _encoding, callback) {
        logs.push(String(chunk));
        callback();
      },
    }),
  });
  return new PostedAlertFinder(client, logger);
}

/** A message posted one second after the previous one. */
async function post(channel: string, extra: Record<string, unknown> = {}): Promise<string> {
  ms += 1000;
  const answer = await client.chat.postMessage({ channel, text: "message", ...extra });
  return answer.ts ?? "";
}

const history = () => slack.apiCalls("conversations.history").length;

beforeAll(async () => {
  slack = await startSlackStandIn({
    now,
    channels: ["C0TOP", "C0BUSY", "C0THREAD", "C0OTHER"].map((id) => ({ id, name: id.toLowerCase() })),
  });
  client = new WebClient("xoxb-stand-in", {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});
afterAll(async () => {
  await slack.close();
});

describe("PostedAlertFinder", () => {
  it("finds top-level alert messages and roll-ups since a moment, by the ids in their metadata", async () => {
    const before = await post("C0TOP", { metadata: alertMetadata("alert", [1]) });
    const since = new Date(ms + 500);
    const single = await post("C0TOP", { metadata: alertMetadata("alert", [2]) });
    await post("C0TOP", { metadata: { event_type: "someone_else", event_payload: { alert_ids: "3" } } });
    const rollup = await post("C0TOP", { metadata: alertMetadata("rollup", [3, 4, 5]) });
    await post("C0TOP");

    const sighting = await finder().find({ channel: "C0TOP", alertIds: new Set([1, 2, 3, 4, 9]), since });

    expect(sighting.outcome).toBe("looked");
    const found = sighting.outcome === "looked" ? sighting.found : new Map();
    expect(Object.fromEntries(found)).toEqual({
      2: { ts: single, threadTs: null, kind: "alert" },
      3: { ts: rollup, threadTs: null, kind: "rollup" },
      4: { ts: rollup, threadTs: null, kind: "rollup" },
    });
    expect(found.has(1)).toBe(false);
    expect(before < single).toBe(true);
    expect(slack.apiCalls("conversations.history").at(-1)?.args).toMatchObject({
      oldest: slackTs(since),
      include_all_metadata: "true",
    });
  });

  it("pages back through a busy channel, and stops once every alert is found", async () => {
    const since = new Date(ms);
    const wanted = await post("C0BUSY", { metadata: alertMetadata("alert", [42]) });
    for (let i = 0; i < 230; i++) await post("C0BUSY");

    const calls = history();
    const sighting = await finder().find({ channel: "C0BUSY", alertIds: new Set([42]), since });
    expect(sighting).toEqual({
      outcome: "looked",
      found: new Map([[42, { ts: wanted, threadTs: null, kind: "alert" }]]),
    });
    expect(history() - calls).toBe(3);

    await post("C0BUSY", { metadata: alertMetadata("alert", [43]) });
    const quick = history();
    await finder().find({ channel: "C0BUSY", alertIds: new Set([43]), since });
    expect(history() - quick).toBe(1);
  });

  it("looks in the subscription's thread for replies, and only when the top level did not have them all", async () => {
    const since = new Date(ms);
    const parent = await post("C0THREAD", { metadata: alertMetadata("alert", [100]) });
    const reply = await post("C0THREAD", { thread_ts: parent, metadata: alertMetadata("alert", [101]) });

    const sighting = await finder().find({
      channel: "C0THREAD",
      alertIds: new Set([100, 101]),
      since,
      threadTs: parent,
    });
    expect(sighting.outcome === "looked" && Object.fromEntries(sighting.found)).toEqual({
      100: { ts: parent, threadTs: null, kind: "alert" },
      101: { ts: reply, threadTs: parent, kind: "alert" },
    });
    const replies = slack.apiCalls("conversations.replies").length;
    await finder().find({ channel: "C0THREAD", alertIds: new Set([100]), since, threadTs: parent });
    expect(slack.apiCalls("conversations.replies")).toHaveLength(replies);

    // A deleted parent has no replies to find; that is an answer, not a failure.
    const gone = await finder().find({
      channel: "C0THREAD",
      alertIds: new Set([7]),
      since,
      threadTs: "1.000001",
    });
    expect(gone).toEqual({ outcome: "looked", found: new Map() });
  });

  it("cannot look without the scopes or the membership, and says so once per cause", async () => {
    const look = finder();
    const since = new Date(T0);
    logs.length = 0;
    slack.failNext("conversations.history", "missing_scope", 2);
    for (const channel of ["C0TOP", "C0OTHER"]) {
      expect(await look.find({ channel, alertIds: new Set([1]), since })).toEqual({
        outcome: "cannot_look",
        code: "missing_scope",
      });
    }
    slack.failNext("conversations.history", "not_in_channel", 3);
    for (const channel of ["C0TOP", "C0TOP", "C0OTHER"]) {
      expect((await look.find({ channel, alertIds: new Set([1]), since })).outcome).toBe("cannot_look");
    }
    expect(logs.map((line) => JSON.parse(line) as { level: string; code: string; channel: string })).toEqual([
      expect.objectContaining({ level: "warn", code: "missing_scope" }),
      expect.objectContaining({ level: "warn", code: "not_in_channel", channel: "C0TOP" }),
      expect.objectContaining({ level: "warn", code: "not_in_channel", channel: "C0OTHER" }),
    ]);
  });

  it("tells Slack's trouble apart: try again later, quietly", async () => {
    logs.length = 0;
    slack.failNext("conversations.history", { status: 500 });
    const sighting = await finder().find({ channel: "C0TOP", alertIds: new Set([1]), since: new Date(T0) });
    expect(sighting).toEqual({ outcome: "try_later", code: "slack_webapi_http_error" });
    slack.failNext("conversations.replies", "ratelimited");
    const inThread = await finder().find({
      channel: "C0TOP",
      alertIds: new Set([999]),
      since: new Date(T0),
      threadTs: "1.000001",
    });
    expect(inThread).toEqual({ outcome: "try_later", code: "ratelimited" });
    expect(logs).toEqual([]);
  });

  it("writes Slack timestamps to the microsecond", () => {
    expect(slackTs(new Date(T0 + 1))).toBe("1740830400.001000");
  });
});
