import { describe, expect, it } from "vitest";
import { SlackOutage } from "../../../../src/alerts/watcher/slack-outage.js";

const at = (s: number) => new Date(Date.UTC(2025, 2, 1, 12, 0, s));
const policy = { slackRetryMinMs: 2_000, slackRetryMaxMs: 300_000 };

describe("SlackOutage", () => {
  it("holds posts after a failure, for a wait that doubles from the first and stops at the cap", () => {
    const outage = new SlackOutage(policy);
    expect(outage.holding(at(0))).toBe(false);
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 12; i++) {
      outage.failed(at(now), "service_unavailable");
      const next = outage.current()?.nextTryAt.getTime() ?? 0;
      waits.push(next - at(now).getTime());
      expect(outage.holding(new Date(next - 1))).toBe(true);
      expect(outage.holding(new Date(next))).toBe(false);
      now += waits.at(-1)! / 1000;
    }
    expect(waits.slice(0, 5)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(Math.max(...waits)).toBe(300_000);
    expect(outage.current()).toMatchObject({ since: at(0), lastCode: "service_unavailable", failures: 12 });
  });

  it("ends at the first post Slack takes, and starts over at the shortest wait next time", () => {
    const outage = new SlackOutage(policy);
    outage.failed(at(0), "fatal_error");
    outage.failed(at(2), "fatal_error");
    expect(outage.succeeded()).toMatchObject({ since: at(0), failures: 2 });
    expect(outage.current()).toBeNull();
    expect(outage.holding(at(3))).toBe(false);
    outage.failed(at(10), "internal_error");
    expect(outage.current()).toMatchObject({ since: at(10), failures: 1, nextTryAt: at(12) });
  });
});
