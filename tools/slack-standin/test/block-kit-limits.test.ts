import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";

const plain = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const button = (extra: Record<string, unknown> = {}) => ({
  type: "button",
  text: plain("Go"),
  action_id: "go",
  value: "v",
  ...extra,
});
const option = (value: string, text = value) => ({ text: plain(text), value });
const select = (extra: Record<string, unknown> = {}) => ({
  type: "static_select",
  action_id: "pick",
  placeholder: plain("Pick"),
  options: [option("a"), option("b")],
  ...extra,
});
const confirm = (extra: Record<string, unknown> = {}) => ({
  title: plain("Sure?"),
  text: md("Really?"),
  confirm: plain("Yes"),
  deny: plain("No"),
  ...extra,
});
const message = (...blocks: unknown[]) => ({ text: "fallback", blocks });
const violations = (...blocks: unknown[]) => findBlockKitViolations(message(...blocks), "message");

describe("findBlockKitViolations accepts well-formed payloads", () => {
  it("passes a message using every checked block", () => {
    const payload = message(
      { type: "header", text: plain("Title") },
      { type: "section", text: md("Hello"), accessory: button({ confirm: confirm() }) },
      { type: "section", fields: [md("a"), md("b")] },
      {
        type: "context",
        elements: [md("x"), { type: "image", image_url: "https://a.example/i.png", alt_text: "i" }],
      },
      { type: "divider" },
      { type: "image", image_url: "https://a.example/i.png", alt_text: "picture" },
      { type: "image", slack_file: { id: "F0CHART" }, alt_text: "an uploaded chart" },
      {
        type: "actions",
        block_id: "controls",
        elements: [select({ initial_option: option("b") }), button(), button({ action_id: "other" })],
      },
      { type: "rich_text", elements: [] },
    );
    expect(findBlockKitViolations(payload, "message")).toEqual([]);
  });

  it("passes a modal and a home tab", () => {
    const blocks = [
      { type: "input", label: plain("Retriever"), element: { type: "plain_text_input", action_id: "r" } },
    ];
    expect(
      findBlockKitViolations({ type: "modal", title: plain("Pick"), submit: plain("Show"), blocks }, "modal"),
    ).toEqual([]);
    expect(findBlockKitViolations({ type: "home", blocks: [{ type: "divider" }] }, "home")).toEqual([]);
  });
});

