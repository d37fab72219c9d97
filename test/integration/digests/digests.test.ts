/**
 * Scheduled digests through real bots on a shared database: set by the command, posted at the time asked
 * in its time zone (daylight saving included), once per period across a restart, a crash and two
 * replicas, with the chart in their thread, and a single line when the retriever had no runs.
 */
import { WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningBot } from "../../../src/bot.js";
import { DIGEST_EVENT_TYPE } from "../../../src/digests/digest-metadata.js";
import { textOf } from "../../helpers/blocks.js";
import { postgresAvailable } from "../../helpers/databases.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";
import { type DigestWorld, GENERAL, startDigestWorld, TEAM } from "./harness.js";

const HOUR = 3_600_000;
const backends = [
  { backend: "sqlite" as const, enabled: true },
  { backend: "postgres" as const, enabled: await postgresAvailable() },
];

let world: DigestWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const digestMessages = (w: DigestWorld, channel: string = GENERAL) =>
  w.slack.messages(channel).filter((m) => m.metadata?.event_type === DIGEST_EVENT_TYPE);

async function command(w: DigestWorld, text: string, channelId: string = GENERAL) {
  const reply = await w.slack.slashCommand({ text, channelId });
  expect(reply.status).toBe(200);
  return w.slack.waitFor(() => w.slack.shownBy(reply.responseUrlId));
}

async function digestFor(w: DigestWorld, retriever: string, channelId: string, dueAt: Date) {
  const ids = Object.fromEntries(w.sim.retrievers("demo").map((r) => [r.retriever_name, r.retriever_id]));
  return w.store.setDigest({
    teamId: TEAM,
    channelId,
    namespace: "demo",
    retrieverId: ids[retriever] ?? retriever,
    retrieverName: retriever,
    cadence: "daily",
    atMinutes: 9 * 60,
    timeZone: "Europe/Berlin",
    createdBy: "U0DEVUSER",
    now: w.clock.now(),
    nextDueAt: dueAt,
  });
}

