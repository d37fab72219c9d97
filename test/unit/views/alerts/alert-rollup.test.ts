import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import type { FailedExecution } from "../../../../src/views/alerts/alert.js";
import { ALERT_ACTION_IDS } from "../../../../src/views/alerts/alert-actions.js";
import { renderAlertRollup, renderMutedSummary } from "../../../../src/views/alerts/alert-rollup.js";
import { button, textOf } from "../../../helpers/blocks.js";
import { all, subject } from "./subject.js";

function failures(count: number, overrides: Partial<FailedExecution> = {}): FailedExecution[] {
  return Array.from({ length: count }, (_, i) => ({
    executionId: `exec_${String(i).padStart(4, "0")}`,
    createdAt: new Date(Date.UTC(2025, 2, 1, 14, 2 + i)),
    durationMs: 1500,
    querySummary: `query ${i}`,
    ...overrides,
  }));
}

describe("renderAlertRollup", () => {
  it("says how many failed since when, lists the first five and counts the rest", () => {
    const message = renderAlertRollup({ subject, failures: failures(12), pageSize: 10 });
    expect(message.text).toBe("<@U123ABC> 12 failures of product-search since 14:02 UTC");
    const text = textOf(message.blocks);
    expect(text).toContain("*12 failures* of `product-search` since <!date^");
    for (const id of ["exec_0000", "exec_0004"]) expect(text).toContain(id);
    expect(text).not.toContain("exec_0005");
    expect(text).toContain("…and 7 failures more");
    expect(button(message.blocks, ALERT_ACTION_IDS.failedRuns)).toBeDefined();
    expect(button(message.blocks, ALERT_ACTION_IDS.mute1h)).toBeDefined();
    expect(findBlockKitViolations(message, "message")).toEqual([]);
  });

  it("says 'at least' when one check could not read them all", () => {
    const message = renderAlertRollup({ subject, failures: failures(250), atLeast: true, pageSize: 10 });
    expect(message.text).toContain("at least 250 failures");
  });

  it("stays within limits with long, hostile text everywhere", () => {
    const message = renderAlertRollup({
      subject: { ...subject, retrieverName: "<!channel>".repeat(500), namespace: "n".repeat(200) },
      failures: failures(250, {
        executionId: "<!here>".repeat(300),
        querySummary: "<!channel> & ".repeat(5000),
      }),
      pageSize: 20,
      listed: 50,
      studioUrl: () => `https://studio.example/${"x".repeat(2900)}`,
    });
    expect(findBlockKitViolations(message, "message")).toEqual([]);
    expect(all(message)).not.toMatch(/<!(channel|here)/);
  });
});

describe("renderMutedSummary", () => {
  it("is one line with the count, and a Failed runs button but no second mute", () => {
    const message = renderMutedSummary({
      subject,
      count: 3,
      since: new Date("2025-03-01T14:02:00Z"),
      pageSize: 10,
    });
    expect(message.text).toBe("3 failures of product-search happened while alerts were muted");
    expect(textOf(message.blocks)).toContain(
      "3 failures of `product-search` happened while alerts were muted",
    );
    expect(button(message.blocks, ALERT_ACTION_IDS.failedRuns)).toBeDefined();
    expect(button(message.blocks, ALERT_ACTION_IDS.mute1h)).toBeUndefined();
    expect(findBlockKitViolations(message, "message")).toEqual([]);
  });
});
