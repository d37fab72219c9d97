import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import { MixpeekError } from "../../../../src/mixpeek/errors.js";
import {
  redactSecrets,
  renderInternalError,
  renderMixpeekError,
  renderStalePageState,
  renderUsage,
} from "../../../../src/views/shared/messages.js";

const ctx = { retriever: "my-retriever", namespace: "prod" };
const all = (message: { text: string; blocks: unknown[] }) => message.text + JSON.stringify(message.blocks);

describe("renderUsage", () => {
  it("escapes the problem and points to help", () => {
    const message = renderUsage("`<!channel>` isn't a retriever name.");
    expect(all(message)).toContain("`&lt;!channel&gt;` isn't a retriever name.");
    expect(all(message)).not.toContain("<!channel>");
    expect(all(message)).toContain("/executions help");
    expect(findBlockKitViolations(message, "message")).toEqual([]);
  });

  it("keeps a huge problem within limits", () => {
    expect(findBlockKitViolations(renderUsage("&".repeat(10_000)), "message")).toEqual([]);
  });
});

describe("renderMixpeekError", () => {
  it("auth: asks whoever installed the bot to check the key, without showing it", () => {
    const error = new MixpeekError("auth", "401", {
      status: 401,
      upstreamMessage: "Invalid key sk_live_abcdef123456",
    });
    const text = all(renderMixpeekError(error, ctx));
    expect(text).toContain("Mixpeek rejected the bot's API key");
    expect(text).toContain("MIXPEEK_API_KEY");
    expect(text).not.toContain("sk_live");
  });

  it("not_found: asks 'did you mean …?' with the closest names, escaped (issue 13, bug 6)", () => {
    const error = new MixpeekError("not_found", "404");
    const one = renderMixpeekError(error, { ...ctx, suggestions: ["my-retrievers"] });
    expect(one.text).toContain("Did you mean `my-retrievers`?");
    const three = renderMixpeekError(error, { ...ctx, suggestions: ["a", "b<!here>", "c"] });
    expect(all(three)).toContain("Did you mean `a`, `b&lt;!here&gt;` or `c`?");
    expect(all(three)).not.toContain("<!here>");
    expect(renderMixpeekError(error, { ...ctx, suggestions: [] }).text).not.toMatch(/did you mean/i);
  });

  it("not_found: names the retriever and namespace and suggests ns:", () => {
    const text = all(renderMixpeekError(new MixpeekError("not_found", "404"), ctx));
    expect(text).toContain("No retriever called `my-retriever` in namespace `prod`");
    expect(text).toContain("`ns:NAMESPACE`");
  });

  it("invalid_request: shows Mixpeek's words, escaped and scrubbed of keys", () => {
    const error = new MixpeekError("invalid_request", "400", {
      upstreamMessage: "limit must be <= 1000 <!channel> Bearer sk_abc1234567 key_zzzzzzzz",
    });
    const text = all(renderMixpeekError(error, ctx));
    expect(text).toContain("Mixpeek refused the request");
    expect(text).toContain("limit must be &lt;= 1000 &lt;!channel&gt;");
    expect(text).not.toContain("sk_abc");
    expect(text).not.toContain("key_zzzz");
    expect(text).not.toContain("<!channel>");
  });

  it("rate_limited: says when to try again", () => {
    const wait = (retryAfterMs?: number) =>
      all(
        renderMixpeekError(
          new MixpeekError("rate_limited", "429", retryAfterMs === undefined ? {} : { retryAfterMs }),
          ctx,
        ),
      );
    expect(wait(12_300)).toContain("try again in 13 s");
    expect(wait(300_000)).toContain("in 5 min");
    expect(wait()).toContain("in a minute");
  });

  it("unavailable and bad_response: say what happened and what to do", () => {
    expect(all(renderMixpeekError(new MixpeekError("unavailable", "503"), ctx))).toContain(
      "Mixpeek isn't answering right now",
    );
    expect(all(renderMixpeekError(new MixpeekError("bad_response", "zod"), ctx))).toContain(
      "Mixpeek sent an answer the bot couldn't read",
    );
  });

  it("gives each kind its own message", () => {
    const kinds = [
      "auth",
      "not_found",
      "invalid_request",
      "rate_limited",
      "unavailable",
      "bad_response",
    ] as const;
    const texts = kinds.map((kind) => renderMixpeekError(new MixpeekError(kind, kind), ctx).text);
    expect(new Set(texts).size).toBe(kinds.length);
  });

  it("escapes hostile names and request ids and stays within limits", () => {
    const hostile = { retriever: "<!channel>".repeat(20), namespace: "<@U1>&".repeat(30) };
    for (const kind of [
      "auth",
      "not_found",
      "invalid_request",
      "rate_limited",
      "unavailable",
      "bad_response",
    ] as const) {
      const error = new MixpeekError(kind, kind, {
        requestId: "<!here>",
        upstreamMessage: "<!everyone>".repeat(500),
      });
      const message = renderMixpeekError(error, hostile);
      const text = all(message);
      expect(text).not.toMatch(/<!(channel|here|everyone)>|<@U1>/);
      expect(findBlockKitViolations(message, "message")).toEqual([]);
    }
  });

  it("shows Mixpeek's request id when there is one", () => {
    const error = new MixpeekError("unavailable", "503", { requestId: "req_42" });
    expect(all(renderMixpeekError(error, ctx))).toContain("Mixpeek request id: `req_42`");
  });
});

describe("redactSecrets", () => {
  it("hides keys and bearer tokens", () => {
    expect(redactSecrets("Authorization: Bearer abc.def and sk_live_0123456789")).toBe(
      "Authorization: Bearer [redacted] and [redacted]",
    );
  });
});

describe("other replies", () => {
  it("stale page state tells the person to run the command again", () => {
    const message = renderStalePageState();
    expect(all(message)).toContain(
      "That button is from an old or altered message — run `/executions` again.",
    );
    expect(findBlockKitViolations(message, "message")).toEqual([]);
  });

  it("internal error apologises without details", () => {
    const message = renderInternalError();
    expect(message.text).toContain("went wrong");
    expect(findBlockKitViolations(message, "message")).toEqual([]);
  });
});
