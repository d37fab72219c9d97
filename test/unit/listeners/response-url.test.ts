import { describe, expect, it } from "vitest";
import { serialize } from "../../../src/listeners/response-url.js";

describe("serialize", () => {
  const header = { type: "header", text: { type: "plain_text", text: 'Executions of "x" <y>' } };
  const runs = { type: "section", text: { type: "mrkdwn", text: "a\nb ✓" } };
  const kept = new Map<object, string>([
    [header, JSON.stringify(header)],
    [runs, JSON.stringify(runs)],
  ]);
  const lookup = (block: object) => kept.get(block);

  it("is the body's JSON, kept blocks spliced in as serialized and the others serialized afresh", () => {
    const context = { type: "context", elements: [{ type: "mrkdwn", text: "Fetched now" }] };
    const body = {
      response_type: "ephemeral" as const,
      replace_original: false,
      text: "t",
      blocks: [header, context, runs],
    };
    const json = serialize(body, lookup);
    expect(JSON.parse(json)).toEqual(body);
    expect(json).toContain(JSON.stringify(header));
  });

  it("serializes a body without blocks, or with nothing but blocks, as JSON.stringify does", () => {
    const plain = { text: "only text", replace_original: true };
    expect(JSON.parse(serialize(plain, lookup))).toEqual(plain);
    expect(JSON.parse(serialize({ blocks: [runs] } as never, lookup))).toEqual({ blocks: [runs] });
  });

  it("never uses a kept JSON for a different object with the same content", () => {
    const copy = { ...runs, text: { type: "mrkdwn", text: "changed" } };
    expect(JSON.parse(serialize({ blocks: [copy] } as never, lookup))).toEqual({ blocks: [copy] });
  });
});
