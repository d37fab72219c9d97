import { describe, expect, it } from "vitest";
import { NamespaceAccess, parseNamespaceList } from "../../../src/workspaces/namespaces.js";

describe("NamespaceAccess", () => {
  it("allows only the default when nothing is listed", () => {
    const access = new NamespaceAccess("demo", undefined);
    expect(access.check("demo")).toBe("allowed");
    expect(access.check("staging")).toBe("not_allowed");
    expect(access.check("Demo")).toBe("not_allowed");
    expect(access.list()).toEqual(["demo"]);
  });

  it("allows the listed namespaces and the default, or any with *", () => {
    const listed = new NamespaceAccess("demo", ["staging", "ns_abc"]);
    expect(["demo", "staging", "ns_abc", "other"].map((ns) => listed.check(ns))).toEqual([
      "allowed",
      "allowed",
      "allowed",
      "not_allowed",
    ]);
    const any = new NamespaceAccess("demo", "any");
    expect(any.check("whatever-else")).toBe("allowed");
    expect(any.list()).toBe("any");
  });

  it("calls a name Mixpeek would refuse invalid, even when any is allowed", () => {
    const any = new NamespaceAccess("demo", "any");
    for (const name of ["a..b", "..", "prodé", "検索", "tab\there", "", "x".repeat(201)]) {
      expect(any.check(name.replace("\\\\t", "\\t"))).toBe("invalid");
    }
    expect(any.check("a.b-c_d:1")).toBe("allowed");
  });
});

describe("parseNamespaceList", () => {
  it("splits on commas and trims", () => {
    expect(parseNamespaceList("a, b ,c")).toEqual(["a", "b", "c"]);
    expect(parseNamespaceList("*")).toBe("any");
    expect(parseNamespaceList(" , ")).toEqual({ problem: "names no namespace" });
  });
});
