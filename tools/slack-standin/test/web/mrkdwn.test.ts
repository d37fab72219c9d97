import { describe, expect, it } from "vitest";
import {
  decodeEntities,
  type Inline,
  type MrkdwnContext,
  parseInline,
  parseMrkdwn,
  safeHref,
} from "../../web/client/mrkdwn.js";

const ctx: MrkdwnContext = {
  timeZone: "Europe/Paris",
  now: new Date("2024-06-11T10:00:00Z"),
  users: { U0ANA: "ana" },
  channels: { C0ALERTS: "alerts" },
};

const inline = (text: string) => parseInline(text, ctx);
const text = (value: string): Inline => ({ kind: "text", text: value });

/** Everything a person would read, in order, with no markup. */
function readable(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      if (node.kind === "break") return "\n";
      if (node.kind === "emoji") return node.char;
      if ("children" in node) return readable(node.children);
      return node.text;
    })
    .join("");
}

describe("mrkdwn formatting", () => {
  it("reads bold, italic, strike and code", () => {
    expect(inline("*b* _i_ ~s~ `c`")).toEqual([
      { kind: "bold", children: [text("b")] },
      text(" "),
      { kind: "italic", children: [text("i")] },
      text(" "),
      { kind: "strike", children: [text("s")] },
      text(" "),
      { kind: "code", text: "c" },
    ]);
  });

  it("nests bold inside italic", () => {
    expect(inline("_it *bold* it_")).toEqual([
      { kind: "italic", children: [text("it "), { kind: "bold", children: [text("bold")] }, text(" it")] },
    ]);
  });

  it("keeps markers inside code literal, and code inside bold whole", () => {
    expect(inline("`a*b*c`")).toEqual([{ kind: "code", text: "a*b*c" }]);
    expect(inline("*see `x*y`*")).toEqual([
      { kind: "bold", children: [text("see "), { kind: "code", text: "x*y" }] },
    ]);
  });

  it("leaves markers inside words and next to spaces alone", () => {
    expect(inline("snake_case_name")).toEqual([text("snake_case_name")]);
    expect(inline("2 * 3 * 4")).toEqual([text("2 * 3 * 4")]);
    expect(inline("*unclosed")).toEqual([text("*unclosed")]);
    expect(inline("a*b*c")).toEqual([text("a*b*c")]);
  });

  it("turns lines into breaks, quotes into quote blocks and fences into pre", () => {
    expect(parseMrkdwn("one\ntwo", ctx)).toEqual([
      { kind: "paragraph", children: [text("one"), { kind: "break" }, text("two")] },
    ]);
    expect(parseMrkdwn("intro\n&gt; quoted *b*\n> second\nafter", ctx)).toEqual([
      { kind: "paragraph", children: [text("intro")] },
      {
        kind: "quote",
        children: [
          text("quoted "),
          { kind: "bold", children: [text("b")] },
          { kind: "break" },
          text("second"),
        ],
      },
      { kind: "paragraph", children: [text("after")] },
    ]);
    expect(parseMrkdwn("before\n```\nx *not bold* &lt;y&gt;\n```\nafter", ctx)).toEqual([
      { kind: "paragraph", children: [text("before")] },
      { kind: "pre", text: "x *not bold* <y>" },
      { kind: "paragraph", children: [text("after")] },
    ]);
  });

  it("quotes everything after >>>", () => {
    expect(parseMrkdwn("&gt;&gt;&gt; a\nb", ctx)).toEqual([
      { kind: "quote", children: [text("a"), { kind: "break" }, text("b")] },
    ]);
  });

  it("shows an unmatched fence as text", () => {
    expect(parseMrkdwn("a ``` b", ctx)).toEqual([{ kind: "paragraph", children: [text("a ``` b")] }]);
  });
});

describe("mrkdwn escaping", () => {
  it("decodes the three entities once, never twice", () => {
    expect(decodeEntities("&amp;lt; &lt; &gt; &amp; &quot;")).toBe("&lt; < > & &quot;");
    expect(inline("a &amp; b &lt;c&gt;")).toEqual([text("a & b <c>")]);
  });

  it("keeps HTML in the text as text", () => {
    expect(readable(inline("&lt;img src=x onerror=alert(1)&gt;"))).toBe("<img src=x onerror=alert(1)>");
    // Unescaped, Slack reads it as a link token with a bad URL: its words stay, as text.
    expect(inline("<img src=x onerror=alert(1)>")).toEqual([text("img src=x onerror=alert(1)")]);
  });
});

describe("mrkdwn links", () => {
  it("links http(s) and mailto URLs, with or without a label", () => {
    expect(inline("<https://example.com/a?b=1&amp;c=2|the label>")).toEqual([
      { kind: "link", href: "https://example.com/a?b=1&c=2", text: "the label" },
    ]);
    expect(inline("<https://example.com>")).toEqual([
      { kind: "link", href: "https://example.com/", text: "https://example.com" },
    ]);
    expect(inline("<mailto:ops@example.com>")).toEqual([
      { kind: "link", href: "mailto:ops@example.com", text: "ops@example.com" },
    ]);
  });

  it("never makes a link of javascript:, data: or relative URLs", () => {
    for (const url of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "data:text/html,x",
      "/relative",
    ]) {
      expect(safeHref(url)).toBeUndefined();
      const nodes = inline(`<${url}|click>`);
      expect(nodes).toEqual([text("click")]);
    }
    expect(inline("<javascript:alert(1)>")).toEqual([text("javascript:alert(1)")]);
  });
});

