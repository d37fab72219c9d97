import { describe, expect, it } from "vitest";
import {
  closestNames,
  editDistance,
  MAX_SUGGESTIONS,
  sameNameIgnoringCase,
} from "../../../src/executions/closest-names.js";

const names = ["product-search", "video-moments", "support-faq", "brand-safety", "image-dedupe"];

describe("sameNameIgnoringCase", () => {
  it("finds the name typed in another case, preferring an exact match", () => {
    expect(sameNameIgnoringCase("PRODUCT-SEARCH", names)).toBe("product-search");
    expect(sameNameIgnoringCase("Support-FAQ", names)).toBe("support-faq");
    expect(sameNameIgnoringCase("Ab", ["ab", "Ab"])).toBe("Ab");
    expect(sameNameIgnoringCase("product-serch", names)).toBeUndefined();
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("product-search", "product-search")).toBe(0);
    expect(editDistance("product-serch", "product-search")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("stops early past its limit", () => {
    expect(editDistance("a".repeat(50), "b".repeat(50), 2)).toBe(3);
    expect(editDistance("short", "a much longer name", 2)).toBe(3);
  });
});

describe("closestNames", () => {
  it("offers the name a typo meant", () => {
    expect(closestNames("product-serch", names)).toEqual(["product-search"]);
    expect(closestNames("PRODUCT_SEARCH", names)).toEqual(["product-search"]);
    expect(closestNames("suport-faq", names)).toEqual(["support-faq"]);
  });

  it("offers names that contain what was typed", () => {
    expect(closestNames("video", names)).toEqual(["video-moments"]);
  });

  it("offers nothing when nothing is close", () => {
    expect(closestNames("zzzzzz-qqqq", names)).toEqual([]);
    expect(closestNames("x", names)).toEqual([]);
  });

  it("offers at most a few, closest first, each once", () => {
    const many = ["search-a", "search-b", "search-c", "search-d", "search-a", "searchy"];
    const found = closestNames("search", many);
    expect(found).toHaveLength(MAX_SUGGESTIONS);
    expect(new Set(found).size).toBe(found.length);
    expect(found[0]).toBe("searchy");
  });
});