describe.each(backends)("digests on $backend", ({ backend, enabled }) => {
  if (!enabled) {
    it.skip("needs a reachable PostgreSQL", () => {});
    return;
  }

  it("posts at 09:00 Berlin time with the simulator's numbers and the chart, once", async () => {
    world = await startDigestWorld(backend, new Date("2025-06-02T06:50:00Z"));
    const w = world;
    const bot = await w.startBot("replica-a");
    const confirmation = await command(w, "digest product-search daily at:09:00 tz:Europe/Berlin");
    expect(textOf(confirmation.blocks)).toContain("set up a daily digest of `product-search`");
    const [digest] = await w.store.listChannelDigests(TEAM, GENERAL);
    // 09:00 in Berlin in June (CEST, UTC+2) is 07:00 UTC.
    expect(digest?.nextDueAt.toISOString()).toBe("2025-06-02T07:00:00.000Z");

    w.clock.set(new Date("2025-06-02T06:59:00Z"));
    expect((await bot.deps.digests.runRound()).posted).toBe(0);
    w.clock.set(new Date("2025-06-02T07:00:20Z"));
    expect((await bot.deps.digests.runRound()).posted).toBe(1);
    expect((await bot.deps.digests.runRound()).posted).toBe(0);

    const [posted] = digestMessages(w);
    expect(digestMessages(w)).toHaveLength(1);
    const text = textOf(posted!.blocks);
    expect(text).toContain("Daily digest of product-search");
    const end = Date.parse("2025-06-02T07:00:00Z");
    const runs = w.sim
      .executions("demo", "product-search")
      .filter((run) => Date.parse(run.created_at) >= end - 24 * HOUR && Date.parse(run.created_at) < end);
    expect(text).toContain(`*Runs*\n${runs.length}`);
    expect(text).toContain("Next digest <!date^");

    // The chart went into the digest's thread, and the digest shows it.
    const thread = w.slack.messages(GENERAL).filter((m) => m.thread_ts === posted!.ts);
    expect(thread[0]?.files?.[0]?.mimetype).toBe("image/png");
    expect(posted!.blocks?.some((b) => (b as { type: string }).type === "image")).toBe(true);
    expect((await w.store.getDigest(digest!.id))?.nextDueAt.toISOString()).toBe("2025-06-03T07:00:00.000Z");

    const listed = await command(w, "subscriptions");
    expect(textOf(listed.blocks)).toContain("daily digest, every day at 09:00 (Europe/Berlin)");
    const off = await command(w, "digest product-search off");
    expect(textOf(off.blocks)).toContain("stopped the daily digest of `product-search`");
    expect(await w.store.listChannelDigests(TEAM, GENERAL)).toEqual([]);
  });

  it("posts once across a restart and after a crash, finding a post that reached Slack", async () => {
    world = await startDigestWorld(backend, new Date("2025-06-02T06:00:00Z"));
    const w = world;
    const due = new Date("2025-06-02T07:00:00Z");
    await digestFor(w, "product-search", "C0TEAM00", due);
    await digestFor(w, "video-moments", "C0TEAM01", due);
    await digestFor(w, "support-faq", "C0TEAM02", due);
    w.clock.set(new Date("2025-06-02T07:00:10Z"));

    // A replica claims all three and dies: one before posting, one after Slack took the post.
    const claimed = await w.store.claimDueDigests("dead-replica", w.clock.now(), 10);
    expect(claimed).toHaveLength(3);
    const dead = new WebClient(TEST_SECRETS.botToken, { slackApiUrl: w.slack.apiUrl });
    const faq = claimed.find((c) => c.digest.channelId === "C0TEAM02")!;
    await dead.chat.postMessage({
      channel: "C0TEAM02",
      text: "Daily digest of support-faq",
      metadata: {
        event_type: DIGEST_EVENT_TYPE,
        event_payload: { digest_id: faq.digest.id, due_at: due.getTime() },
      },
    });
    await w.store.finishDigestRun(claimed.find((c) => c.digest.channelId === "C0TEAM00")!.digest.id, due, {
      state: "sent",
      at: w.clock.now(),
      messageTs: "1.1",
    });

    let bot: RunningBot = await w.startBot("replica-b");
    expect((await bot.deps.digests.runRound()).posted).toBe(0);
    await bot.stop();
    w.clock.set(new Date("2025-06-02T07:06:00Z"));
    bot = await w.startBot("replica-c");
    const report = await bot.deps.digests.runRound();
    expect(report).toMatchObject({ posted: 1, recovered: 1 });
    expect(digestMessages(w, "C0TEAM00")).toHaveLength(0);
    expect(digestMessages(w, "C0TEAM01")).toHaveLength(1);
    expect(digestMessages(w, "C0TEAM02")).toHaveLength(1);
    expect((await bot.deps.digests.runRound()).posted).toBe(0);
  });

  it("tells each of 20 channels once when two replicas race, and a retriever without runs in one line", async () => {
    world = await startDigestWorld(backend, new Date("2025-06-02T06:00:00Z"));
    const w = world;
    const due = new Date("2025-06-02T07:00:00Z");
    const channels = Array.from({ length: 20 }, (_, i) => `C0TEAM${String(i).padStart(2, "0")}`);
    for (const channel of channels) await digestFor(w, "product-search", channel, due);
    await digestFor(w, "image-dedupe", "C0TEAM20", due);
    const [a, b] = [await w.startBot("replica-a"), await w.startBot("replica-b")];
    w.clock.set(new Date("2025-06-02T07:00:05Z"));
    w.sim.resetCalls();
    const reports = await Promise.all([a.deps.digests.runRound(), b.deps.digests.runRound()]);
    expect(reports[0]!.posted + reports[1]!.posted).toBe(21);
    for (const channel of channels) expect(digestMessages(w, channel)).toHaveLength(1);
    // Each replica fetched the retriever's stats once for all its channels (at most 7 calls each).
    expect(w.sim.callCount("getRetrieverPerformance")).toBeLessThanOrEqual(2 * 2 * 2);
    const [empty] = digestMessages(w, "C0TEAM20");
    expect(empty?.text).toBe("Daily digest of image-dedupe: no runs in the last 24 hours.");
    expect(w.slack.messages("C0TEAM20").some((m) => m.files !== undefined)).toBe(false);
  }, 90_000);
});

