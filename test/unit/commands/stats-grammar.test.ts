/** `/executions <retriever> stats [24h|7d|30d]`. */
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/commands/grammar.js";

const parse = (text: string) => parseCommand(text, { pageSize: 10, namespace: "default-ns" });
const stats = (retriever: string, window = "24h", namespace = "default-ns") => ({
  kind: "stats",
  retriever,
  namespace,
  window,
});

describe("the stats form", () => {
  it.each([
    ["product-search stats", stats("product-search")],
    ["product-search STATS 7d", stats("product-search", "7d")],
    ["product-search stats 30d ns:staging", stats("product-search", "30d", "staging")],
    ["product-search 1w stats", stats("product-search", "7d")],
    ["ns:prod product-search stats 24h", stats("product-search", "24h", "prod")],
    // "stats" first is a retriever's name: the keyword comes after the retriever.
    ["stats stats", stats("stats")],
  ])("%s", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it("keeps `stats` alone a retriever to list", () => {
    expect(parse("stats")).toMatchObject({ kind: "list", query: { retriever: "stats" } });
  });

  it.each([
    ["product-search stats 2d", "`2d` isn't a window I can show. Use `24h`, `7d`, `30d`."],
    ["product-search stats 24h 7d", "Give one window, not both `24h` and `7d`."],
    ["product-search stats failed", "`failed` doesn't apply to `stats`."],
    ["product-search stats limit:5", "`limit:` doesn't apply to `stats`."],
    [
      "product-search other stats",
      "I can take one retriever at a time, but read both `product-search` and `other` as names.",
    ],
  ])("refuses %s", (text, problem) => {
    expect(parse(text)).toEqual({ kind: "usage", problem });
  });
});
