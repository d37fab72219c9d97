import { describe, expect, it } from "vitest";
import {
  ALERT_EVENT_TYPE,
  alertMetadata,
  MAX_LISTED_IDS,
  readAlertMetadata,
} from "../../../../src/alerts/watcher/alert-metadata.js";

describe("alert message metadata", () => {
  it("names the alerts a message tells in one short string, and reads them back", () => {
    const metadata = alertMetadata("rollup", [17, 18, 1234567]);
    expect(metadata).toEqual({
      event_type: ALERT_EVENT_TYPE,
      event_payload: { kind: "rollup", alert_ids: "17,18,1234567" },
    });
    expect(readAlertMetadata({ metadata })).toEqual({ kind: "rollup", alertIds: [17, 18, 1234567] });
    expect(readAlertMetadata({ metadata: alertMetadata("alert", [5]) })).toEqual({
      kind: "alert",
      alertIds: [5],
    });
  });

  it("lists at most MAX_LISTED_IDS alerts of a huge roll-up", () => {
    const ids = Array.from({ length: MAX_LISTED_IDS + 50 }, (_, i) => 1_000_000 + i);
    const metadata = alertMetadata("rollup", ids);
    expect(readAlertMetadata({ metadata })?.alertIds).toEqual(ids.slice(0, MAX_LISTED_IDS));
    expect(metadata.event_payload.alert_ids.length).toBeLessThan(2_100);
  });

  it("ignores messages without it, other apps' metadata, and ids that are not ids", () => {
    expect(readAlertMetadata({})).toBeUndefined();
    expect(
      readAlertMetadata({ metadata: { event_type: "task_created", event_payload: {} } }),
    ).toBeUndefined();
    expect(
      readAlertMetadata({ metadata: { event_type: ALERT_EVENT_TYPE, event_payload: {} } }),
    ).toBeUndefined();
    expect(
      readAlertMetadata({
        metadata: { event_type: ALERT_EVENT_TYPE, event_payload: { alert_ids: "3,x,-1,,4" } },
      }),
    ).toEqual({ kind: "alert", alertIds: [3, 4] });
  });
});
