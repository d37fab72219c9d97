import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import type { ExecutionsPage, ListLayout } from "../../../../src/executions/types.js";
import type { ExecutionSummary } from "../../../../src/mixpeek/schemas.js";
import {
  ACTION_IDS,
  DETAILS_ACTION_ID,
  DETAILS_SELECT_ACTION_ID,
} from "../../../../src/views/executions/action-ids.js";
import { detailsButton } from "../../../../src/views/executions/details-button.js";
import { renderExecutionsList } from "../../../../src/views/executions/executions-list.js";
import { renderSharedPage } from "../../../../src/views/executions/shared-page.js";
import type { KnownBlock, SlackMessage } from "../../../../src/views/shared/blocks.js";
import { context, section } from "../../../../src/views/shared/blocks.js";
import { executionSummary } from "../../../helpers/executions.js";

const now = new Date("2024-05-01T14:00:00Z");

function execution(i: number): ExecutionSummary {
  return executionSummary({
    execution_id: `exec_${i}`,
    status: i % 2 === 0 ? "completed" : "failed",
    duration_ms: 12_000,
    total_processed: 100,
    cache_hit_rate: 0.5,
    query_summary: `query <!channel> ${i}`,
  });
}

function listOf(count: number, offset = 10, layout: ListLayout = "compact"): SlackMessage {
  const page: ExecutionsPage = {
    query: { retriever: "my-retriever", namespace: "prod", status: "all", offset, limit: 20 },
    executions: Array.from({ length: count }, (_, i) => execution(i)),
    hasNext: true,
    total: 100,
    fetchedAt: now,
  };
  return renderExecutionsList(page, { now, layout });
}

function actionIds(message: SlackMessage): string[] {
  return [...JSON.stringify(message.blocks).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1] ?? "");
}

describe("renderSharedPage", () => {
  it("keeps the table, adds who shared it and drops the filter, paging and layout controls", () => {
    const list = listOf(3);
    expect(actionIds(list)).toEqual(
      expect.arrayContaining([
        ACTION_IDS.statusFilter,
        ACTION_IDS.previousPage,
        ACTION_IDS.nextPage,
        ACTION_IDS.refresh,
        ACTION_IDS.layout,
      ]),
    );
    const shared = renderSharedPage(list, { sharedBy: "U123ABC" });
    expect(findBlockKitViolations(shared, "message")).toEqual([]);
    // Only Details stays: it opens a modal for whoever uses it, nothing else changes.
    expect(actionIds(shared)).toEqual([DETAILS_SELECT_ACTION_ID]);
    expect(shared.text).toBe(list.text);

    const table = (message: SlackMessage) => message.blocks.filter((block) => block.type === "table");
    expect(table(shared)).toHaveLength(1);
    expect(table(shared)).toEqual(table(list));
    expect(shared.blocks[0]).toEqual(list.blocks[0]);
    expect(shared.blocks[1]).toEqual(list.blocks[1]);
    expect(shared.blocks[2]).toEqual(context("Shared by <@U123ABC>"));
    const mrkdwnBlocks = shared.blocks.filter((block) => block.type !== "table" && block.type !== "actions");
    expect(JSON.stringify(mrkdwnBlocks)).not.toContain("<!channel>");
  });

  it("keeps Details buttons, in actions blocks and as accessories", () => {
    const details = detailsButton({ retriever: "my-retriever", namespace: "prod", executionId: "exec_1" });
    const list = listOf(2, 10, "detailed");
    const withDetails: SlackMessage = {
      text: list.text,
      blocks: [
        ...list.blocks.slice(0, -1),
        { ...(section("row with a Details accessory") as object), accessory: details } as KnownBlock,
        {
          ...(section("row with another accessory") as object),
          accessory: {
            type: "button",
            action_id: ACTION_IDS.refresh,
            text: { type: "plain_text", text: "x" },
          },
        } as KnownBlock,
        {
          type: "actions",
          elements: [
            details!,
            {
              type: "button",
              action_id: "executions_share",
              text: { type: "plain_text", text: "Share" },
              value: "{}",
            },
          ],
        },
        list.blocks.at(-1)!,
      ],
    };
    const shared = renderSharedPage(withDetails, { sharedBy: "U1AB" });
    expect(findBlockKitViolations(shared, "message")).toEqual([]);
    // The list's own rows carry Details accessories too (2 rows), plus the two added here.
    expect(actionIds(shared)).toEqual([
      DETAILS_ACTION_ID,
      DETAILS_ACTION_ID,
      DETAILS_ACTION_ID,
      DETAILS_ACTION_ID,
    ]);
    const plain = shared.blocks.find((block) => JSON.stringify(block).includes("another accessory"));
    expect(plain).toEqual(section("row with another accessory"));
  });

  it("never mentions anything but a real user id", () => {
    const shared = renderSharedPage(listOf(1), { sharedBy: "<!channel>" });
    expect(JSON.stringify(shared.blocks)).toContain("Shared by `&lt;!channel&gt;`");
  });

  it("stays within the limits for a full page of the longest rows", () => {
    const shared = renderSharedPage(listOf(20), { sharedBy: "W0123456789" });
    expect(findBlockKitViolations(shared, "message")).toEqual([]);
  });

  it("folds the line into the context block when the list already has 50 blocks", () => {
    const list = listOf(1);
    const full: SlackMessage = {
      text: list.text,
      blocks: [...list.blocks.slice(0, 2), ...Array.from({ length: 48 }, (_, i) => section(`row ${i}`))],
    };
    const shared = renderSharedPage(full, { sharedBy: "U1AB" });
    expect(findBlockKitViolations(shared, "message")).toEqual([]);
    expect(shared.blocks).toHaveLength(50);
    expect(JSON.stringify(shared.blocks[1])).toContain("Shared by <@U1AB>");
  });
});
