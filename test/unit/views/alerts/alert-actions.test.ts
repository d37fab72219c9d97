import { describe, expect, it } from "vitest";
import { decodePageState } from "../../../../src/executions/page-state.js";
import { ALERT_ACTION_IDS, failedRunsButton } from "../../../../src/views/alerts/alert-actions.js";

describe("failedRunsButton", () => {
  it("points at the first page of failed runs, with a page size the decoder accepts", () => {
    const target = { namespace: "demo", retriever: "product-search", subscriptionId: 1 };
    expect(decodePageState(failedRunsButton({ ...target, pageSize: 10 })?.value)?.limit).toBe(10);
    expect(decodePageState(failedRunsButton({ ...target, pageSize: 500 })?.value)?.limit).toBe(20);
    expect(decodePageState(failedRunsButton({ ...target, pageSize: 0 })?.value)?.limit).toBe(1);
    expect(failedRunsButton({ ...target, pageSize: 10 })?.action_id).toBe(ALERT_ACTION_IDS.failedRuns);
  });
});
