/** `/executions digest <retriever> daily|weekly [at:HH:MM] [tz:Zone]` and `… off`. */
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/commands/grammar.js";

const parse = (text: string) => parseCommand(text, { pageSize: 10, namespace: "default-ns" });

describe("the digest form", () => {
  it.each([
    [
      "digest product-search daily",
      { retriever: "product-search", schedule: { cadence: "daily", atMinutes: 540, timeZone: "UTC" } },
    ],
    [
      "digest product-search weekly at:17:30 tz:europe/berlin ns:prod",
      {
        retriever: "product-search",
        namespace: "prod",
        schedule: { cadence: "weekly", atMinutes: 1050, timeZone: "Europe/Berlin" },
      },
    ],
    [
      "digest DAILY product-search at: 7:05",
      { retriever: "product-search", schedule: { cadence: "daily", atMinutes: 425, timeZone: "UTC" } },
    ],
  ])("%s", (text, expected) => {
    expect(parse(text)).toEqual({ kind: "digest", namespace: "default-ns", ...expected });
  });

  it("stops a digest", () => {
    expect(parse("digest product-search off")).toEqual({
      kind: "digest_off",
      retriever: "product-search",
      namespace: "default-ns",
    });
  });

  it.each([
    ["digest product-search", "How often? Add `daily` or `weekly` (or `off` to stop the digest)."],
    ["digest daily", "Which retriever? Put its name or id first, e.g. `digest my-retriever daily at:09:00`."],
    [
      "digest product-search daily weekly",
      "Pick one of daily, weekly or off, not both `daily` and `weekly`.",
    ],
    [
      "digest product-search daily at:25:00",
      "`at:` takes a 24-hour time such as `at:09:00` or `at:17:30`, not `25:00`.",
    ],
    [
      "digest product-search daily tz:Mars/Olympus",
      "`Mars/Olympus` isn't a time zone I know. Use a name such as `tz:Europe/Berlin` or `tz:UTC`.",
    ],
    ["digest product-search off at:09:00", "`at:` and `tz:` don't apply to `digest … off`."],
    ["digest product-search daily limit:5", "`limit:` doesn't apply to `digest`."],
  ])("refuses %s", (text, problem) => {
    expect(parse(text)).toEqual({ kind: "usage", problem });
  });
});
