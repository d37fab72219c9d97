import { describe, expect, it } from "vitest";
import { ThreadParents } from "../../../../src/alerts/watcher/context.js";
import type { FailureAlertInput } from "../../../../src/views/alerts/alert.js";

const input = (executionId: string): FailureAlertInput => ({
  subject: { subscriptionId: 1, retrieverId: "r", retrieverName: "r", namespace: "n", mention: null },
  execution: { executionId, createdAt: new Date(0) },
  pageSize: 10,
});

describe("ThreadParents", () => {
  it("recalls what a parent was drawn from, per subscription and ts", () => {
    const parents = new ThreadParents();
    parents.remember(1, "1.0001", input("a"));
    expect(parents.recall(1, "1.0001")?.execution.executionId).toBe("a");
    expect(parents.recall(2, "1.0001")).toBeUndefined();
  });

  it("forgets the least recently remembered first when full", () => {
    const parents = new ThreadParents(2);
    parents.remember(1, "a", input("a"));
    parents.remember(1, "b", input("b"));
    parents.remember(1, "a", input("a2"));
    parents.remember(1, "c", input("c"));
    expect(parents.recall(1, "b")).toBeUndefined();
    expect(parents.recall(1, "a")?.execution.executionId).toBe("a2");
    expect(parents.recall(1, "c")).toBeDefined();
  });
});
