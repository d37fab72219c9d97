import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import { decodePageState } from "../../../../src/executions/page-state.js";
import { decodeSubscriptionRef } from "../../../../src/subscriptions/subscription-ref.js";
import { type FailureAlertInput, renderFailureAlert } from "../../../../src/views/alerts/alert.js";
import { ALERT_ACTION_IDS } from "../../../../src/views/alerts/alert-actions.js";
import type { AlertSubject } from "../../../../src/views/alerts/alert-parts.js";
import { plainAlertText } from "../../../../src/views/alerts/alert-plain.js";
import { PAGE_BUTTON_ACTION_ID } from "../../../../src/views/executions/action-ids.js";
import { button, textOf } from "../../../helpers/blocks.js";
import { all } from "./subject.js";

const subject: AlertSubject = {
  subscriptionId: 42,
  retrieverId: "ret_abc123",
  retrieverName: "product-search",
  namespace: "demo",
  mention: "<@U123ABC>",
};

const base: FailureAlertInput = {
  subject,
  execution: {
    executionId: "exec_0001",
    createdAt: new Date("2025-03-01T14:02:00Z"),
    durationMs: 12_400,
    creditsUsed: 0.0123,
    querySummary: "red running shoes",
  },
  cause: { error: "Upstream embedding service timed out after 30000 ms", stage: "semantic_search" },
  pageSize: 10,
};

describe("renderFailureAlert", () => {
  it("says who it concerns, which retriever, when, what it cost and why it failed", () => {
    const message = renderFailureAlert(base);
    const text = textOf(message.blocks);
    expect(text).toContain("<@U123ABC>");
    expect(text).toContain("`product-search`");
    expect(text).toContain("`demo`");
    expect(text).toContain("`exec_0001`");
    expect(text).toMatch(/<!date\^1740837720\^/);
    expect(text).toContain("12.4 s");
    expect(text).toContain("0.0123 credits");
    expect(text).toContain("red running shoes");
    expect(text).toContain("*Failed at stage* `semantic_search`");
    expect(text).toContain("Upstream embedding service timed out after 30000 ms");
    expect(message.text).toBe(
      "<@U123ABC> Retriever product-search failed: Upstream embedding service timed out after 30000 ms",
    );
    expect(findBlockKitViolations(message, "message")).toEqual([]);
  });

  it("has a Failed runs button the page-navigation listener can answer, and Mute 1h", () => {
    const message = renderFailureAlert(base);
    const failedRuns = button(message.blocks, ALERT_ACTION_IDS.failedRuns);
    expect(failedRuns).toBeDefined();
    expect(PAGE_BUTTON_ACTION_ID.test(ALERT_ACTION_IDS.failedRuns)).toBe(true);
    expect(decodePageState(failedRuns?.value)).toEqual({
      namespace: "demo",
      retriever: "ret_abc123",
      status: "failed",
      offset: 0,
      limit: 10,
    });
    const mute = button(message.blocks, ALERT_ACTION_IDS.mute1h);
    expect(decodeSubscriptionRef(mute?.value)).toBe(42);
  });

  it("still tells the failure, a little shorter, when the error details could not be loaded", () => {
    const message = renderFailureAlert({ ...base, cause: undefined });
    const text = textOf(message.blocks);
    expect(text).toContain("`exec_0001`");
    expect(text).not.toContain("Failed at stage");
    expect(text).toContain("couldn't be loaded");
    expect(message.text).toBe("<@U123ABC> Retriever product-search failed.");
    expect(message.blocks.length).toBeLessThan(renderFailureAlert(base).blocks.length + 1);
    expect(findBlockKitViolations(message, "message")).toEqual([]);
  });

  it("names the stage even when Mixpeek gave no message", () => {
    const text = textOf(renderFailureAlert({ ...base, cause: { error: null, stage: "rerank" } }).blocks);
    expect(text).toContain("*Failed at stage* `rerank` (Mixpeek gave no message)");
  });

  it("links the execution to Mixpeek Studio when a URL is given", () => {
    const message = renderFailureAlert({ ...base, studioUrl: "https://studio.example/e/exec_0001?a=1&b=2" });
    expect(textOf(message.blocks)).toContain("<https://studio.example/e/exec_0001?a=1&amp;b=2|exec_0001>");
  });

  it("shows the thread's running count on a parent, and leaves the mention out of replies", () => {
    const parent = renderFailureAlert({ ...base, threadCount: 4, threadMinutes: 60 });
    expect(textOf(parent.blocks)).toContain("4 failures in the last hour");
    const reply = renderFailureAlert({ ...base, inThread: true });
    expect(all(reply)).not.toContain("<@U123ABC>");
    expect(findBlockKitViolations(reply, "message")).toEqual([]);
    expect(textOf(renderFailureAlert({ ...base, threadCount: 2, threadMinutes: 120 }).blocks)).toContain(
      "2 failures in the last 2 hours",
    );
  });

  it("never pings a channel, whatever the stored mention or Mixpeek's text says", () => {
    const message = renderFailureAlert({
      ...base,
      subject: { ...subject, mention: "<!channel>", retrieverName: "<!here> search" },
      execution: { ...base.execution, querySummary: "<!channel> flash sale & <https://evil.example|click>" },
      cause: { error: "bad token '<' near <!everyone>", stage: "<@U999>" },
    });
    const text = all(message);
    expect(text).not.toMatch(/<!(channel|here|everyone)/);
    expect(text).not.toContain("<https://evil");
    expect(text).not.toContain("<@U999>");
    expect(text).toContain("&lt;!channel&gt; flash sale &amp; &lt;https://evil.example|click&gt;");
    expect(text).toContain("&lt;!everyone&gt;");
  });

  it("keeps a user group token and shows a plain @name as text", () => {
    expect(
      textOf(renderFailureAlert({ ...base, subject: { ...subject, mention: "<!subteam^S0TEAM>" } }).blocks),
    ).toContain("<!subteam^S0TEAM> ");
    expect(
      textOf(renderFailureAlert({ ...base, subject: { ...subject, mention: "@ana" } }).blocks),
    ).toContain("@ana `product-search`");
  });

  it("stays within every Block Kit limit with every field at its longest", () => {
    const long = (unit: string, length: number) =>
      unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    const message = renderFailureAlert({
      subject: {
        subscriptionId: Number.MAX_SAFE_INTEGER,
        retrieverId: long("r", 200),
        retrieverName: long("<!channel>&", 5000),
        namespace: long("n", 200),
        mention: "<!subteam^S0123456789ABCDEFGHIJKLMNOPQRS>",
      },
      execution: {
        executionId: long("<e&>", 5000),
        createdAt: new Date("2025-03-01T14:02:00Z"),
        durationMs: 1e15,
        creditsUsed: 1e15,
        querySummary: long("<!channel> & 😀 ", 100_000),
      },
      cause: { error: long("<!channel> & \n", 100_000), stage: long("<stage>", 10_000) },
      pageSize: 20,
      studioUrl: `https://studio.example/${long("x", 2990)}`,
      threadCount: 1_000_000,
      threadMinutes: 10_080,
    });
    expect(findBlockKitViolations(message, "message")).toEqual([]);
    expect(all(message)).not.toContain("<!channel>");
    expect(button(message.blocks, ALERT_ACTION_IDS.failedRuns)).toBeDefined();
  });

  it("leaves the Failed runs button out when its page could not be read back on a click", () => {
    const message = renderFailureAlert({ ...base, subject: { ...subject, retrieverId: "has space" } });
    expect(button(message.blocks, ALERT_ACTION_IDS.failedRuns)).toBeUndefined();
    expect(button(message.blocks, ALERT_ACTION_IDS.mute1h)).toBeDefined();
  });
});

