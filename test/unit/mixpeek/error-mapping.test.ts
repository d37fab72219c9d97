import { describe, expect, it } from "vitest";
import { createScrubber, kindForStatus, upstreamMessageOf } from "../../../src/mixpeek/error-mapping.js";

const keep = createScrubber("");

describe("kindForStatus", () => {
  it.each([
    [401, "auth"],
    [403, "auth"],
    [404, "not_found"],
    [400, "invalid_request"],
    [422, "invalid_request"],
    [429, "rate_limited"],
    [500, "unavailable"],
    [503, "unavailable"],
    [302, "bad_response"],
  ])("maps %i to %s", (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });
});

describe("upstreamMessageOf", () => {
  it("reads Mixpeek's envelope", () => {
    const body = {
      success: false,
      status: 404,
      error: { message: "No retriever x", type: "NotFound", details: {} },
    };
    expect(upstreamMessageOf(JSON.stringify(body), keep)).toBe("No retriever x");
  });

  it("reads FastAPI's validation list", () => {
    const body = {
      detail: [
        { loc: ["query", "limit"], msg: "ensure this value is less than or equal to 1000", type: "v" },
      ],
    };
    expect(upstreamMessageOf(JSON.stringify(body), keep)).toBe(
      "query.limit: ensure this value is less than or equal to 1000",
    );
  });

  it("falls back to the text, clipped", () => {
    expect(upstreamMessageOf("  upstream connect error  ", keep)).toBe("upstream connect error");
    expect(upstreamMessageOf("y".repeat(2000), keep)).toHaveLength(501);
    expect(upstreamMessageOf("   ", keep)).toBeUndefined();
  });

  it("removes the secret wherever it appears", () => {
    const scrub = createScrubber("sk_secret");
    expect(upstreamMessageOf('{"detail": "sk_secret and sk_secret"}', scrub)).toBe(
      "[redacted] and [redacted]",
    );
  });
});
