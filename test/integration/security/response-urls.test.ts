/**
 * Issue: the bot posted to any `response_url` a signed request named, `http://127.0.0.1:…`,
 * `[::ffff:127.0.0.1]` and `2130706433` included, and followed redirects. Now it posts only to Slack's
 * hooks hosts (or SLACK_API_URL's origin, set here as in tests and the demo), and never follows a
 * redirect: the other address never hears from it, whichever way it is spelled or reached.
 */
import { signedHeaders } from "@executions-bot/slack-standin";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  PICKER_BLOCK_IDS,
  RETRIEVER_SEARCH_ACTION_ID,
} from "../../../src/views/executions/retriever-picker.js";
import { type Harness, startHarness, TEST_SECRETS } from "../../helpers/bot-harness.js";
import { type ScriptedServer, startScriptedServer } from "../../helpers/scripted-server.js";
import { waitUntil } from "../../helpers/waiting.js";

const FORM = "application/x-www-form-urlencoded";
let evil: ScriptedServer;
beforeAll(async () => {
  evil = await startScriptedServer();
});
afterAll(async () => {
  await evil?.close();
});

/** `/executions product-search` as Slack would send it, but answering to `responseUrl`. */
function command(h: Harness, responseUrl: string) {
  const body = new URLSearchParams({
    command: "/executions",
    text: "product-search",
    user_id: "U0DEVUSER",
    channel_id: "C0GENERAL",
    team_id: "T0STANDIN",
    trigger_id: `trigger-${Math.random()}`,
    response_url: responseUrl,
  }).toString();
  return h.slack.sendRaw(body, {
    "content-type": FORM,
    ...signedHeaders(TEST_SECRETS.signingSecret, body, Math.floor(Date.now() / 1000)),
  });
}

/** Waits until the bot has finished `n` more commands: past that, nothing more comes from them. */
async function commandsFinished(h: Harness, before: number, n: number): Promise<void> {
  await waitUntil(async () => (h.handled("command") >= before + n ? undefined : "commands unfinished"), 8000);
}

describe("response URLs that are not Slack's", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => evil.reset());

  it("are never posted to, however the address is spelled", async () => {
    const port = new URL(evil.url).port;
    const spellings = [
      `http://127.0.0.1:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      `http://[::1]:${port}/hook`,
      `http://2130706433:${port}/hook`,
      `http://0x7f000001:${port}/hook`,
      `http://127.1:${port}/hook`,
      `http://localhost:${port}/hook`,
      `https://hooks.slack.com.127.0.0.1.nip.io:${port}/hook`,
      `http://hooks.slack.com@127.0.0.1:${port}/hook`,
      `${h.slack.url}@127.0.0.1:${port}/hook`,
    ];
    const before = h.handled("command");
    for (const url of spellings) expect((await command(h, url)).status).toBe(200);
    await commandsFinished(h, before, spellings.length);
    expect(evil.requests).toEqual([]);
    const refused = h.logs.filter((line) => line.includes("response_url refused"));
    expect(refused).toHaveLength(spellings.length);
    // Not even the refused address reaches the log.
    expect(h.logs.some((line) => line.includes(`:${port}/hook`))).toBe(false);
  });

  it("kept in a picker's edited metadata is not posted to either", async () => {
    const reply = await h.slack.slashCommand({ text: "" });
    const modal = await h.slack.waitFor(() =>
      h.slack
        .views()
        .find(
          (v) => v.callback_id === "executions_picker" && v.private_metadata?.includes(reply.responseUrlId),
        ),
    );
    const before = h.handled("view");
    const submitted = await h.slack.viewSubmission({
      viewId: modal.id,
      privateMetadata: JSON.stringify({ n: "demo", u: `${evil.url}/hook` }),
      values: {
        [PICKER_BLOCK_IDS.retriever]: {
          [RETRIEVER_SEARCH_ACTION_ID]: {
            type: "external_select",
            selected_option: {
              text: { type: "plain_text", text: "product-search" },
              value: "product-search",
            },
          },
        },
      },
    });
    expect(submitted.status).toBe(200);
    await waitUntil(async () => (h.handled("view") > before ? undefined : "view unfinished"), 8000);
    expect(evil.requests).toEqual([]);
  });

  it("Slack's own response URLs still get the answer", async () => {
    const reply = await h.slack.slashCommand({ text: "product-search" });
    const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
    expect(shown.blocks?.length).toBeGreaterThan(0);
    // The bot logs at debug level here: a response URL is a credential for 30 minutes, never logged.
    await waitUntil(async () => (h.handled("command") > 0 ? undefined : "command unfinished"), 8000);
    expect(h.logs.filter((line) => line.includes("/response/"))).toEqual([]);
  });
});

describe("a response URL on Slack's host that redirects", () => {
  let h: Harness;
  let slackHost: ScriptedServer;
  beforeAll(async () => {
    // This server is "Slack" for the bot (SLACK_API_URL): it answers auth.test at start, then the post to
    // its response URL with a redirect to the other address.
    slackHost = await startScriptedServer();
    slackHost.script({
      status: 200,
      body: { ok: true, team: "standin", team_id: "T0STANDIN", user_id: "U0STANDBOT", bot_id: "B0STANDBOT" },
    });
    h = await startHarness({ env: { SLACK_API_URL: `${slackHost.url}/api/` } });
  });
  afterAll(async () => {
    await h?.close();
    await slackHost?.close();
  });

  it("is not followed", async () => {
    slackHost.script(
      ...[307, 302, 301].map((status) => ({ status, headers: { location: `${evil.url}/hook` } })),
    );
    const before = h.handled("command");
    expect((await command(h, `${slackHost.url}/hooks/answer`)).status).toBe(200);
    expect((await command(h, `${slackHost.url}/hooks/answer`)).status).toBe(200);
    await commandsFinished(h, before, 2);
    expect(slackHost.requests.filter((r) => r.url === "/hooks/answer").length).toBeGreaterThan(0);
    expect(evil.requests).toEqual([]);
  });
});
