import { describe, expect, it } from "vitest";
import { escapeTypedText } from "../../src/web/command-text.js";

const directory = {
  users: [
    { id: "U0ANA", name: "ana" },
    { id: "U0DEV", name: "dev.user" },
  ],
  channels: [
    { id: "C0GENERAL", name: "general" },
    { id: "C0ALERTS", name: "alerts" },
    { id: "DU0ANA", name: "U0ANA", dmWith: "U0ANA" },
  ],
};

describe("escapeTypedText", () => {
  it("escapes &, < and > as Slack does before an app sees typed text", () => {
    expect(escapeTypedText("a & b <c> d", directory)).toBe("a &amp; b &lt;c&gt; d");
    expect(escapeTypedText("<@U0ANA> <!channel>", directory)).toBe("&lt;@U0ANA&gt; &lt;!channel&gt;");
  });

  it("turns @names and #channels of the workspace into Slack's tokens", () => {
    expect(escapeTypedText("subscribe product-search mention:@ana in #alerts", directory)).toBe(
      "subscribe product-search mention:<@U0ANA|ana> in <#C0ALERTS|alerts>",
    );
    expect(escapeTypedText("ping @dev.user.", directory)).toBe("ping <@U0DEV|dev.user>.");
    expect(escapeTypedText("@here and @Channel", directory)).toBe("<!here> and <!channel>");
  });

  it("leaves unknown names, e-mail addresses and DMs as typed", () => {
    expect(escapeTypedText("@nobody #nowhere ana@example.com #U0ANA", directory)).toBe(
      "@nobody #nowhere ana@example.com #U0ANA",
    );
  });
});
