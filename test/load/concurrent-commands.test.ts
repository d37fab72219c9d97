/**
 * Load: 200 signed `/executions` commands sent at once to the real bot (through the Slack stand-in, on
 * loopback), over a mix of retrievers and filters. Every command must be acked and answered with exactly
 * one page of its own (after at most one "Fetching…" line when the page is slow), with one Mixpeek call
 * per distinct page and nothing logged as a warning or error.
 * Counts and correctness only: timings depend on the machine.
 */

import type { RecordedResponse } from "@executions-bot/slack-standin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePageState } from "../../src/executions/page-state.js";
import { ACTION_IDS } from "../../src/views/executions/action-ids.js";
import { button, textOf } from "../helpers/blocks.js";
import { type Harness, startHarness } from "../helpers/bot-harness.js";

const COMMANDS = 200;
const RETRIEVERS = ["product-search", "video-moments", "support-faq", "brand-safety", "image-dedupe"];
const FILTERS = [
  { text: "", status: "all", limit: 10 },
  { text: "failed", status: "failed", limit: 10 },
  { text: "status:completed", status: "completed", limit: 10 },
  { text: "running limit:5", status: "running", limit: 5 },
  { text: "limit:3", status: "all", limit: 3 },
] as const;

interface Sent {
  text: string;
  retriever: string;
  status: string;
  limit: number;
}

/** Command i: every retriever with every filter, so 25 distinct pages, each asked for 8 times. */
function command(i: number): Sent {
  const retriever = RETRIEVERS[i % RETRIEVERS.length]!;
  const filter = FILTERS[Math.floor(i / RETRIEVERS.length) % FILTERS.length]!;
  return {
    text: `${retriever} ${filter.text}`.trim(),
    retriever,
    status: filter.status,
    limit: filter.limit,
  };
}

/** Polls (rather than waiting on every change) because each look copies all recorded responses. */
async function pollUntil<T>(look: () => T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = look();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function logLevels(lines: string[]): string[] {
  return lines.map((line) => (JSON.parse(line) as { level?: string }).level ?? "unknown");
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("200 concurrent /executions commands", () => {
  it("acks all, answers each exactly once with its own page, and shares Mixpeek calls", {
    timeout: 60_000,
  }, async () => {
    h.sim.resetCalls();
    const sent = Array.from({ length: COMMANDS }, (_, i) => command(i));
    const replies = await Promise.all(
      sent.map((c, i) =>
        h.slack.slashCommand({ text: c.text, userId: `U0LOAD${String(i).padStart(3, "0")}` }),
      ),
    );

    expect(replies.map((r) => r.status)).toEqual(sent.map(() => 200));
    expect(replies.filter((r) => r.body !== "")).toEqual([]);
    expect(new Set(replies.map((r) => r.responseUrlId)).size).toBe(COMMANDS);

    const byUrl = (responses: RecordedResponse[]) => {
      const grouped = new Map<string, RecordedResponse[]>();
      for (const r of responses) grouped.set(r.responseUrlId, [...(grouped.get(r.responseUrlId) ?? []), r]);
      return grouped;
    };
    const answered = await pollUntil(
      () => byUrl(h.slack.responses()),
      (grouped) => replies.every((r) => grouped.has(r.responseUrlId)),
      30_000,
    );
    expect(replies.filter((r) => !answered.has(r.responseUrlId)).length).toBe(0);

    // Every command handled: each listener logs its outcome after its last answer, so a duplicate
    // answer would already be here.
    await pollUntil(
      () => h.handled("command", "list"),
      (handled) => handled === COMMANDS,
      30_000,
    );
    expect(h.handled("command", "list")).toBe(COMMANDS);
    const final = byUrl(h.slack.responses());
    expect(final.size).toBe(COMMANDS);
    let pagesChecked = 0;
    replies.forEach((reply, i) => {
      const posts = final.get(reply.responseUrlId) ?? [];
      // Under this load a page may take longer than 1.5 s: the person then sees "Fetching executions
      // of …" first, and the page replaces it. Either way exactly one page, and it comes last.
      const notices = posts.filter((p) =>
        textOf(p.body.blocks as unknown[]).includes("Fetching executions of"),
      );
      expect(notices.length, `notices to "${sent[i]!.text}"`).toBeLessThanOrEqual(1);
      expect(posts.length, `answers to "${sent[i]!.text}"`).toBe(notices.length + 1);
      const post = posts.at(-1)!;
      if (notices.length > 0) {
        expect(posts[0]).toBe(notices[0]);
        expect(post.body.replace_original).toBe(true);
      }
      expect(post.status).toBe(200);
      expect(post.body.response_type).toBe("ephemeral");
      const blocks = post.body.blocks as unknown[] | undefined;
      expect(textOf(blocks)).toContain(sent[i]!.retriever);
      // The page the answer shows is the one asked for (its Refresh button carries that page).
      const refresh = button(blocks, ACTION_IDS.refresh);
      if (refresh) {
        pagesChecked += 1;
        expect(decodePageState(refresh.value)).toEqual({
          namespace: "demo",
          retriever: sent[i]!.retriever,
          status: sent[i]!.status,
          offset: 0,
          limit: sent[i]!.limit,
        });
      }
    });

    // Only image-dedupe (no runs) may answer without a Refresh button.
    expect(pagesChecked).toBeGreaterThanOrEqual(COMMANDS - COMMANDS / RETRIEVERS.length);

    const distinctPages = new Set(sent.map((c) => `${c.retriever} ${c.status} ${c.limit}`)).size;
    expect(distinctPages).toBe(RETRIEVERS.length * FILTERS.length);
    expect(h.sim.callCount("listExecutions")).toBe(distinctPages);

    const levels = logLevels(h.logs);
    expect(levels.filter((level) => level === "warn" || level === "error" || level === "fatal")).toEqual([]);
    const outcomes = h.logs
      .map((line) => JSON.parse(line) as { event?: string; outcome?: string })
      .filter((entry) => entry.event === "command");
    expect(outcomes.filter((entry) => entry.outcome === "ok").length).toBe(COMMANDS);
  });
});
