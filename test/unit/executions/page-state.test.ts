import { describe, expect, it } from "vitest";
import { isAcceptableName } from "../../../src/executions/names.js";
import {
  decodePageState,
  decodeStatusFilterChange,
  encodePageState,
  MAX_ENCODED_PAGE_STATE_LENGTH,
} from "../../../src/executions/page-state.js";
import type { PageQuery } from "../../../src/executions/types.js";

const query: PageQuery = {
  retriever: "my-retriever",
  namespace: "prod",
  status: "failed",
  offset: 10,
  limit: 10,
};

describe("encodePageState", () => {
  it("writes compact JSON with short keys", () => {
    expect(encodePageState(query)).toBe('{"v":1,"r":"my-retriever","n":"prod","s":"f","o":10,"l":10}');
  });

  it("round-trips every status", () => {
    for (const status of ["all", "completed", "failed", "running"] as const) {
      const q = { ...query, status };
      expect(decodePageState(encodePageState(q))).toEqual(q);
    }
  });

  it("round-trips names with quotes, backslashes, entities and emoji", () => {
    const q = { ...query, retriever: 'a"b\\c&lt;<>', namespace: "ns-🔍-é-检索" };
    expect(decodePageState(encodePageState(q))).toEqual(q);
  });

  it("stays under Slack's 2000-char button value for the longest names it accepts", () => {
    const worstNames = [
      '"'.repeat(200),
      "\\".repeat(200),
      "😀".repeat(100),
      "检".repeat(200),
      "\u00e9".repeat(200),
    ];
    for (const retriever of worstNames) {
      for (const namespace of worstNames) {
        const q: PageQuery = { retriever, namespace, status: "completed", offset: 10_000, limit: 20 };
        expect(isAcceptableName(retriever)).toBe(true);
        const encoded = encodePageState(q);
        expect(encoded.length).toBeLessThan(MAX_ENCODED_PAGE_STATE_LENGTH);
        expect(Buffer.byteLength(encoded, "utf8")).toBeLessThan(MAX_ENCODED_PAGE_STATE_LENGTH);
        expect(decodePageState(encoded)).toEqual(q);
      }
    }
  });
});

describe("decodePageState refuses anything tampered with", () => {
  const valid = { v: 1, r: "my-retriever", n: "prod", s: "f", o: 10, l: 10 };
  const tampered: Array<[string, unknown]> = [
    ["not a string (object)", valid],
    ["not a string (number)", 42],
    ["null", null],
    ["undefined", undefined],
    ["empty string", ""],
    ["bad JSON", "{v:1"],
    ["JSON array", "[1,2,3]"],
    ["JSON string", '"hello"'],
    ["JSON null", "null"],
    ["wrong version", JSON.stringify({ ...valid, v: 2 })],
    ["version as string", JSON.stringify({ ...valid, v: "1" })],
    ["missing version", JSON.stringify({ ...valid, v: undefined })],
    ["status hacked", JSON.stringify({ ...valid, s: "hacked" })],
    ["status spelled out", JSON.stringify({ ...valid, s: "failed" })],
    ["huge offset", JSON.stringify({ ...valid, o: 10_010 })],
    ["negative offset", JSON.stringify({ ...valid, o: -10 })],
    ["fractional offset", JSON.stringify({ ...valid, o: 10.5 })],
    ["offset not a whole page", JSON.stringify({ ...valid, o: 7 })],
    ["offset as string", JSON.stringify({ ...valid, o: "10" })],
    ["limit 0", JSON.stringify({ ...valid, l: 0, o: 0 })],
    ["limit 21", JSON.stringify({ ...valid, l: 21, o: 0 })],
    ["limit as float", JSON.stringify({ ...valid, l: 2.5, o: 0 })],
    ["infinite-ish offset", '{"v":1,"r":"a","n":"b","s":"f","o":1e400,"l":10}'],
    ["empty retriever", JSON.stringify({ ...valid, r: "" })],
    ["empty namespace", JSON.stringify({ ...valid, n: "" })],
    ["retriever of 201 chars", JSON.stringify({ ...valid, r: "r".repeat(201) })],
    ["namespace of 5000 chars", JSON.stringify({ ...valid, n: "n".repeat(5000) })],
    ["retriever with a newline", JSON.stringify({ ...valid, r: "a\nb" })],
    ["retriever with a NUL", JSON.stringify({ ...valid, r: "a\u0000b" })],
    ["retriever with a bidi override", JSON.stringify({ ...valid, r: "a\u202eb" })],
    ["retriever with a space", JSON.stringify({ ...valid, r: "a b" })],
    ["lone surrogate", '{"v":1,"r":"\\ud800","n":"b","s":"f","o":0,"l":10}'],
    ["retriever as number", JSON.stringify({ ...valid, r: 5 })],
    ["extra key", JSON.stringify({ ...valid, x: 1 })],
    ["__proto__ key", '{"v":1,"r":"a","n":"b","s":"f","o":0,"l":10,"__proto__":{"polluted":true}}'],
    ["value past 2000 chars", `${JSON.stringify(valid)}${" ".repeat(2000)}`],
  ];
  it.each(tampered)("%s", (_label, value) => {
    expect(decodePageState(value)).toBeNull();
  });

  it("accepts the valid original", () => {
    expect(decodePageState(JSON.stringify(valid))).toEqual(query);
  });
});

describe("decodeStatusFilterChange", () => {
  it("keeps retriever, namespace and limit, takes the picked status, and goes back to the first page", () => {
    expect(decodeStatusFilterChange(encodePageState(query), "running")).toEqual({
      ...query,
      status: "running",
      offset: 0,
    });
  });

  it("refuses a tampered block_id or a status outside the filter", () => {
    expect(decodeStatusFilterChange("nope", "failed")).toBeNull();
    expect(decodeStatusFilterChange(encodePageState(query), "hacked")).toBeNull();
    expect(decodeStatusFilterChange(encodePageState(query), undefined)).toBeNull();
  });
});