describe("mrkdwn mentions", () => {
  it("names users and channels from the workspace, or from the label", () => {
    expect(inline("<@U0ANA> <@U0BOB|bob> <@U0ZED>")).toEqual([
      { kind: "mention", mention: "user", id: "U0ANA", text: "@ana" },
      text(" "),
      { kind: "mention", mention: "user", id: "U0BOB", text: "@bob" },
      text(" "),
      { kind: "mention", mention: "user", id: "U0ZED", text: "@U0ZED" },
    ]);
    expect(inline("<#C0ALERTS> <#C0OTHER|other>")).toEqual([
      { kind: "mention", mention: "channel", id: "C0ALERTS", text: "#alerts" },
      text(" "),
      { kind: "mention", mention: "channel", id: "C0OTHER", text: "#other" },
    ]);
  });

  it("reads user groups and special mentions", () => {
    expect(
      inline("<!subteam^S0ONCALL|@oncall> <!subteam^S0X> <!here> <!channel|channel> <!everyone>"),
    ).toEqual([
      { kind: "mention", mention: "group", id: "S0ONCALL", text: "@oncall" },
      text(" "),
      { kind: "mention", mention: "group", id: "S0X", text: "@S0X" },
      text(" "),
      { kind: "mention", mention: "special", id: "here", text: "@here" },
      text(" "),
      { kind: "mention", mention: "special", id: "channel", text: "@channel" },
      text(" "),
      { kind: "mention", mention: "special", id: "everyone", text: "@everyone" },
    ]);
  });
});

describe("mrkdwn emoji", () => {
  it("draws known names and leaves unknown ones as typed", () => {
    expect(inline(":white_check_mark: :nope: 12:30:45")).toEqual([
      { kind: "emoji", name: "white_check_mark", char: "✅" },
      text(" :nope: 12:30:45"),
    ]);
    expect(readable(inline(":x::rotating_light::hourglass_flowing_sand:"))).toBe("❌🚨⏳");
  });
});

describe("mrkdwn dates", () => {
  // 2024-06-11 08:40:00 UTC: 10:40 in Paris, 04:40 in New York.
  const seconds = Date.UTC(2024, 5, 11, 8, 40, 0) / 1000;

  it("formats in the viewer's time zone, not the server's", () => {
    const paris = inline(`<!date^${seconds}^{date_num} {time}|fallback>`);
    expect(paris).toEqual([
      { kind: "date", text: "2024-06-11 10:40 AM", title: "Tuesday, June 11th, 2024 10:40:00 AM" },
    ]);
    const newYork = parseInline(`<!date^${seconds}^{time_secs}|fallback>`, {
      ...ctx,
      timeZone: "America/New_York",
    });
    expect(readable(newYork)).toBe("4:40:00 AM");
  });

  it("knows every format token", () => {
    const format = (tokens: string) => readable(inline(`<!date^${seconds}^${tokens}|fallback>`));
    expect(format("{date}")).toBe("June 11th, 2024");
    expect(format("{date_short}")).toBe("Jun 11, 2024");
    expect(format("{date_long}")).toBe("Tuesday, June 11th, 2024");
    expect(format("{date_pretty}")).toBe("Today");
    expect(format("{date_short_pretty} at {time}")).toBe("Today at 10:40 AM");
    expect(format("{date_long_pretty}")).toBe("Today");
    expect(format("{ago}")).toBe("1 hour ago");
    expect(format("Posted {date_short} &amp; {unknown}")).toBe("Posted Jun 11, 2024 & {unknown}");
  });

  it("says yesterday and tomorrow by the viewer's calendar day", () => {
    const day = 86_400;
    expect(readable(inline(`<!date^${seconds - day}^{date_short_pretty}|f>`))).toBe("Yesterday");
    expect(readable(inline(`<!date^${seconds + day}^{date_pretty}|f>`))).toBe("Tomorrow");
    expect(readable(inline(`<!date^${seconds - 3 * day}^{date_short_pretty}|f>`))).toBe("Jun 8, 2024");
    // 23:30 UTC on the 10th is already the 11th in Paris: "Today" there, "Yesterday" in New York.
    const lateUtc = Date.UTC(2024, 5, 10, 23, 30) / 1000;
    expect(readable(inline(`<!date^${lateUtc}^{date_pretty}|f>`))).toBe("Today");
    const newYork = { ...ctx, timeZone: "America/New_York" };
    expect(readable(parseInline(`<!date^${lateUtc}^{date_pretty}|f>`, newYork))).toBe("Yesterday");
  });

  it("uses ordinals the English way", () => {
    const on = (day: number) => Date.UTC(2024, 0, day, 12) / 1000;
    const dates = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map((day) =>
      readable(inline(`<!date^${on(day)}^{date}|f>`)),
    );
    expect(dates).toEqual([
      "January 1st, 2024",
      "January 2nd, 2024",
      "January 3rd, 2024",
      "January 4th, 2024",
      "January 11th, 2024",
      "January 12th, 2024",
      "January 13th, 2024",
      "January 21st, 2024",
      "January 22nd, 2024",
      "January 23rd, 2024",
      "January 31st, 2024",
    ]);
  });

  it("falls back when the timestamp is not a number, and links when asked", () => {
    expect(inline("<!date^soon^{date}|the fallback &amp; more>")).toEqual([text("the fallback & more")]);
    const linked = inline(`<!date^${seconds}^{date_num}^https://example.com/run|f>`);
    expect(linked[0]).toMatchObject({ kind: "date", text: "2024-06-11", href: "https://example.com/run" });
    const unsafe = inline(`<!date^${seconds}^{date_num}^javascript:alert(1)|f>`);
    expect(unsafe[0]).not.toHaveProperty("href");
  });
});