describe("plainAlertText", () => {
  it("keeps every text the reader sees, without blocks, still escaped", () => {
    const message = renderFailureAlert({
      ...base,
      execution: { ...base.execution, querySummary: "<!channel> & more" },
      threadCount: 3,
    });
    const plain = plainAlertText(message);
    expect(plain).toContain("<@U123ABC>");
    expect(plain).toContain("Upstream embedding service timed out");
    expect(plain).toContain("*Execution*: `exec_0001`");
    expect(plain).toContain("&lt;!channel&gt; &amp; more");
    expect(plain).toContain("3 failures in the last hour");
    expect(plain).not.toContain("Failed runs");
    expect(plain.length).toBeLessThanOrEqual(3500);
  });

  it("is cut to a length Slack always takes", () => {
    const message = renderFailureAlert({ ...base, cause: { error: "x".repeat(100_000), stage: null } });
    expect(plainAlertText(message, 500).length).toBeLessThanOrEqual(500);
  });

  it("replies in a thread with just the run, when, why and Details: the parent carries the rest (issue 13)", () => {
    const full = renderFailureAlert(base);
    const reply = renderFailureAlert({ ...base, inThread: true });
    expect(reply.blocks.map((b) => b.type)).toEqual(["section", "actions"]);
    const text = textOf(reply.blocks);
    expect(text).toContain("`exec_0001`");
    expect(text).toMatch(/failed/);
    expect(text).toContain(base.cause!.error!.slice(0, 20));
    const ids = JSON.stringify(reply.blocks);
    expect(ids).toContain('"action_id":"execution_details"');
    expect(ids).not.toContain("alert_mute_1h");
    expect(ids).not.toContain("executions_page_alert_failed_runs");
    expect(JSON.stringify(reply.blocks).length).toBeLessThan(JSON.stringify(full.blocks).length / 2);
  });
});