describe("what digests cost Mixpeek", () => {
  // 20 charts drawn and uploaded: on a busy machine that takes a while (so does the race below).
  it("20 channels with a digest of one retriever cost the calls of one stats view, each counted in the request budget", async () => {
    world = await startDigestWorld("sqlite", new Date("2025-06-02T06:00:00Z"));
    const w = world;
    const due = new Date("2025-06-02T07:00:00Z");
    const channels = Array.from({ length: 20 }, (_, i) => `C0TEAM${String(i).padStart(2, "0")}`);
    for (const channel of channels) await digestFor(w, "product-search", channel, due);
    const bot = await w.startBot("replica-a");
    w.clock.set(new Date("2025-06-02T07:00:05Z"));
    w.sim.resetCalls();
    await bot.deps.digests.runRound();
    for (const channel of channels) expect(digestMessages(w, channel)).toHaveLength(1);
    const twenty = callsByOperation(w);
    // Each of those calls took a slot of the shared Mixpeek request budget.
    expect(await budgetSlotsTaken(w)).toBe(7);

    // One stats view of the same retriever and window, fetched fresh, is the yardstick.
    const bot2 = await w.startBot("replica-b");
    w.sim.resetCalls();
    const ids = Object.fromEntries(w.sim.retrievers("demo").map((r) => [r.retriever_name, r.retriever_id]));
    const workspace = await bot2.deps.workspaces.forRequest({ teamId: TEAM, enterpriseId: undefined });
    await workspace.stats.get(
      { namespace: "demo", retriever: ids["product-search"]!, window: "24h" },
      { at: due },
    );
    const one = callsByOperation(w);
    expect(twenty).toEqual(one);
    expect(await budgetSlotsTaken(w)).toBe(14);
    expect(Object.values(one).reduce((sum, n) => sum + n, 0)).toBe(7);
  }, 90_000);
});

async function budgetSlotsTaken(w: DigestWorld): Promise<number> {
  const [row] = await w.database.query<{ n: number | string }>("select count(*) as n from mixpeek_requests");
  return Number(row?.n ?? 0);
}

function callsByOperation(w: DigestWorld): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of w.sim.calls()) counts[call.kind] = (counts[call.kind] ?? 0) + 1;
  return counts;
}

describe("digests and daylight saving", () => {
  it("moves the UTC time with Berlin's clocks and never posts twice on the night they change", async () => {
    world = await startDigestWorld("sqlite", new Date("2025-03-29T07:30:00Z"));
    const w = world;
    const bot = await w.startBot("replica-a");
    await command(w, "digest product-search daily at:09:00 tz:Europe/Berlin");
    const [digest] = await w.store.listChannelDigests(TEAM, GENERAL);
    // 29 March is still winter time (UTC+1); clocks go forward in the night to the 30th.
    expect(digest?.nextDueAt.toISOString()).toBe("2025-03-29T08:00:00.000Z");
    const posts: string[] = [];
    for (const at of ["2025-03-29T08:00:05Z", "2025-03-30T07:00:05Z", "2025-03-31T07:00:05Z"]) {
      w.clock.set(new Date(at));
      await bot.deps.digests.runRound();
      await bot.deps.digests.runRound();
      posts.push(
        ...digestMessages(w)
          .map((m) => m.ts)
          .filter((ts) => !posts.includes(ts)),
      );
      expect(posts).toHaveLength(["2025-03-29", "2025-03-30", "2025-03-31"].indexOf(at.slice(0, 10)) + 1);
    }
    expect((await w.store.getDigest(digest!.id))?.nextDueAt.toISOString()).toBe("2025-04-01T07:00:00.000Z");
  });
});
