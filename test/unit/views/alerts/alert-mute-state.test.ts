import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import { decodeSubscriptionRef } from "../../../../src/subscriptions/subscription-ref.js";
import { renderFailureAlert } from "../../../../src/views/alerts/alert.js";
import { ALERT_ACTION_IDS } from "../../../../src/views/alerts/alert-actions.js";
import { MUTE_STATE_BLOCK_ID, withMuteState } from "../../../../src/views/alerts/alert-mute-state.js";
import { DETAILS_ACTION_ID } from "../../../../src/views/executions/action-ids.js";
import { button, textOf } from "../../../helpers/blocks.js";

const now = new Date("2025-03-01T14:22:00Z");
const alert = renderFailureAlert({
  subject: {
    subscriptionId: 42,
    retrieverId: "ret_1",
    retrieverName: "product-search",
    namespace: "demo",
    mention: null,
  },
  execution: { executionId: "exec_0001", createdAt: new Date("2025-03-01T14:02:00Z") },
  cause: { error: "Model timed out", stage: "semantic_search" },
  pageSize: 10,
});
const hour = { until: new Date(now.getTime() + 3_600_000), by: "U0DEV", now };

describe("withMuteState", () => {
  it("says until when and by whom, and offers Unmute instead of Mute 1h", () => {
    const muted = withMuteState(alert, 42, hour);
    const epoch = Math.floor(hour.until.getTime() / 1000);
    expect(textOf(muted.blocks)).toContain(`:mute: Muted until <!date^${epoch}^{time}|`);
    expect(textOf(muted.blocks)).toContain("by <@U0DEV>");
    expect(button(muted.blocks, ALERT_ACTION_IDS.mute1h)).toBeUndefined();
    expect(decodeSubscriptionRef(button(muted.blocks, ALERT_ACTION_IDS.unmute)?.value)).toBe(42);
    expect(button(muted.blocks, DETAILS_ACTION_ID)).toBeDefined();
    expect(muted.text).toBe(alert.text);
    expect(findBlockKitViolations(muted, "message")).toEqual([]);
  });

  it("gives the date too when the mute ends past the next 12 hours", () => {
    const week = withMuteState(alert, 42, { ...hour, until: new Date(now.getTime() + 7 * 86_400_000) });
    expect(textOf(week.blocks)).toMatch(/Muted until <!date\^\d+\^\{date_short_pretty\} \{time\}\|/);
  });

  it("leaves a message without Mute 1h or Unmute as it is", () => {
    const plain = { text: "3 failures happened while alerts were muted", blocks: alert.blocks.slice(0, 2) };
    expect(withMuteState(plain, 42, hour)).toBe(plain);
  });

  it("draws the state once however often it is drawn, and unmuting gives back the alert as it was", () => {
    const twice = withMuteState(withMuteState(alert, 42, hour), 42, { ...hour, by: "U0OTHER" });
    expect(
      twice.blocks.filter((b) => (b as { block_id?: string }).block_id === MUTE_STATE_BLOCK_ID),
    ).toHaveLength(1);
    expect(textOf(twice.blocks)).toContain("by <@U0OTHER>");
    expect(withMuteState(twice, 42, null)).toEqual(alert);
  });
});
