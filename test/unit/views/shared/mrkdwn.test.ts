import { describe, expect, it } from "vitest";
import {
  escapeMrkdwn,
  formatCount,
  formatCredits,
  formatDuration,
  formatPercent,
  inlineCode,
  link,
  slackDate,
  statusBadge,
  truncate,
  truncatePlain,
} from "../../../../src/views/shared/mrkdwn.js";

describe("escapeMrkdwn", () => {
  it.each([
    ["<!channel>", "&lt;!channel&gt;"],
    ["<!here|here>", "&lt;!here|here&gt;"],
    ["<@U123>", "&lt;@U123&gt;"],
    ["<https://evil.example|click me>", "&lt;https://evil.example|click me&gt;"],
    ["a & b", "a &amp; b"],
    ["&amp;", "&amp;amp;"],
    ["&lt;", "&amp;lt;"],
    ["*bold* _it_ `code`", "*bold* _it_ `code`"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it("leaves no raw angle bracket behind", () => {
    const escaped = escapeMrkdwn("<<<!everyone>>> <@W1|x> >_<");
    expect(escaped).not.toMatch(/[<>]/);
  });
});

describe("truncate", () => {
  it("returns short text unchanged", () => {
    expect(truncate("hello", 5)).toBe("hello");
  });

  it("cuts at the limit and ends with an ellipsis", () => {
    expect(truncate("hello world", 8)).toBe("hello w…");
    expect(truncate("hello world", 7)).toBe("hello…");
    expect(truncate("abcdefghij", 5)).toBe("abcd…");
    expect(truncate("abcdefghij", 5).length).toBe(5);
  });

  it("never leaves half an entity", () => {
    const escaped = escapeMrkdwn("a<b&c>d".repeat(5));
    for (let max = 1; max <= escaped.length; max++) {
      const cut = truncate(escaped, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
    }
  });

  it("never splits a surrogate pair or an emoji sequence", () => {
    const text = "ab😀👩‍💻🇫🇷é\u0301x".repeat(3);
    for (let max = 1; max <= text.length; max++) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/\p{Cs}/u);
      const body = cut.endsWith("…") ? cut.slice(0, -1) : cut;
      expect(text.startsWith(body)).toBe(true);
      expect(body.endsWith("\u200d")).toBe(false);
    }
  });

  it("gives an empty string when not even the ellipsis fits", () => {
    expect(truncate("hello", 0)).toBe("");
  });

  it("truncatePlain treats entities as ordinary text", () => {
    expect(truncatePlain("&amp;&amp;", 4)).toBe("&am…");
    expect(truncate("&amp;&amp;", 4)).toBe("…");
  });
});

describe("slackDate", () => {
  const date = new Date("2024-05-01T13:45:30Z");
  it("writes a date token with a UTC fallback", () => {
    expect(slackDate(date)).toBe("<!date^1714571130^{date_short_pretty} {time}|2024-05-01 13:45 UTC>");
  });

  it("takes a format and an escaped fallback", () => {
    expect(slackDate(date, "{time}", "a <b> | c")).toBe("<!date^1714571130^{time}|a &lt;b&gt; / c>");
  });

  it("gives plain text for an invalid date", () => {
    expect(slackDate(new Date("not a date"))).toBe("an unknown time");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [850, "850 ms"],
    [999.4, "999 ms"],
    [999.6, "1.0 s"],
    [12_400, "12.4 s"],
    [59_949, "59.9 s"],
    [59_960, "1 min 00 s"],
    [185_000, "3 min 05 s"],
    [3_599_400, "59 min 59 s"],
    [3_599_600, "1 h 00 min"],
    [3_720_000, "1 h 02 min"],
    [90_000_000, "25 h 00 min"],
    [-5, "—"],
    [Number.NaN, "—"],
    [Number.POSITIVE_INFINITY, "—"],
  ])("%d ms → %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("number formats", () => {
  it("formatCount adds thousands separators", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(Number.NaN)).toBe("—");
  });

  it("formatCredits keeps small amounts readable", () => {
    expect(formatCredits(0)).toBe("0 credits");
    expect(formatCredits(1)).toBe("1 credit");
    expect(formatCredits(2.5)).toBe("2.5 credits");
    expect(formatCredits(0.012345)).toBe("0.0123 credits");
    expect(formatCredits(1234.567)).toBe("1,234.57 credits");
    expect(formatCredits(-1)).toBe("—");
  });

  it("formatPercent shows a dash for unknown and never lies at the edges", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(undefined)).toBe("—");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.875)).toBe("88%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0.001)).toBe("<1%");
    expect(formatPercent(0.999)).toBe(">99%");
  });
});

describe("link", () => {
  it("escapes the label", () => {
    expect(link("https://studio.mixpeek.com/x", "<!channel> & co")).toBe(
      "<https://studio.mixpeek.com/x|&lt;!channel&gt; &amp; co>",
    );
  });

  it("keeps the URL from breaking out of the link", () => {
    expect(link("https://a.example/?q=1&r=<2>|3", "x")).toBe("<https://a.example/?q=1&amp;r=%3C2%3E%7C3|x>");
  });

  it("refuses anything but http(s), and URLs past 3000 chars", () => {
    expect(link("javascript:alert(1)", "x")).toBe("x");
    expect(link("https://a b", "x")).toBe("x");
    expect(link(`https://a.example/${"a".repeat(3000)}`, "x")).toBe("x");
  });
});

describe("inlineCode", () => {
  it("escapes, folds lines and keeps backticks from closing the span early", () => {
    expect(inlineCode("a`b\n<c>")).toBe("`aˋb &lt;c&gt;`");
  });
});

describe("statusBadge", () => {
  it.each([
    ["completed", ":white_check_mark:", "completed"],
    ["failed", ":x:", "failed"],
    ["FAILED", ":x:", "failed"],
    ["running", ":hourglass_flowing_sand:", "running"],
    ["pending", ":hourglass:", "pending"],
    ["processing", ":hourglass:", "processing"],
    ["exploded", ":grey_question:", "exploded"],
    ["<!channel>", ":grey_question:", "&lt;!channel&gt;"],
    ["constructor", ":grey_question:", "constructor"],
    ["", ":grey_question:", "unknown"],
  ])("%j", (status, emoji, word) => {
    expect(statusBadge(status)).toEqual({ emoji, word });
  });

  it("shortens a long unknown status", () => {
    expect(statusBadge("&".repeat(500)).word.length).toBeLessThanOrEqual(40);
  });
});
