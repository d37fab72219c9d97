/**
 * "Post chart to channel": the real bot draws the chart, uploads it through the stand-in's
 * files.getUploadURLExternal → upload URL → files.completeUploadExternal, and shows it in the private
 * view; without `files:write` the view keeps its sparklines and says why in one line.
 */
import { STAND_IN_DEFAULTS } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from "../../../src/charts/render-chart.js";
import { STATS_ACTION_IDS } from "../../../src/views/stats/stats-action-ids.js";
import { button, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";
import { readPng } from "../../helpers/png.js";

const NOW = new Date("2025-06-02T12:20:00.000Z");
const clock = () => new Date(NOW);
const GENERAL = STAND_IN_DEFAULTS.channels[0].id;
const ALL_SCOPES = ["commands", "chat:write", "chat:write.public", "files:write"];

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ simulator: { now: clock }, bot: { now: clock } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.slack.setScopes(ALL_SCOPES));

async function statsThenPostChart(text: string) {
  const reply = await h.slack.slashCommand({ text });
  // Drawing and uploading a chart takes a while on a busy machine: these wait for the event, not a time.
  const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId), 20_000);
  const post = button(shown.blocks, STATS_ACTION_IDS.postChart);
  expect(post).toBeDefined();
  h.sim.resetCalls();
  const before = h.slack.responses().length;
  await h.slack.blockAction({ responseUrlId: reply.responseUrlId, action: post! });
  await h.slack.waitFor(() => h.slack.responses().length > before, 20_000);
  return { id: reply.responseUrlId, after: h.slack.shownBy(reply.responseUrlId)! };
}

describe("Post chart to channel", () => {
  it("uploads the chart through Slack's external upload and shows it in the view", async () => {
    const messagesBefore = h.slack.messages(GENERAL).length;
    const { after } = await statsThenPostChart("product-search stats");
    const methods = h.slack.apiCalls().map((call) => call.method);
    // Slack's external upload in its order: a URL for the file, the bytes to it, then completing it.
    const asked = methods.lastIndexOf("files.getUploadURLExternal");
    const completed = methods.lastIndexOf("files.completeUploadExternal");
    expect(asked).toBeGreaterThanOrEqual(0);
    expect(completed).toBeGreaterThan(asked);

    const [file] = h.slack.files().slice(-1);
    expect(file?.filename).toBe("24h-chart.png");
    const png = readPng(file!.bytes!);
    expect([png.width, png.height]).toEqual([CHART_WIDTH * CHART_SCALE, CHART_HEIGHT * CHART_SCALE]);

    const shared = h.slack.messages(GENERAL).slice(messagesBefore);
    expect(shared).toHaveLength(1);
    expect(shared[0]?.files?.[0]?.id).toBe(file?.id);
    expect(shared[0]?.text).toBe(
      `:bar_chart: *Runs and latency of product-search*, last 24 hours · shared by <@${STAND_IN_DEFAULTS.userId}>`,
    );

    const image = after.blocks?.find((block) => (block as { type: string }).type === "image");
    expect(image).toMatchObject({ slack_file: { id: file?.id } });
    // The chart was drawn from the cached stats: no new Mixpeek call.
    expect(h.sim.callCount()).toBe(0);
  });

  it("in a channel closed to the bot's files, says so in one line and keeps the sparklines", async () => {
    h.slack.failNext("files.completeUploadExternal", "not_in_channel");
    const { after } = await statsThenPostChart("support-faq stats");
    const text = textOf(after.blocks);
    expect(text).toContain(
      "No chart this time: the bot cannot share files in this channel (invite it with `/invite`)",
    );
    expect(text).toMatch(/Runs {3}`[▁▂▃▄▅▆▇█·]+`/);
    expect(after.blocks?.some((block) => (block as { type: string }).type === "image")).toBe(false);
  });

  it("without files:write keeps the sparklines and says why in one line, never an error", async () => {
    h.slack.setScopes(["commands", "chat:write"]);
    const filesBefore = h.slack.files().length;
    const { after } = await statsThenPostChart("video-moments stats 7d");
    expect(h.slack.files()).toHaveLength(filesBefore);
    const text = textOf(after.blocks);
    expect(text).toContain(
      "No chart this time: this app may not upload files (it lacks the `files:write` permission",
    );
    expect(text).toMatch(/Runs {3}`[▁▂▃▄▅▆▇█·]+`/);
    expect(after.blocks?.some((block) => (block as { type: string }).type === "image")).toBe(false);
    expect(
      h.logs.some((line) => line.includes('"name":"stats_post_chart"') && line.includes('"outcome":"ok"')),
    ).toBe(true);
    expect(h.logs.some((line) => line.includes("something went wrong"))).toBe(false);
  });
});
