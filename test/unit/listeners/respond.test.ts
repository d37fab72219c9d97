import { RespondError } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { respondSafely } from "../../../src/listeners/respond.js";
import { silentLogger } from "../../../src/logger.js";

const message = { text: "hello", blocks: [] };

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
    expect(await respondSafely(r.respond, message, { replace_original: true }, silentLogger())).toBe(true);
    expect(r.bodies).toEqual([{ text: "hello", blocks: [], replace_original: true }]);
  });

  it("tries again when the post never reached Slack or Slack failed", async () => {
    const r = responder([new TypeError("fetch failed"), new RespondError("busy", 503)]);
    expect(await respondSafely(r.respond, message, {}, silentLogger())).toBe(true);
    expect(r.bodies).toHaveLength(3);
  });

  it("gives up after three tries, without throwing", async () => {
    const r = responder([new TypeError("a"), new TypeError("b"), new TypeError("c"), new TypeError("d")]);
    expect(await respondSafely(r.respond, message, {}, silentLogger())).toBe(false);
    expect(r.bodies).toHaveLength(3);
  });

  it("does not repeat a post Slack refused (used or expired URL)", async () => {
    const r = responder([new RespondError("used_url", 404)]);
    expect(await respondSafely(r.respond, message, {}, silentLogger())).toBe(false);
    expect(r.bodies).toHaveLength(1);
  });
});
