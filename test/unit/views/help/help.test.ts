import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../../src/commands/grammar.js";
import { renderHelp } from "../../../../src/views/help/help.js";

describe("renderHelp", () => {
  const message = renderHelp({ command: "/executions", pageSize: 10 });
  const text = JSON.stringify(message.blocks);

  it("shows every form of the command", () => {
    for (const form of [
      "/executions <retriever>",
      "failed|completed|running|all",
      "limit:N",
      "ns:NAMESPACE",
      "subscribe <retriever>",
      "mention:@someone",
      "unsubscribe <retriever>",
      "/executions subscriptions",
      "mute <retriever> <30m|2h|1d>",
      "unmute <retriever>",
      "/executions help",
    ]) {
      expect(text).toContain(form.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    }
  });

  it("mentions the default page size and the limit range", () => {
    expect(text).toContain("The newest 10 executions");
    expect(text).toContain("from 1 to 20");
  });

  it("gives examples that the grammar itself accepts", () => {
    const examples = [...text.matchAll(/e\.g\. `\/executions ([^`]+)`/g)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThanOrEqual(9);
    for (const example of examples) {
      const parsed = parseCommand(example, { pageSize: 10, namespace: "default" });
      expect(parsed.kind, example).not.toBe("usage");
    }
  });

  it("uses the installed command name and fits Block Kit's limits", () => {
    const custom = renderHelp({ command: "/runs", pageSize: 5 });
    expect(JSON.stringify(custom.blocks)).toContain("`/runs my-retriever`");
    expect(custom.text).toContain("/runs");
    expect(findBlockKitViolations(message, "message")).toEqual([]);
    expect(findBlockKitViolations(custom, "message")).toEqual([]);
  });
});
