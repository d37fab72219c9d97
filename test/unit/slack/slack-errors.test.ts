import { ErrorCode } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { classifySlackError } from "../../../src/slack/slack-errors.js";

const platform = (error: string, messages?: string[]) => ({
  code: ErrorCode.PlatformError,
  data: { ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) },
});

describe("classifySlackError", () => {
  it.each(["not_in_channel", "channel_not_found", "is_archived", "token_revoked", "account_inactive"])(
    "%s: the channel is closed to the bot",
    (code) => {
      expect(classifySlackError(platform(code))).toEqual({ failure: "channel", code });
    },
  );

  it.each(["invalid_blocks", "msg_too_long", "msg_blocks_too_long"])("%s: try text alone", (code) => {
    expect(classifySlackError(platform(code, ["[ERROR] bad /blocks/0"]))).toEqual({
      failure: "refused",
      code,
      details: ["[ERROR] bad /blocks/0"],
    });
  });

  it("treats rate limits, server trouble and the network as passing", () => {
    expect(classifySlackError(platform("ratelimited")).failure).toBe("transient");
    expect(classifySlackError(platform("internal_error")).failure).toBe("transient");
    for (const code of [ErrorCode.RequestError, ErrorCode.HTTPError, ErrorCode.RateLimitedError]) {
      expect(classifySlackError({ code })).toEqual({ failure: "transient", code });
    }
  });

  it("counts a token Slack no longer takes as permanent, like a closed channel", () => {
    for (const code of ["invalid_auth", "account_inactive", "token_revoked"]) {
      expect(classifySlackError(platform(code))).toEqual({ failure: "channel", code });
    }
  });

  it("gives up on anything else, naming it", () => {
    expect(classifySlackError(platform("a_code_slack_adds_later"))).toEqual({
      failure: "other",
      code: "a_code_slack_adds_later",
    });
    expect(classifySlackError(new TypeError("boom"))).toEqual({ failure: "other", code: "TypeError" });
    expect(classifySlackError(undefined)).toEqual({ failure: "other", code: "unknown_error" });
  });
});
