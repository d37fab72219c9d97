import { RespondError } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { REPLY_RETRY_DELAYS_MS, replyThrough, respondSafely } from "../../../src/listeners/reply.js";
import { silentLogger } from "../../../src/logger.js";

const message = { text: "hello", blocks: [] };

/** Records the waits instead of waiting. */
function deps() {
  const waits: number[] = [];
  return { waits, logger: silentLogger(), sleep: async (ms: number) => void waits.push(ms) };
}

function responder(failures: unknown[]) {
  const bodies: unknown[] = [];
  return {
    bodies,
    respond: async (body: unknown) => {
      bodies.push(body);
      const failure = failures.shift();
      if (failure) throw failure;
    },
  };
}

describe("respondSafely", () => {
  it("posts the message with the options", async () => {
    const r = responder([]);
    expect(await respondSafely(r.respond, message, { replace_original: true }, deps())).toBe(true);
    expect(r.bodies).toEqual([{ text: "hello", blocks: [], replace_original: true }]);
  });

  it("tries again when the post never reached Slack or Slack failed", async () => {
    const r = responder([new TypeError("fetch failed"), new RespondError("busy", 503)]);
    const d = deps();
    expect(await respondSafely(r.respond, message, {}, d)).toBe(true);
    expect(r.bodies).toHaveLength(3);
    expect(d.waits).toEqual([...REPLY_RETRY_DELAYS_MS]);
  });

  it("gives up after three tries, without throwing", async () => {
    const r = responder([new TypeError("a"), new TypeError("b"), new TypeError("c"), new TypeError("d")]);
    expect(await respondSafely(r.respond, message, {}, deps())).toBe(false);
    expect(r.bodies).toHaveLength(3);
  });

  it("does not repeat a post Slack refused (used or expired URL)", async () => {
    const r = responder([new RespondError("used_url", 404)]);
    const d = deps();
    expect(await respondSafely(r.respond, message, {}, d)).toBe(false);
    expect(r.bodies).toHaveLength(1);
    expect(d.waits).toEqual([]);
  });

  it("answers privately and beside the clicked message unless told otherwise", async () => {
    const r = responder([]);
    const reply = replyThrough(r.respond, deps());
    await reply(message);
    await reply(message, { response_type: "in_channel" });
    expect(r.bodies).toEqual([
      { text: "hello", blocks: [], response_type: "ephemeral", replace_original: false },
      { text: "hello", blocks: [], response_type: "in_channel", replace_original: false },
    ]);
  });
});
