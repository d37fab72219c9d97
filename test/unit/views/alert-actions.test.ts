import { describe, expect, it } from "vitest";
import { decodePageState } from "../../../src/executions/page-state.js";
import {
  ALERT_ACTION_IDS,
  decodeMuteTarget,
  encodeMuteTarget,
  failedRunsButton,
} from "../../../src/views/alert-actions.js";

describe("mute target codec", () => {
  it("round-trips a subscription id as compact JSON", () => {
    expect(encodeMuteTarget({ subscriptionId: 42 })).toBe('{"v":1,"s":42}');
    expect(decodeMuteTarget(encodeMuteTarget({ subscriptionId: 42 }))).toEqual({ subscriptionId: 42 });
  });

  it.each([
    undefined,
    42,
    "",
    "not json",
    '{"v":2,"s":42}',
    '{"v":1,"s":0}',
    '{"v":1,"s":-1}',
    '{"v":1,"s":1.5}',
    '{"v":1,"s":"42"}',
    '{"v":1,"s":42,"extra":true}',
    `{"v":1,"s":${"9".repeat(200)}}`,
  ])("refuses %j", (value) => {
    expect(decodeMuteTarget(value)).toBeNull();
  });
});

describe("failedRunsButton", () => {
  it("points at the first page of failed runs, with a page size the decoder accepts", () => {
    const target = { namespace: "demo", retriever: "product-search", subscriptionId: 1 };
    expect(decodePageState(failedRunsButton({ ...target, pageSize: 10 })?.value)?.limit).toBe(10);
    expect(decodePageState(failedRunsButton({ ...target, pageSize: 500 })?.value)?.limit).toBe(20);
    expect(decodePageState(failedRunsButton({ ...target, pageSize: 0 })?.value)?.limit).toBe(1);
    expect(failedRunsButton({ ...target, pageSize: 10 })?.action_id).toBe(ALERT_ACTION_IDS.failedRuns);
  });
});