describe("findBlockKitViolations reports each broken limit", () => {
  const cases: Array<[string, string[], string]> = [
    ["51 blocks in a message", Array(51).fill({ type: "divider" }), "has 51 blocks (max 50)"],
    [
      "section text of 3001",
      [{ type: "section", text: md("x".repeat(3001)) }],
      "/blocks/0/text/text: is 3001 chars",
    ],
    ["11 fields", [{ type: "section", fields: Array(11).fill(md("f")) }], "has 11 items (max 10)"],
    [
      "a field of 2001",
      [{ type: "section", fields: [md("x".repeat(2001))] }],
      "fields/0/text: is 2001 chars",
    ],
    ["header of 151", [{ type: "header", text: plain("x".repeat(151)) }], "is 151 chars (max 150)"],
    ["mrkdwn header", [{ type: "header", text: md("x") }], "/blocks/0/text/type: must be plain_text"],
    [
      "11 context elements",
      [{ type: "context", elements: Array(11).fill(md("c")) }],
      "has 11 elements (max 10)",
    ],
    [
      "26 actions elements",
      [{ type: "actions", elements: Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` })) }],
      "has 26 elements (max 25)",
    ],
    [
      "button text of 76",
      [{ type: "actions", elements: [button({ text: plain("x".repeat(76)) })] }],
      "is 76 chars (max 75)",
    ],
    [
      "mrkdwn button text",
      [{ type: "actions", elements: [button({ text: md("Go") })] }],
      "text/type: must be plain_text",
    ],
    [
      "button value of 2001",
      [{ type: "actions", elements: [button({ value: "x".repeat(2001) })] }],
      "value: is 2001 chars",
    ],
    [
      "button url of 3001",
      [{ type: "actions", elements: [button({ url: `https://${"a".repeat(2993)}` })] }],
      "url: is 3001 chars",
    ],
    [
      "action_id of 256",
      [{ type: "actions", elements: [button({ action_id: "a".repeat(256) })] }],
      "action_id: is 256 chars",
    ],
    ["block_id of 256", [{ type: "divider", block_id: "b".repeat(256) }], "block_id: is 256 chars"],
    [
      "101 select options",
      [
        {
          type: "actions",
          elements: [select({ options: Array.from({ length: 101 }, (_, i) => option(`o${i}`)) })],
        },
      ],
      "has 101 options",
    ],
    [
      "option text of 76",
      [{ type: "actions", elements: [select({ options: [option("a", "x".repeat(76))] })] }],
      "options/0/text/text: is 76 chars",
    ],
    [
      "option value of 76",
      [{ type: "actions", elements: [select({ options: [option("v".repeat(76))] })] }],
      "options/0/value: is 76 chars",
    ],
    [
      "initial option not among options",
      [{ type: "actions", elements: [select({ initial_option: option("zzz") })] }],
      "initial_option: must be one of the options",
    ],
    [
      "confirm title of 101",
      [{ type: "actions", elements: [button({ confirm: confirm({ title: plain("x".repeat(101)) }) })] }],
      "confirm/title/text: is 101 chars",
    ],
    [
      "confirm text of 301",
      [{ type: "actions", elements: [button({ confirm: confirm({ text: md("x".repeat(301)) }) })] }],
      "confirm/text/text: is 301 chars",
    ],
    [
      "confirm button of 31",
      [{ type: "actions", elements: [button({ confirm: confirm({ confirm: plain("x".repeat(31)) }) })] }],
      "confirm/confirm/text: is 31 chars",
    ],
    [
      "confirm deny of 31",
      [{ type: "actions", elements: [button({ confirm: confirm({ deny: plain("x".repeat(31)) }) })] }],
      "confirm/deny/text: is 31 chars",
    ],
    [
      "confirm missing deny",
      [{ type: "actions", elements: [button({ confirm: confirm({ deny: undefined }) })] }],
      "confirm/deny: is required",
    ],
    [
      "total text past 12000",
      Array(5).fill({ type: "section", text: md("x".repeat(2500)) }),
      "hold 12500 chars of text",
    ],
    [
      "duplicate action_id in a block",
      [{ type: "actions", elements: [button(), button()] }],
      'duplicates "go"',
    ],
    [
      "duplicate block_id",
      [
        { type: "divider", block_id: "a" },
        { type: "divider", block_id: "a" },
      ],
      "/blocks/1/block_id: is not unique",
    ],
    ["section with neither text nor fields", [{ type: "section" }], "a section needs text or fields"],
    ["empty text", [{ type: "section", text: md("") }], "must not be empty"],
    [
      "emoji on mrkdwn",
      [{ type: "section", text: { type: "mrkdwn", text: "x", emoji: true } }],
      "only plain_text has emoji",
    ],
    ["empty actions", [{ type: "actions", elements: [] }], "needs at least one element"],
    ["empty context", [{ type: "context", elements: [] }], "needs at least one element"],
    ["unknown block type", [{ type: "sectoin", text: md("x") }], 'unknown block type "sectoin"'],
    ["a block that is not an object", ["divider"], "must be a block object"],
    [
      "an element without type",
      [{ type: "actions", elements: [{ action_id: "x" }] }],
      "elements/0/type: is required",
    ],
    [
      "image without alt text",
      [{ type: "image", image_url: "https://a.example/i.png" }],
      "alt_text: is required",
    ],
    [
      "image with both a URL and an uploaded file",
      [{ type: "image", image_url: "https://a.example/i.png", slack_file: { id: "F1" }, alt_text: "i" }],
      "give image_url or slack_file, not both",
    ],
    [
      "image whose uploaded file names neither id nor url",
      [{ type: "image", slack_file: "F1", alt_text: "i" }],
      "slack_file: must be an object with an id or a url",
    ],
    [
      "button with a bad style",
      [{ type: "actions", elements: [button({ style: "loud" })] }],
      "must be primary or danger",
    ],
  ];
  it.each(cases)("%s", (_label, blocks, expected) => {
    const found = violations(...blocks);
    expect(
      found.some((v) => v.includes(expected)),
      found.join("\n"),
    ).toBe(true);
  });

  it("reports top-level text past 40,000 chars", () => {
    const found = findBlockKitViolations({ text: "x".repeat(40_001) }, "message");
    expect(found).toEqual(["/text: is 40001 chars (max 40000)"]);
  });

  it("reports a message with neither text nor blocks, and non-objects", () => {
    const none = [": a message needs text, blocks or attachments"];
    expect(findBlockKitViolations({}, "message")).toEqual(none);
    expect(findBlockKitViolations({ text: "" }, "message")).toEqual(none);
    expect(findBlockKitViolations({ attachments: [{ text: "old style" }] }, "message")).toEqual([]);
    expect(findBlockKitViolations(null as unknown as object, "message")).toEqual([": must be an object"]);
  });

  it("allows 100 blocks in a modal or home tab but not 101", () => {
    const blocks = (n: number) => Array(n).fill({ type: "divider" });
    expect(findBlockKitViolations({ type: "home", blocks: blocks(100) }, "home")).toEqual([]);
    expect(findBlockKitViolations({ type: "home", blocks: blocks(101) }, "home")).toEqual([
      "/blocks: has 101 blocks (max 100)",
    ]);
    expect(findBlockKitViolations(message(...blocks(51)), "message")).toEqual([
      "/blocks: has 51 blocks (max 50)",
    ]);
  });

  it("checks a modal's title, buttons and inputs", () => {
    const input = { type: "input", label: plain("L"), element: { type: "plain_text_input", action_id: "i" } };
    const found = findBlockKitViolations(
      { type: "modal", title: plain("x".repeat(25)), close: md("Close"), blocks: [input] },
      "modal",
    );
    expect(found).toEqual([
      "/title/text: is 25 chars (max 24)",
      "/close/type: must be plain_text",
      "/submit: is required when the view has inputs",
    ]);
  });

  it("reports every violation, not just the first", () => {
    const found = violations(
      { type: "header", text: plain("x".repeat(151)) },
      { type: "actions", elements: [button({ value: "x".repeat(2001) })] },
    );
    expect(found).toHaveLength(2);
  });
});

describe("table blocks", () => {
  const raw = (text: string) => ({ type: "raw_text", text });
  const rich = { type: "rich_text", elements: [{ type: "rich_text_section", elements: [] }] };
  const table = (rows: unknown[][], extra: Record<string, unknown> = {}) => ({
    type: "table",
    rows,
    ...extra,
  });
  const message = (...blocks: unknown[]) => ({ text: "t", blocks });

  it("accepts raw_text, raw_number and rich_text cells with column settings", () => {
    const ok = table(
      [
        [raw("a"), rich],
        [raw("b"), { type: "raw_number", value: 3 }],
      ],
      {
        column_settings: [{ align: "right" }, { is_wrapped: true }],
      },
    );
    expect(findBlockKitViolations(message(ok), "message")).toEqual([]);
  });

  it("refuses empty cells, unknown cells, too many rows or cells, and a second table", () => {
    const problems = (block: unknown, ...more: unknown[]) =>
      findBlockKitViolations(message(block, ...more), "message").join("\n");
    expect(problems(table([[raw("")]]))).toMatch(/rows\/0\/0\/text: must be a non-empty string/);
    expect(problems(table([[{ type: "mrkdwn", text: "x" }]]))).toMatch(
      /must be raw_text, raw_number or rich_text/,
    );
    expect(problems(table(Array.from({ length: 101 }, () => [raw("r")])))).toMatch(/101 rows \(max 100\)/);
    expect(problems(table([Array.from({ length: 21 }, () => raw("c"))]))).toMatch(/21 cells \(max 20\)/);
    expect(problems(table([[raw("a")]], { column_settings: [{ align: "middle" }] }))).toMatch(/align/);
    expect(problems(table([[raw("a")]]), table([[raw("b")]]))).toMatch(/only one is allowed/);
    expect(
      findBlockKitViolations({ type: "modal", title: plain("x"), blocks: [table([[raw("a")]])] }, "modal"),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/only allowed in messages/)]));
  });
});
