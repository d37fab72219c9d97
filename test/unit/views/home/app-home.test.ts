import { findBlockKitViolations } from "@executions-bot/slack-standin";
import { describe, expect, it } from "vitest";
import { decodeSubscriptionRef } from "../../../../src/subscriptions/subscription-ref.js";
import {
  type AppHomeInput,
  type ChannelSubscriptions,
  type HomeSubscription,
  renderAppHome,
} from "../../../../src/views/home/app-home.js";
import { HOME_ACTION_IDS } from "../../../../src/views/home/home-controls.js";

// biome-ignore lint/suspicious/noExplicitAny: block elements are read loosely here
type Json = any;

const now = new Date("2024-05-01T14:00:00Z");
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);

function subscription(overrides: Partial<HomeSubscription> = {}): HomeSubscription {
  return {
    id: 1,
    retriever: "my-retriever",
    namespace: "prod",
    mutedUntil: null,
    brokenReason: null,
    createdBy: "U123ABC",
    createdAt: minutesAgo(600),
    ...overrides,
  };
}

function input(overrides: Partial<AppHomeInput> = {}): AppHomeInput {
  return {
    subscriptionsByChannel: [],
    watcher: { lastRoundAt: minutesAgo(1), retrieversWatched: 3, upstreamErrors: 0, lastError: null },
    command: "/executions",
    now,
    ...overrides,
  };
}

function textOf(view: { blocks: unknown[] }): string {
  return JSON.stringify(view.blocks);
}

