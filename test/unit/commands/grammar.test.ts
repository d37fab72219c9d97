import { describe, expect, it } from "vitest";
import { type ParsedCommand, parseCommand } from "../../../src/commands/grammar.js";

const defaults = { pageSize: 10, namespace: "default-ns" };
const parse = (text: string) => parseCommand(text, defaults);

const list = (
  retriever: string,
  extra: Partial<{ status: string; limit: number; namespace: string }> = {},
) => ({
  kind: "list",
  query: {
    retriever,
    namespace: extra.namespace ?? "default-ns",
    status: extra.status ?? "all",
    offset: 0,
    limit: extra.limit ?? 10,
  },
});

describe("parseCommand: commands that parse", () => {
  const cases: Array<[string, ParsedCommand | ReturnType<typeof list>]> = [
    ["", { kind: "picker" }],
    ["   \n\t ", { kind: "picker" }],
    ["help", { kind: "help" }],
    ["HELP", { kind: "help" }],
    ["-h", { kind: "help" }],
    ["--help", { kind: "help" }],
    ["?", { kind: "help" }],
    ["help me please", { kind: "help" }],
    ["my-retriever --help", { kind: "help" }],
    ["my-retriever", list("my-retriever")],
    ["My-Retriever", list("My-Retriever")],
    ["  my-retriever  ", list("my-retriever")],
    ["my-retriever failed", list("my-retriever", { status: "failed" })],
    ["my-retriever FAILED", list("my-retriever", { status: "failed" })],
    ["my-retriever completed", list("my-retriever", { status: "completed" })],
    ["my-retriever running", list("my-retriever", { status: "running" })],
    ["my-retriever all", list("my-retriever", { status: "all" })],
    ["my-retriever status:failed", list("my-retriever", { status: "failed" })],
    ["my-retriever Status:Running", list("my-retriever", { status: "running" })],
    ["my-retriever --failed", list("my-retriever", { status: "failed" })],
    ["my-retriever --status=failed", list("my-retriever", { status: "failed" })],
    ["my-retriever --status failed", list("my-retriever", { status: "failed" })],
    ["my-retriever status: failed", list("my-retriever", { status: "failed" })],
    ["my-retriever limit:5", list("my-retriever", { limit: 5 })],
    ["my-retriever LIMIT:20", list("my-retriever", { limit: 20 })],
    ["my-retriever limit:1", list("my-retriever", { limit: 1 })],
    ["my-retriever limit=05", list("my-retriever", { limit: 5 })],
    ["my-retriever --limit 7", list("my-retriever", { limit: 7 })],
    ["my-retriever ns:Prod", list("my-retriever", { namespace: "Prod" })],
    ["my-retriever namespace:prod", list("my-retriever", { namespace: "prod" })],
    ["my-retriever --ns=prod", list("my-retriever", { namespace: "prod" })],
    ["my-retriever ns: prod", list("my-retriever", { namespace: "prod" })],
    [
      "my-retriever limit:3 ns:prod failed",
      list("my-retriever", { status: "failed", limit: 3, namespace: "prod" }),
    ],
    ["failed my-retriever limit:3", list("my-retriever", { status: "failed", limit: 3 })],
    ["my-retriever\nfailed\nlimit:2", list("my-retriever", { status: "failed", limit: 2 })],
    ["ret_123ABC", list("ret_123ABC")],
    ["café-рецептор-检索", list("café-рецептор-检索")],
    ["🔍search", list("🔍search")],
    ["a&amp;b", list("a&b")],
    ["a&amp;lt;b", list("a&lt;b")],
    ["my-retriever ns:a&amp;b", list("my-retriever", { namespace: "a&b" })],
    ["ret:v2", { kind: "usage", problem: expect.stringContaining("`ret:`") } as never],
    ["subscriptions", { kind: "subscriptions" }],
    ["SUBSCRIPTIONS", { kind: "subscriptions" }],
    ["subscribe my-retriever", { kind: "subscribe", retriever: "my-retriever", namespace: "default-ns" }],
    ["subscribe my-retriever ns:prod", { kind: "subscribe", retriever: "my-retriever", namespace: "prod" }],
    [
      "subscribe my-retriever mention:<@U123ABC>",
      { kind: "subscribe", retriever: "my-retriever", namespace: "default-ns", mention: "<@U123ABC>" },
    ],
    [
      "subscribe my-retriever mention:<@U123ABC|ana>",
      { kind: "subscribe", retriever: "my-retriever", namespace: "default-ns", mention: "<@U123ABC>" },
    ],
    [
      "subscribe my-retriever mention:<@U123ABC|Ana Lima>",
      { kind: "subscribe", retriever: "my-retriever", namespace: "default-ns", mention: "<@U123ABC>" },
    ],
    [
      "subscribe my-retriever mention:<!subteam^S0ABC|@oncall>",
      { kind: "subscribe", retriever: "my-retriever", namespace: "default-ns", mention: "<!subteam^S0ABC>" },
    ],
    [
      "subscribe my-retriever mention:<!subteam^S0ABC>",
      { kind: "subscribe", retriever: "my-retriever", namespace: "default-ns", mention: "<!subteam^S0ABC>" },
    ],
    [
      "subscribe my-retriever mention:@ana.lima",
      { kind: "subscribe", retriever: "my-retriever", namespace: "default-ns", mention: "@ana.lima" },
    ],
    [
      "subscribe my-retriever <@W999XYZ>",
      { kind: "subscribe", retriever: "my-retriever", namespace: "default-ns", mention: "<@W999XYZ>" },
    ],
    [
      "subscribe my-retriever mention: <@U123ABC> ns:prod",
      { kind: "subscribe", retriever: "my-retriever", namespace: "prod", mention: "<@U123ABC>" },
    ],
    ["unsubscribe my-retriever", { kind: "unsubscribe", retriever: "my-retriever", namespace: "default-ns" }],
    [
      "unsubscribe my-retriever ns:prod",
      { kind: "unsubscribe", retriever: "my-retriever", namespace: "prod" },
    ],
    [
      "mute my-retriever 30m",
      { kind: "mute", retriever: "my-retriever", namespace: "default-ns", durationMs: 1_800_000 },
    ],
    [
      "mute my-retriever 2h",
      { kind: "mute", retriever: "my-retriever", namespace: "default-ns", durationMs: 7_200_000 },
    ],
    [
      "mute 1d my-retriever ns:prod",
      { kind: "mute", retriever: "my-retriever", namespace: "prod", durationMs: 86_400_000 },
    ],
    [
      "mute my-retriever 7d",
      { kind: "mute", retriever: "my-retriever", namespace: "default-ns", durationMs: 604_800_000 },
    ],
    [
      "MUTE my-retriever 90MIN",
      { kind: "mute", retriever: "my-retriever", namespace: "default-ns", durationMs: 5_400_000 },
    ],
    ["unmute my-retriever", { kind: "unmute", retriever: "my-retriever", namespace: "default-ns" }],
  ];
  it.each(cases)("%j", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it("uses the default page size, clamped to 1..20", () => {
    expect(parseCommand("r", { pageSize: 50, namespace: "n" })).toMatchObject({ query: { limit: 20 } });
    expect(parseCommand("r", { pageSize: 0, namespace: "n" })).toMatchObject({ query: { limit: 1 } });
    expect(parseCommand("r", { pageSize: 7, namespace: "n" })).toMatchObject({ query: { limit: 7 } });
  });

  it("accepts a retriever of exactly 200 characters", () => {
    const name = "r".repeat(200);
    expect(parse(name)).toEqual(list(name));
  });
});

describe("parseCommand: usage problems", () => {
  const cases: Array<[string, string]> = [
    ["my-retriever banana", "`my-retriever` and `banana`"],
    ["one two three", "`one` and `two`"],
    ["failed", "Which retriever?"],
    ["limit:5 ns:prod", "Which retriever?"],
    ["my-retriever limit:0", "`0`"],
    ["my-retriever limit:21", "`21`"],
    ["my-retriever limit:abc", "`abc`"],
    ["my-retriever limit:-3", "`-3`"],
    ["my-retriever limit:5.5", "`5.5`"],
    ["my-retriever limit:", "`nothing`"],
    ["my-retriever limit:99999999999999999999", "from 1 to 20"],
    ["my-retriever status:hacked", "`hacked`"],
    ["my-retriever status:", "`status:` needs one of"],
    ["my-retriever failed completed", "not both `failed` and `completed`"],
    ["my-retriever failed status:failed", "Pick one status"],
    ["my-retriever limit:5 limit:6", "`limit:` is given twice"],
    ["my-retriever ns:a ns:b", "`ns:` is given twice"],
    ["my-retriever ns:", "`ns:` needs a namespace"],
    ["my-retriever ns: failed", "`ns:` needs a namespace"],
    ["my-retriever foo:bar", "`foo:`"],
    ["my-retriever --verbose", "`--verbose`"],
    ["my-retriever -ns prod", "`-ns`"],
    ["my-retriever -x", "`-x`"],
    ["<!channel>", "`<!channel>` isn't a retriever name"],
    ["<@U123> failed", "isn't a retriever name"],
    ["my-retriever ns:<!here>", "isn't a namespace name"],
    ["my-retriever\u0000x", "control characters"],
    ["my\u202eretriever", "control characters"],
    ["r".repeat(201), "201 characters"],
    [`my-retriever ns:${"n".repeat(201)}`, "201 characters"],
    ["subscribe", "Which retriever?"],
    ["subscribe a b", "`a` and `b`"],
    ["subscribe my-retriever failed", "doesn't apply to `subscribe` (alerts are always about failures)"],
    ["subscribe my-retriever limit:5", "`limit:` doesn't apply to `subscribe`"],
    ["subscribe my-retriever mention:<!channel>", "@channel, @here or @everyone"],
    ["subscribe my-retriever mention:<!here>", "@channel, @here or @everyone"],
    ["subscribe my-retriever mention:<!everyone|everyone>", "@channel, @here or @everyone"],
    ["subscribe my-retriever mention:@here", "@channel, @here or @everyone"],
    ["subscribe my-retriever <!channel>", "@channel, @here or @everyone"],
    ["subscribe my-retriever mention:<#C123|general>", "not a channel"],
    ["subscribe my-retriever mention:&lt;@U123&gt;", "isn't a person or a user group"],
    ["subscribe my-retriever mention:bob", "`bob` isn't a person"],
    ["subscribe my-retriever mention:", "needs someone"],
    ["subscribe my-retriever mention:<@U1AB> mention:<@U2AB>", "Give one `mention:`"],
    ["unsubscribe", "Which retriever?"],
    ["unsubscribe my-retriever mention:<@U123>", "doesn't apply to `unsubscribe`"],
    ["subscriptions my-retriever", "takes nothing after it"],
    ["mute my-retriever", "How long"],
    ["mute 2h", "Which retriever?"],
    ["mute my-retriever 8d", "at most 7 days"],
    ["mute my-retriever 200h", "at most 7 days"],
    ["mute my-retriever 0m", "at least a minute"],
    ["mute my-retriever 30s", "`30s` is not a duration I know: use `30m`, `2h` or `1d`"],
    ["mute my-retriever 2w", "`2w` is not a duration I know"],
    ["mute product-search 10y", "`10y` is not a duration I know: use `30m`, `2h` or `1d` (at most 7 days"],
    ["mute 10y product-search", "`10y` is not a duration I know"],
    ["mute product-search 3months", "`3months` is not a duration I know"],
    ["mute my-retriever 1.5h", "whole numbers"],
    ["mute my-retriever 90", "Add a unit to `90`"],
    ["mute my-retriever 1h 2h", "not both `1h` and `2h`"],
    ["mute my-retriever 999999999d", "at most 7 days"],
    ["mute my-retriever 2h failed", "doesn't apply to `mute`"],
    ["unmute", "Which retriever?"],
    ["x".repeat(5000), "characters long"],
  ];
  it.each(cases)("%j", (text, fragment) => {
    const parsed = parse(text);
    expect(parsed.kind).toBe("usage");
    expect(parsed.kind === "usage" && parsed.problem).toContain(fragment);
  });

  it("asks for a namespace when none is given and no default is set up", () => {
    expect(parseCommand("my-retriever", { pageSize: 10, namespace: "" })).toEqual({
      kind: "usage",
      problem: expect.stringContaining("ns:NAMESPACE"),
    });
    expect(parseCommand("my-retriever ns:prod", { pageSize: 10, namespace: "" })).toMatchObject({
      kind: "list",
      query: { namespace: "prod" },
    });
  });

  it("keeps the quoted offending word short and free of backticks", () => {
    const parsed = parse(`my-retriever ${"`".repeat(3)}${"z".repeat(500)}`);
    expect(parsed.kind).toBe("usage");
    const problem = parsed.kind === "usage" ? parsed.problem : "";
    expect(problem.length).toBeLessThan(200);
    expect(problem).not.toContain("```");
  });
});

describe("parseCommand: hostile input never throws", () => {
  const hostile = [
    "<!channel> <!here> <!everyone>",
    "&lt;!channel&gt;",
    "&amp;&amp;&amp;",
    "<<<<>>>>",
    "<",
    ">",
    "<@U1|a",
    "\u0000\u0001\u0002",
    "\ud800 lone surrogate",
    "💥".repeat(1000),
    "a ".repeat(999),
    "mute mute mute",
    "subscribe subscribe",
    "ns:ns:ns:",
    "limit:limit:5",
    "status:status:failed",
    "__proto__",
    "constructor limit:5",
    "my-retriever status:constructor",
    "subscribe x mention:<@U1|<@U2>>",
    "\r\n\r\n",
    "‮ reversed",
    "x".repeat(1_000_000),
  ];
  it.each(hostile.map((text) => [text.slice(0, 40), text]))("%j", (_label, text) => {
    const parsed = parse(text);
    expect(parsed).toHaveProperty("kind");
    // Read by the grammar itself, not by the catch-all that keeps a parser bug from going silent.
    expect(parsed).not.toHaveProperty("internalError");
    if (parsed.kind === "usage") expect(parsed.problem.length).toBeLessThan(400);
  });

  it("answers, and says it was the parser's fault, when the parser itself throws", () => {
    const broken = new Error("defaults could not be read");
    const defaultsThatThrow = {
      namespace: "default-ns",
      get pageSize(): number {
        throw broken;
      },
    };
    expect(parseCommand("my-retriever", defaultsThatThrow)).toEqual({
      kind: "usage",
      problem: "I couldn't read that command.",
      internalError: broken,
    });
  });

  it("treats a non-string as no text at all", () => {
    expect(parseCommand(undefined as unknown as string, defaults)).toEqual({ kind: "picker" });
  });

  it("treats __proto__ and constructor as ordinary retriever names", () => {
    expect(parse("__proto__")).toEqual(list("__proto__"));
    expect(parse("constructor limit:5")).toEqual(list("constructor", { limit: 5 }));
  });

  it("reads &lt;!channel&gt; typed by a person as plain text, not as a broadcast", () => {
    expect(parse("&lt;!channel&gt;")).toEqual(list("<!channel>"));
  });
});
