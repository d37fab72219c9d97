/**
 * Uploads as @slack/web-api's files.uploadV2 makes them: files.getUploadURLExternal, the bytes posted to
 * the upload URL, files.completeUploadExternal sharing the file in a channel; and the missing scope.
 */
import type { SlackStandIn } from "@executions-bot/slack-standin";
import { STAND_IN_DEFAULTS, startSlackStandIn } from "@executions-bot/slack-standin";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "./helpers.js";

const GENERAL = STAND_IN_DEFAULTS.channels[0].id;
// The smallest PNG there is: a 1 × 1 pixel.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

let standIn: SlackStandIn;
const client = () =>
  new WebClient("xoxb-stand-in", {
    slackApiUrl: standIn.apiUrl,
    logger: silentLogger,
    retryConfig: { retries: 0 },
  });

beforeAll(async () => {
  standIn = await startSlackStandIn();
});
afterAll(async () => {
  await standIn.close();
});
beforeEach(() => standIn.setScopes(["chat:write", "files:write"]));

describe("files.uploadV2 against the stand-in", () => {
  it("uploads, completes and shares the file in the channel with its comment", async () => {
    const result = (await client().files.uploadV2({
      channel_id: GENERAL,
      file: PNG,
      filename: "chart.png",
      title: "Runs and latency",
      initial_comment: "The chart of the day",
    })) as { ok: boolean; files: Array<{ files?: Array<{ id: string }> }> };
    expect(result.ok).toBe(true);
    const id = result.files[0]?.files?.[0]?.id ?? "";
    expect(standIn.apiCalls().map((call) => call.method)).toEqual(
      expect.arrayContaining(["files.getUploadURLExternal", "files.completeUploadExternal"]),
    );
    const [file] = standIn.files().filter((f) => f.id === id);
    expect(file).toMatchObject({ filename: "chart.png", title: "Runs and latency", mimetype: "image/png" });
    expect(file?.bytes?.equals(PNG)).toBe(true);
    const message = standIn.messages(GENERAL).at(-1);
    expect(message?.text).toBe("The chart of the day");
    expect(message?.files?.[0]).toMatchObject({ id, original_w: 1, original_h: 1, filetype: "png" });
    const served = await fetch(`${standIn.url}/files/${id}`);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("answers missing_scope without files:write, and shares nothing", async () => {
    standIn.setScopes(["chat:write"]);
    const before = standIn.messages(GENERAL).length;
    await expect(
      client().files.uploadV2({ channel_id: GENERAL, file: PNG, filename: "x.png" }),
    ).rejects.toMatchObject({
      data: { error: "missing_scope", needed: "files:write" },
    });
    expect(standIn.messages(GENERAL)).toHaveLength(before);
  });

  it("refuses to complete a file whose bytes never arrived, or an unknown one", async () => {
    const web = client();
    const url = await web.files.getUploadURLExternal({ filename: "x.png", length: 10 });
    await expect(
      web.files.completeUploadExternal({ files: [{ id: url.file_id ?? "" }] }),
    ).rejects.toMatchObject({ data: { error: "file_upload_incomplete" } });
    await expect(web.files.completeUploadExternal({ files: [{ id: "F404" }] })).rejects.toMatchObject({
      data: { error: "file_not_found" },
    });
  });
});