describe("renderAppHome", () => {
  it("is a home view with a header, the watcher's health and a guide to the commands", () => {
    const view = renderAppHome(input());
    expect(view.type).toBe("home");
    expect(findBlockKitViolations(view, "home")).toEqual([]);
    const text = textOf(view);
    expect(text).toContain("Mixpeek executions");
    expect(text).toContain(":large_green_circle: Watching 3 retrievers  ·  last round <!date^1714571940^");
    expect(text).toContain("`/executions subscribe <retriever>`");
    expect(text).toContain("`/executions help`");
  });

  it("has a friendly empty state", () => {
    const text = textOf(
      renderAppHome(input({ subscriptionsByChannel: [{ channelId: "C1", subscriptions: [] }] })),
    );
    expect(text).toContain(
      "No channel is subscribed yet — try `/executions subscribe my-retriever` in a channel.",
    );
  });

  it("says when the watcher has not run, looks stuck, or meets Mixpeek errors", () => {
    const never = textOf(
      renderAppHome(input({ watcher: { lastRoundAt: null, retrieversWatched: 1, upstreamErrors: 0 } })),
    );
    expect(never).toContain(
      ":white_circle: Watching 1 retriever; the alert watcher has not finished a round yet.",
    );

    const stuck = textOf(
      renderAppHome(
        input({ watcher: { lastRoundAt: minutesAgo(30), retrieversWatched: 2, upstreamErrors: 0 } }),
      ),
    );
    expect(stuck).toContain(":warning: Watching 2 retrievers, but the last round <!date^");
    expect(stuck).toContain("the alert watcher may be stuck");
    const notStuckWithLongerPatience = renderAppHome(
      input({
        watcher: { lastRoundAt: minutesAgo(30), retrieversWatched: 2, upstreamErrors: 0 },
        staleAfterMs: 3_600_000,
      }),
    );
    expect(textOf(notStuckWithLongerPatience)).toContain(":large_green_circle:");

    const errors = renderAppHome(
      input({
        watcher: {
          lastRoundAt: minutesAgo(1),
          retrieversWatched: 2,
          upstreamErrors: 4,
          lastError: `<!channel> 503 with Bearer sk_abcdefghij\n${"x".repeat(1000)}`,
        },
      }),
    );
    expect(findBlockKitViolations(errors, "home")).toEqual([]);
    const errorsText = textOf(errors);
    expect(errorsText).toContain(":large_orange_circle:");
    expect(errorsText).toContain(
      "4 calls to Mixpeek failed recently; the last said: _&lt;!channel&gt; 503 with Bearer [redacted]",
    );
    expect(errorsText).not.toContain("<!channel>");
    expect(errorsText).not.toContain("sk_abcdefghij");
  });

  it("lists subscriptions by channel with mute state and problems", () => {
    const view = renderAppHome(
      input({
        subscriptionsByChannel: [
          {
            channelId: "C123",
            subscriptions: [
              subscription(),
              subscription({ id: 2, retriever: "faq", mutedUntil: new Date("2024-05-01T16:00:00Z") }),
              subscription({ id: 3, retriever: "old-mute", mutedUntil: minutesAgo(5) }),
            ],
          },
          {
            channelId: "C456",
            subscriptions: [
              subscription({ id: 4, brokenReason: "not_in_channel <!channel>", createdBy: "<!here>" }),
            ],
          },
        ],
      }),
    );
    expect(findBlockKitViolations(view, "home")).toEqual([]);
    const text = textOf(view);
    expect(text).toContain("<#C123>  ·  3 subscriptions");
    expect(text).toContain("• `my-retriever` in `prod`  ·  :bell: on  ·  added by <@U123ABC>");
    expect(text).toContain(
      "• `faq` in `prod`  ·  :mute: muted until <!date^1714579200^{date_short_pretty} {time}|2024-05-01 16:00 UTC>",
    );
    expect(text).toContain("• `old-mute` in `prod`  ·  :bell: on");
    expect(text).toContain("<#C456>  ·  1 subscription");
    expect(text).toContain(":warning: Alerts can't be posted here: not_in_channel &lt;!channel&gt;");
    expect(text).toContain("added by `&lt;!here&gt;`");
    expect(text).not.toMatch(/<!channel>|<!here>/);
  });

  it("puts Mute 1h (Unmute while muted) and Unsubscribe under each subscription, and Subscribe a channel on top", () => {
    const view = renderAppHome(
      input({
        subscriptionsByChannel: [
          {
            channelId: "C123",
            subscriptions: [
              subscription({ id: 7 }),
              subscription({ id: 8, retriever: "faq", mutedUntil: new Date("2024-05-01T16:00:00Z") }),
            ],
          },
        ],
      }),
    );
    expect(findBlockKitViolations(view, "home")).toEqual([]);
    const blocks = view.blocks as Array<{ type: string; text?: { text: string }; elements?: Json[] }>;
    const controlsUnder = (retriever: string) => {
      const line = blocks.findIndex((b) => b.type === "section" && b.text?.text.includes(`\`${retriever}\``));
      return (blocks[line + 1]!.elements ?? []).map((e) => [e.action_id, decodeSubscriptionRef(e.value)]);
    };
    expect(controlsUnder("my-retriever")).toEqual([
      [HOME_ACTION_IDS.mute, 7],
      [HOME_ACTION_IDS.unsubscribe, 7],
    ]);
    expect(controlsUnder("faq")).toEqual([
      [HOME_ACTION_IDS.unmute, 8],
      [HOME_ACTION_IDS.unsubscribe, 8],
    ]);
    const subscribe = blocks.findIndex((b) =>
      b.elements?.some((e) => e.action_id === HOME_ACTION_IDS.subscribe),
    );
    expect(subscribe).toBeGreaterThan(0);
    expect(subscribe).toBeLessThan(blocks.findIndex((b) => b.text?.text.includes("<#C123>")));
    // Even with nothing subscribed, a channel can be subscribed from here.
    expect(JSON.stringify(renderAppHome(input()).blocks)).toContain(HOME_ACTION_IDS.subscribe);
  });

  it("does not turn a malformed channel id into a mention", () => {
    const view = renderAppHome(
      input({ subscriptionsByChannel: [{ channelId: "<!channel>", subscriptions: [subscription()] }] }),
    );
    expect(textOf(view)).toContain("`&lt;!channel&gt;`  ·  1 subscription");
  });

  it("keeps 60 channels × 10 long subscriptions within every limit and counts what it left out", () => {
    const channels: ChannelSubscriptions[] = Array.from({ length: 60 }, (_, c) => ({
      channelId: `C${String(c).padStart(8, "0")}`,
      subscriptions: Array.from({ length: 10 }, (_, s) =>
        subscription({
          id: c * 10 + s,
          retriever: `<!channel>${"r".repeat(190)}`,
          namespace: "&".repeat(200),
          mutedUntil: s % 2 === 0 ? new Date("2024-05-02T00:00:00Z") : null,
          brokenReason: s % 3 === 0 ? `channel_not_found <!here> ${"z".repeat(300)}` : null,
          createdBy: "W0123456789",
        }),
      ),
    }));
    const view = renderAppHome(input({ subscriptionsByChannel: channels }));
    expect(findBlockKitViolations(view, "home")).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = textOf(view);
    expect(text).not.toMatch(/<!channel>|<!here>/);
    const shownChannels = (text.match(/<#C\d{8}>/g) ?? []).length;
    expect(shownChannels).toBeGreaterThan(0);
    expect(shownChannels).toBeLessThan(60);
    expect(text).toContain(
      `…and ${60 - shownChannels} more channels with ${(60 - shownChannels) * 10} subscriptions.`,
    );
    expect(text).toContain("`/executions subscriptions` in a channel lists its own.");
    // The guide stays at the bottom whatever was cut.
    expect(text).toContain("`/executions help`");
  });

  it("cuts inside a channel too large for the page, with a count of the rest", () => {
    const big: ChannelSubscriptions = {
      channelId: "C1",
      subscriptions: Array.from({ length: 200 }, (_, i) =>
        subscription({ id: i, retriever: `retriever-${i}` }),
      ),
    };
    const view = renderAppHome(input({ subscriptionsByChannel: [big] }));
    expect(findBlockKitViolations(view, "home")).toEqual([]);
    const text = textOf(view);
    const shown = (text.match(/• `retriever-/g) ?? []).length;
    expect(shown).toBeGreaterThan(5);
    expect(text).toContain(`_…and ${200 - shown} more here_`);
  });

  it("stays within 100 blocks for many channels of one short subscription each", () => {
    const channels = Array.from({ length: 300 }, (_, c) => ({
      channelId: `C${c}AB`,
      subscriptions: [subscription({ retriever: "r" })],
    }));
    const view = renderAppHome(input({ subscriptionsByChannel: channels }));
    expect(findBlockKitViolations(view, "home")).toEqual([]);
    expect(textOf(view)).toMatch(/…and \d+ more channels with \d+ subscriptions/);
  });
});
