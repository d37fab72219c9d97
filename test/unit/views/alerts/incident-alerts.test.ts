/** Incident messages (issue 16) within Block Kit's limits, with the longest names and figures. */
import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import type { RuleSpec } from "../../../../src/alerts/store/index.js";
import {
  incidentLength,
  recoveryResolution,
  renderRecoveryReply,
  renderRuleAlert,
  renderRuleRecoveryReply,
} from "../../../../src/views/alerts/incident-alerts.js";
import { textOf } from "../../../helpers/blocks.js";
import { all, subject } from "./subject.js";

const longSubject = {
  ...subject,
  retrieverName: `${"very-long-retriever-name-".repeat(8)}*_~\`<!channel>`,
  namespace: "n".repeat(200),
  mention: "<!subteam^S0123456789>",
};
const RATE: RuleSpec = { metric: "failure_rate", threshold: 5, windowMs: 15 * 60_000, minRuns: 10 };
const P95: RuleSpec = { metric: "p95", threshold: 800, windowMs: 60 * 60_000, minRuns: 10 };
const at = new Date(Date.UTC(2025, 2, 1, 14, 10));

describe("incident messages", () => {
  it("say how long an incident lasted in words", () => {
    expect(incidentLength(20_000)).toBe("under a minute");
    expect(incidentLength(14 * 60_000 + 59_000)).toBe("14 min");
    expect(incidentLength(125 * 60_000)).toBe("2 h 5 min");
    expect(incidentLength(3 * 24 * 3_600_000)).toBe("3 days");
  });

  it("word a recovery as Slack dates, in each reader's time zone", () => {
    const recovery = { recoveredAt: new Date(at.getTime() + 14 * 60_000), failures: 3, firstFailureAt: at };
    expect(recoveryResolution(recovery)).toMatch(
      /^Recovered at <!date\^\d+\^\{time\}\|[^>]+> after 3 failures over 14 min$/,
    );
    const reply = renderRecoveryReply(longSubject, recovery);
    expect(reply.text).not.toContain("<!channel>");
    expect(findBlockKitViolations(reply, "message")).toEqual([]);
  });

  it("tell a rule firing and recovering, escaped and within the limits", () => {
    for (const rule of [RATE, P95]) {
      const fired = {
        value: rule.metric === "p95" ? 123_456 : 99.9,
        runs: 123_456,
        failed: 123_000,
        partial: true,
      };
      const firing = renderRuleAlert({ subject: longSubject, rule, fired, firedAt: at, pageSize: 10 });
      const recovered = renderRuleAlert({
        subject: longSubject,
        rule,
        fired,
        firedAt: at,
        pageSize: 10,
        recovered: { at: new Date(at.getTime() + 3_600_000), reading: { value: 1, runs: 5000, failed: 1 } },
      });
      const reply = renderRuleRecoveryReply(longSubject, rule, at, { value: 1, runs: 5000, failed: 1 });
      for (const message of [firing, recovered, reply]) {
        expect(all(message)).not.toContain("<!channel>");
        expect(findBlockKitViolations(message, "message")).toEqual([]);
      }
      expect(textOf(firing.blocks)).toContain("<!subteam^S0123456789>");
      expect(textOf(recovered.blocks)).not.toContain("<!subteam");
    }
    const firing = renderRuleAlert({
      subject,
      rule: RATE,
      fired: { value: 7.6, runs: 92, failed: 7 },
      firedAt: at,
      pageSize: 10,
    });
    expect(firing.text).toBe(
      "<@U123ABC> product-search: failure rate above 5% over 15 min: 7 of 92 runs failed in the last 15 min (7.6%).",
    );
  });
});
