import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import {
  renderWatchFailing,
  renderWatchPaused,
  renderWatchRecovered,
} from "../../../../src/views/alerts/alert-notices.js";
import { textOf } from "../../../helpers/blocks.js";
import { all, subject } from "./subject.js";

describe("watch notices", () => {
  it("explains why a retriever can't be checked, in words", () => {
    const message = renderWatchFailing(subject, "auth");
    expect(message.text).toBe("Can't check product-search for failures: Mixpeek rejected the API key.");
    expect(textOf(message.blocks)).toContain("MIXPEEK_API_KEY");
    expect(renderWatchFailing(subject, "unavailable").text).toContain("isn't answering");
    expect(renderWatchFailing(subject, "something-new").text).toContain("something went wrong");
  });

  it("says when it works again, and when the retriever is gone", () => {
    expect(renderWatchRecovered(subject).text).toContain("can be checked again");
    const paused = renderWatchPaused(subject);
    expect(textOf(paused.blocks)).toContain(
      "`product-search` no longer exists in namespace `demo`; alerts are paused until someone subscribes again.",
    );
    for (const message of [renderWatchFailing(subject, "auth"), renderWatchRecovered(subject), paused]) {
      expect(findBlockKitViolations(message, "message")).toEqual([]);
      // Trouble with the watch is not worth a ping.
      expect(all(message)).not.toContain("<@U123ABC>");
    }
  });
});
