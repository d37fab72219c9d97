import { describe, expect, it } from "vitest";
import {
  decodeExecutionRef,
  type ExecutionRef,
  encodeExecutionRef,
  isEncodableExecutionRef,
  MAX_ENCODED_EXECUTION_REF_LENGTH,
} from "../../../src/executions/execution-ref.js";

const ref: ExecutionRef = { retriever: "my-retriever", namespace: "prod", executionId: "exec_abc123" };

describe("encodeExecutionRef", () => {
  it("writes compact JSON with short keys", () => {
    expect(encodeExecutionRef(ref)).toBe('{"v":1,"r":"my-retriever","n":"prod","e":"exec_abc123"}');
  });

  it("round-trips names with quotes, backslashes, entities and emoji", () => {
    const odd = { retriever: 'a"b\\c&lt;<>', namespace: "ns-🔍-é-检索", executionId: "exec_<!channel>" };
    expect(decodeExecutionRef(encodeExecutionRef(odd))).toEqual(odd);
  });

  it("stays under Slack's 2000-char button value for the longest parts it accepts", () => {
    const worst = ['"'.repeat(200), "\\".repeat(200), "😀".repeat(100), "检".repeat(200)];
    for (const a of worst) {
      for (const b of worst) {
        const long = { retriever: a, namespace: b, executionId: a };
        expect(isEncodableExecutionRef(long)).toBe(true);
        const encoded = encodeExecutionRef(long);
        expect(encoded.length).toBeLessThanOrEqual(MAX_ENCODED_EXECUTION_REF_LENGTH);
        expect(Buffer.byteLength(encoded, "utf8")).toBeLessThanOrEqual(MAX_ENCODED_EXECUTION_REF_LENGTH);
        expect(decodeExecutionRef(encoded)).toEqual(long);
      }
    }
  });

  it("says which refs could not be read back", () => {
    expect(isEncodableExecutionRef(ref)).toBe(true);
    expect(isEncodableExecutionRef({ ...ref, executionId: "" })).toBe(false);
    expect(isEncodableExecutionRef({ ...ref, executionId: "a b" })).toBe(false);
    expect(isEncodableExecutionRef({ ...ref, retriever: "r".repeat(201) })).toBe(false);
  });
});

describe("decodeExecutionRef refuses anything tampered with", () => {
  const valid = { v: 1, r: "my-retriever", n: "prod", e: "exec_abc123" };
  const tampered: Array<[string, unknown]> = [
    ["an object, not a string", valid],
    ["a number", 42],
    ["null", null],
    ["undefined", undefined],
    ["an empty string", ""],
    ["bad JSON", "{v:1"],
    ["a JSON array", '["my-retriever","prod","exec_abc123"]'],
    ["JSON null", "null"],
    ["a page state instead", '{"v":1,"r":"my-retriever","n":"prod","s":"f","o":10,"l":10}'],
    ["wrong version", JSON.stringify({ ...valid, v: 2 })],
    ["version as string", JSON.stringify({ ...valid, v: "1" })],
    ["missing execution id", JSON.stringify({ v: 1, r: "my-retriever", n: "prod" })],
    ["empty execution id", JSON.stringify({ ...valid, e: "" })],
    ["execution id with a space", JSON.stringify({ ...valid, e: "exec 1" })],
    ["execution id with a newline", JSON.stringify({ ...valid, e: "exec\n1" })],
    ["execution id with a bidi override", JSON.stringify({ ...valid, e: "exec\u202e1" })],
    ["execution id of 201 chars", JSON.stringify({ ...valid, e: "e".repeat(201) })],
    ["execution id as number", JSON.stringify({ ...valid, e: 7 })],
    ["retriever with a NUL", JSON.stringify({ ...valid, r: "a\u0000b" })],
    ["namespace of 5000 chars", JSON.stringify({ ...valid, n: "n".repeat(5000) })],
    ["lone surrogate", '{"v":1,"r":"\\ud800","n":"prod","e":"exec_1"}'],
    ["extra key", JSON.stringify({ ...valid, x: 1 })],
    ["__proto__ key", '{"v":1,"r":"a","n":"b","e":"c","__proto__":{"polluted":true}}'],
    ["value past 2000 chars", `${JSON.stringify(valid)}${" ".repeat(2000)}`],
  ];
  it.each(tampered)("%s", (_label, value) => {
    expect(decodeExecutionRef(value)).toBeNull();
  });

  it("accepts the valid original", () => {
    expect(decodeExecutionRef(JSON.stringify(valid))).toEqual(ref);
  });
});

describe("the retriever's name in a ref (issue 13, bug 2)", () => {
  const alertRef: ExecutionRef = { ...ref, retriever: "ret_0hp35v7nc7hpn8", retrieverName: "product-search" };

  it("rides along when it differs from what Mixpeek is asked for", () => {
    expect(decodeExecutionRef(encodeExecutionRef(alertRef))).toEqual(alertRef);
    expect(encodeExecutionRef({ ...ref, retrieverName: ref.retriever })).not.toContain('"m"');
  });

  it("is left out when it would not fit in a button, or could not be read back", () => {
    const big = "检".repeat(200);
    const long = { retriever: big, namespace: big, executionId: big, retrieverName: `${big.slice(1)}x` };
    const encoded = encodeExecutionRef(long);
    expect(Buffer.byteLength(encoded, "utf8")).toBeLessThanOrEqual(MAX_ENCODED_EXECUTION_REF_LENGTH);
    expect(decodeExecutionRef(encoded)).toEqual({ retriever: big, namespace: big, executionId: big });
    expect(encodeExecutionRef({ ...alertRef, retrieverName: "has space" })).not.toContain('"m"');
  });
});
