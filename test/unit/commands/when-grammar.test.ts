/** `subscribe … when:` and `unsubscribe … when:` (issue 16), as Slack sends them (`>` arrives as `&gt;`). */
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/commands/grammar.js";

const defaults = { pageSize: 10, namespace: "default-ns" };
/** What Slack sends for what a person typed: `&`, `<` and `>` escaped. */
const parse = (typed: string) =>
  parseCommand(typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"), defaults);
const MIN = 60_000;

describe("subscribe with a threshold rule", () => {
  it.each([
    [
      "subscribe product-search when:failure-rate>5%",
      { metric: "failure_rate", threshold: 5, windowMs: 15 * MIN, minRuns: 10 },
    ],
    [
      "subscribe product-search when:failure-rate>2.5% over:1h min-runs:50",
      { metric: "failure_rate", threshold: 2.5, windowMs: 60 * MIN, minRuns: 50 },
    ],
    [
      "subscribe product-search when:p95>800ms",
      { metric: "p95", threshold: 800, windowMs: 15 * MIN, minRuns: 10 },
    ],
    [
      "subscribe product-search over:30m when:p95>1.5s",
      { metric: "p95", threshold: 1500, windowMs: 30 * MIN, minRuns: 10 },
    ],
    [
      "subscribe product-search when: P95>2s",
      { metric: "p95", threshold: 2000, windowMs: 15 * MIN, minRuns: 10 },
    ],
  ])("%s", (text, rule) => {
    expect(parse(text)).toEqual({
      kind: "subscribe",
      retriever: "product-search",
      namespace: "default-ns",
      rule,
    });
  });

  it("takes recovery:off, and when:failures as the alert for every failed run", () => {
    expect(parse("subscribe product-search recovery:off")).toEqual({
      kind: "subscribe",
      retriever: "product-search",
      namespace: "default-ns",
      recovery: false,
    });
    expect(parse("subscribe product-search when:failures")).toEqual({
      kind: "subscribe",
      retriever: "product-search",
      namespace: "default-ns",
    });
  });

  it.each([
    ["subscribe product-search when:p95>fast", "`fast` isn't a latency. Write it in milliseconds or seconds"],
    ["subscribe product-search when:failure-rate>150%", "A failure-rate threshold is between 0% and 100%"],
    ["subscribe product-search when:failure-rate>0%", "between 0% and 100%"],
    [
      "subscribe product-search when:failure-rate>5",
      "A failure rate is a percentage such as `when:failure-rate>5%`",
    ],
    ["subscribe product-search when:p95>800", "Add a unit to `800`: `800ms` or `800s`."],
    [
      "subscribe product-search when:p99>800ms",
      "`p99` isn't a figure I can watch. Use `failure-rate` or `p95`",
    ],
    [
      "subscribe product-search when:p95<800ms",
      "A rule fires when a figure goes above a threshold: write `>`",
    ],
    ["subscribe product-search when:", "`when:` needs a rule after it"],
    ["subscribe product-search when:latency", "I can't read the rule `latency`"],
    ["subscribe product-search when:p95>800ms over:2d", "`over:` takes a window in minutes or hours"],
    ["subscribe product-search when:p95>800ms over:1m", "`over:` is between 5 minutes and 24 hours"],
    [
      "subscribe product-search when:p95>800ms min-runs:0",
      "`min-runs:` takes a whole number from 1 to 10000",
    ],
    ["subscribe product-search over:15m", "`over:` goes with a threshold rule"],
    ["subscribe product-search min-runs:5 over:15m", "`over:` and `min-runs:` go with a threshold rule"],
    ["subscribe product-search recovery:maybe", "`recovery:` is `on` or `off`, not `maybe`."],
    ["subscribe product-search when:p95>1s when:p95>2s", "Give one `when:` rule per command"],
    ["product-search when:p95>1s", "`when:` doesn't apply to `list`"],
  ])("%s is refused with a clear message", (text, problem) => {
    const parsed = parse(text);
    expect(parsed.kind).toBe("usage");
    expect(parsed.kind === "usage" ? parsed.problem : "").toContain(problem);
  });
});

describe("unsubscribe naming an alert", () => {
  it("takes the rule, with its window and min-runs only when given", () => {
    expect(parse("unsubscribe product-search when:p95>800ms")).toEqual({
      kind: "unsubscribe",
      retriever: "product-search",
      namespace: "default-ns",
      target: { kind: "rule", metric: "p95", threshold: 800 },
    });
    expect(parse("unsubscribe product-search when:failure-rate>5% over:1h")).toEqual({
      kind: "unsubscribe",
      retriever: "product-search",
      namespace: "default-ns",
      target: { kind: "rule", metric: "failure_rate", threshold: 5, windowMs: 60 * MIN },
    });
    expect(parse("unsubscribe product-search when:failures")).toEqual({
      kind: "unsubscribe",
      retriever: "product-search",
      namespace: "default-ns",
      target: { kind: "failures" },
    });
    expect(parse("unsubscribe product-search recovery:off").kind).toBe("usage");
  });

  it("keeps a dashed word with a colon that is no option as a retriever name", () => {
    const parsed = parse("my-retriever:v2");
    expect(parsed.kind === "usage" ? parsed.problem : "").not.toContain("option");
  });
});
