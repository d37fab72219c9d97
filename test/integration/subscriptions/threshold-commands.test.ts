/**
 * Threshold rules through the command (issue 16): a failure subscription and rules side by side for one
 * retriever in one channel, listed with their rule and state; `unsubscribe` takes the rule to remove, and
 * asks which when there are several; parse errors are answered privately and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

let h: Harness;
const CHANNEL = "C0GENERAL";
const TEAM = "T0STANDIN";

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** What Slack sends for what a person typed: `&`, `<` and `>` escaped. */
const asSlackSends = (typed: string) =>
  typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

async function say(typed: string) {
  const reply = await h.slack.slashCommand({ text: asSlackSends(typed), channelId: CHANNEL });
  expect(reply.status).toBe(200);
  const id = reply.responseUrlId;
  await h.slack.waitFor(() => h.slack.responses().find((r) => r.responseUrlId === id));
  const response = h.slack
    .responses()
    .filter((r) => r.responseUrlId === id)
    .at(-1)!;
  const body = response.body as { text: string; blocks: unknown[]; response_type?: string };
  return { body, text: textOf(body.blocks) };
}

const subs = () => h.bot.deps.store.listChannelSubscriptions(TEAM, CHANNEL);
const rules = async () => h.bot.deps.store.listRules((await subs()).map((sub) => sub.id));

describe("threshold rules in a channel", () => {
  it("refuses rules it cannot read in the command's answer, changing nothing", async () => {
    const refused = async (text: string) => {
      const reply = await h.slack.slashCommand({ text: asSlackSends(text), channelId: CHANNEL });
      return textOf((reply.json as { blocks: unknown[] }).blocks);
    };
    expect(await refused("subscribe product-search when:p95>fast")).toContain("`fast` isn't a latency");
    expect(await refused("subscribe product-search when:failure-rate>150%")).toContain(
      "A failure-rate threshold is between 0% and 100%",
    );
    expect(await subs()).toEqual([]);
  });

  it("holds a failure subscription and rules for one retriever side by side", async () => {
    const rule = await say("subscribe product-search when:p95>800ms");
    expect(rule.body.response_type).toBe("in_channel");
    expect(rule.text).toContain("*p95 latency above 800 ms over 15 min*");
    const [rulesOnly] = await subs();
    expect(rulesOnly?.failureAlerts).toBe(false);

    await say("subscribe product-search when:failure-rate>5% over:30m min-runs:20");
    const plain = await say("subscribe product-search");
    expect(plain.body.response_type).toBe("in_channel");
    expect(plain.text).toContain("every failed run is now posted here too");
    const again = await say("subscribe product-search when:p95>800ms");
    expect(again.body.response_type).toBe("ephemeral");
    expect(again.text).toContain("already has `when:p95&gt;800ms`");

    expect(await subs()).toHaveLength(1);
    expect((await rules()).map((r) => [r.metric, r.threshold, r.windowMs, r.minRuns])).toEqual([
      ["p95", 800, 15 * 60_000, 10],
      ["failure_rate", 5, 30 * 60_000, 20],
    ]);

    const list = await say("subscriptions");
    expect(list.text).toContain("• every failed run, and when it recovers");
    expect(list.text).toContain(
      "`when:p95&gt;800ms` p95 latency above 800 ms over 15 min · :large_green_circle: OK",
    );
    expect(list.text).toContain("`when:failure-rate&gt;5% over:30m min-runs:20`");
  });

  it("asks which alert to remove when there are several, then removes the one named", async () => {
    const which = await say("unsubscribe product-search");
    expect(which.body.response_type).toBe("ephemeral");
    expect(which.text).toContain("This channel has 3 alerts for `product-search`");
    expect(which.text).toContain("unsubscribe product-search when:p95&gt;800ms`: p95 latency above 800 ms");
    expect(which.text).toContain("unsubscribe product-search when:failures`: every failed run");
    expect(await rules()).toHaveLength(2);

    const missing = await say("unsubscribe product-search when:p95>2s");
    expect(missing.text).toContain("no such alert");

    const removed = await say("unsubscribe product-search when:p95>800ms");
    expect(removed.body.response_type).toBe("in_channel");
    expect(removed.text).toContain("removed the alert `when:p95&gt;800ms`");
    expect(await rules()).toHaveLength(1);

    const failures = await say("unsubscribe product-search when:failures");
    expect(failures.text).toContain("its threshold alerts stay");
    expect((await subs())[0]?.failureAlerts).toBe(false);

    // One alert left: a plain unsubscribe removes it, and the subscription with it.
    const last = await say("unsubscribe product-search");
    expect(last.body.response_type).toBe("in_channel");
    expect(await subs()).toEqual([]);
  });

  it("mutes and unmutes every alert of the retriever at once", async () => {
    await say("subscribe product-search when:p95>800ms");
    await say("subscribe product-search recovery:off");
    const [sub] = await subs();
    expect(sub?.recovery).toBe(false);
    expect(sub?.failureAlerts).toBe(true);
    await say("mute product-search 2h");
    expect((await subs())[0]?.mutedUntil).not.toBeNull();
    await say("unmute product-search");
    expect((await subs())[0]?.mutedUntil).toBeNull();
  });
});
