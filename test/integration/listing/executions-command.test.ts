/**
 * `/executions` end to end: signed slash commands and clicks from the Slack stand-in, the real bot,
 * and the Mixpeek simulator behind it.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTION_IDS } from "../../../src/views/executions/action-ids.js";
import { button, detailsIds, selectOption, textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.setLatency(0);
  h.sim.resetCalls();
});

/** Runs a command and waits until its answer is shown; returns what the person sees. */
async function run(text: string) {
  const reply = await h.slack.slashCommand({ text });
  expect(reply.status).toBe(200);
  const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
  return { reply, shown, id: reply.responseUrlId };
}

/** Clicks a control on the message a response URL shows and waits until that message changes. */
async function click(id: string, action: Parameters<typeof h.slack.blockAction>[0]["action"]) {
  const before = h.slack.responses().length;
  const reply = await h.slack.blockAction({ responseUrlId: id, action });
  expect(reply.status).toBe(200);
  await h.slack.waitFor(() => h.slack.responses().length > before);
  const shown = h.slack.shownBy(id);
  if (!shown) throw new Error("nothing shown");
  return { shown, last: h.slack.responses().at(-1)! };
}

describe("/executions <retriever>", () => {
  it("acks at once and shows the first page, newest first, privately", async () => {
    const { reply, shown } = await run("product-search");
    expect(reply.body).toBe("");
    const text = textOf(shown.blocks);
    expect(text).toContain("product-search");
    expect(text).toMatch(/1–10 of \d+/);
    expect(text).toContain("demo");
    expect(shown.ephemeralTo).toBeDefined();
    const response = h.slack.responses().at(-1)!;
    expect(response.body.response_type).toBe("ephemeral");
    // Started times are Slack date tokens so each reader sees their own time zone.
    expect(text).toMatch(/<!date\^\d+\^/);
    expect(button(shown.blocks, ACTION_IDS.nextPage)).toBeDefined();
    expect(button(shown.blocks, ACTION_IDS.previousPage)).toBeUndefined();
    expect(h.sim.callCount("listExecutions")).toBe(1);
  });

  it("pages with Next and Previous, replacing the message in place", async () => {
    const { shown, id } = await run("video-moments limit:5");
    const firstIds = executionIds(shown.blocks);
    expect(firstIds).toHaveLength(5);

    const next = await click(id, button(shown.blocks, ACTION_IDS.nextPage)!);
    expect(next.last.body.replace_original).toBe(true);
    expect(textOf(next.shown.blocks)).toMatch(/6–10/);
    const secondIds = executionIds(next.shown.blocks);
    expect(secondIds).toHaveLength(5);
    expect(secondIds.some((x) => firstIds.includes(x))).toBe(false);

    const back = await click(id, button(next.shown.blocks, ACTION_IDS.previousPage)!);
    expect(executionIds(back.shown.blocks)).toEqual(firstIds);
    expect(button(back.shown.blocks, ACTION_IDS.previousPage)).toBeUndefined();
  });

  it.each(["completed", "failed", "running"] as const)("filters by %s from the select", async (status) => {
    const { shown, id } = await run("product-search");
    const changed = await click(id, selectOption(shown.blocks, ACTION_IDS.statusFilter, status));
    const rows = statusesShown(changed.shown.blocks);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows)).toEqual(new Set([status]));
    // The filter starts again at the first page.
    expect(textOf(changed.shown.blocks)).toMatch(/Showing 1–/);
  });

  it("filters from the command text too (status:failed and a bare word)", async () => {
    for (const text of ["product-search status:failed", "product-search FAILED"]) {
      const { shown } = await run(text);
      expect(new Set(statusesShown(shown.blocks))).toEqual(new Set(["failed"]));
    }
  });

  it("serves a second identical view from the cache, and Refresh goes to Mixpeek again", async () => {
    await run("support-faq");
    const { shown, id } = await run("support-faq");
    expect(h.sim.callCount("listExecutions")).toBe(1);
    await click(id, button(shown.blocks, ACTION_IDS.refresh)!);
    expect(h.sim.callCount("listExecutions")).toBe(2);
  });

  it("shares one Mixpeek call between 20 people asking at the same instant", async () => {
    h.sim.setLatency(150);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => h.slack.slashCommand({ text: "brand-safety" })),
    );
    await h.slack.waitFor(() => replies.every((r) => h.slack.shownBy(r.responseUrlId)));
    expect(h.sim.callCount("listExecutions")).toBe(1);
  });

  it("acks long before a slow Mixpeek answers", async () => {
    h.sim.setLatency(2500);
    const reply = await h.slack.slashCommand({ text: "product-search running" });
    expect(reply.status).toBe(200);
    expect(reply.durationMs).toBeLessThan(1000);
    expect(h.slack.shownBy(reply.responseUrlId)).toBeUndefined();
    const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId), 8000);
    expect(textOf(shown.blocks)).toContain("product-search");
  });

  it("tells someone waiting on a slow Mixpeek that the page is coming, then puts the page in its place (issue 13)", async () => {
    h.sim.setLatency(2500);
    const reply = await h.slack.slashCommand({ text: "video-moments" });
    const id = reply.responseUrlId;
    const notice = await h.slack.waitFor(() => h.slack.shownBy(id), 8000);
    expect(textOf(notice.blocks)).toContain("Fetching executions of video-moments…");
    const page = await h.slack.waitFor(() => {
      const shown = h.slack.shownBy(id);
      return shown && /1–10 of/.test(textOf(shown.blocks)) ? shown : undefined;
    }, 8000);
    expect(page.ts).toBe(notice.ts);
    const posts = () => h.slack.responses().filter((r) => r.responseUrlId === id);
    expect(posts().map((r) => r.body.replace_original)).toEqual([false, true]);

    // A page turn on a slow Mixpeek: the list says "Fetching…" in place, then shows the next page there.
    h.sim.resetCalls();
    const next = await h.slack.blockAction({
      responseUrlId: id,
      action: button(page.blocks, ACTION_IDS.nextPage)!,
    });
    await h.slack.waitFor(() => /11–20 of/.test(textOf(h.slack.shownBy(id)?.blocks)), 8000);
    expect(h.sim.callCount("listExecutions")).toBe(1);
    const clickPosts = h.slack.responses().filter((r) => r.responseUrlId === next.responseUrlId);
    expect(clickPosts.map((r) => r.body.replace_original)).toEqual([true, true]);
    expect(textOf((clickPosts[0]!.body as { blocks: unknown[] }).blocks)).toContain(
      "Fetching executions of video-moments…",
    );
    // Slack's budget: 5 posts per response_url; a slow page costs two.
    expect(posts().length).toBeLessThanOrEqual(5);
    expect(clickPosts.length).toBeLessThanOrEqual(5);
    expect(h.slack.ephemerals().filter((m) => /Fetching executions/.test(textOf(m.blocks)))).toEqual([]);
  });

  it("shows a quick page without any 'Fetching…' first", async () => {
    const { id, shown } = await run("video-moments failed");
    expect(textOf(shown.blocks)).not.toContain("Fetching");
    expect(h.slack.responses().filter((r) => r.responseUrlId === id)).toHaveLength(1);
  });

  it("says kindly when there is nothing to show, and keeps the filter", async () => {
    const { shown } = await run("image-dedupe failed");
    expect(textOf(shown.blocks)).toMatch(/No failed executions of .*image-dedupe/);
    expect(() => selectOption(shown.blocks, ACTION_IDS.statusFilter, "all")).not.toThrow();
  });

  it("escapes what Mixpeek says before showing it", async () => {
    h.sim.addExecution("demo", "product-search", {
      query_summary: "<!channel> <@U123> <https://evil.example|click> & *bold*",
    });
    const { shown, id } = await run("product-search limit:3");
    // The table shows it as raw text, which Slack never parses: as typed, pinging nobody.
    const table = (
      shown.blocks as Array<{ type: string; rows?: Array<Array<{ type: string; text?: string }>> }>
    ).find((block) => block.type === "table")!;
    expect(table.rows![1]![6]).toEqual({
      type: "raw_text",
      text: "<!channel> <@U123> <https://evil.example|click> & *bold*",
    });
    // The detailed layout is mrkdwn, so there it is escaped (and in a code span, so *bold* stays as typed).
    const detailed = await click(id, button(shown.blocks, ACTION_IDS.layout)!);
    const text = textOf(detailed.shown.blocks);
    expect(text).toContain(
      "`&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; *bold*`",
    );
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<https://evil.example");
  });
});

describe("bad input", () => {
  it.each([
    ["product-search limit:0", /limit/i],
    ["product-search limit:21", /limit/i],
    ["product-search sideways", /sideways/],
    ["product-search failed completed", /status|filter/i],
  ])("answers %s with a usage note and calls nobody", async (text, problem) => {
    const reply = await h.slack.slashCommand({ text });
    expect(reply.status).toBe(200);
    const json = reply.json as { text: string; blocks: unknown[] };
    expect(json.text).toMatch(problem);
    expect(textOf(json.blocks)).toContain("/executions help");
    expect(h.sim.callCount()).toBe(0);
  });

  it("answers help with every form of the command", async () => {
    const reply = await h.slack.slashCommand({ text: "help" });
    const text = textOf((reply.json as { blocks: unknown[] }).blocks);
    for (const form of ["subscribe", "unsubscribe", "subscriptions", "mute", "unmute", "limit:", "ns:"]) {
      expect(text).toContain(form);
    }
  });

  it("keeps a path trick inside one path segment", async () => {
    const { shown } = await run("../../v1/retrievers/list");
    expect(textOf(shown.blocks)).toMatch(/No retriever|not found|couldn.t find/i);
    const asked = h.sim.calls().filter((call) => call.kind === "listExecutions");
    expect(asked.map((call) => call.retriever)).toEqual(["../../v1/retrievers/list"]);
  });

  it("takes a retriever name in any case (issue 13, bug 6)", async () => {
    const { shown } = await run("PRODUCT-SEARCH limit:3");
    expect(shown.text).toContain("Executions of product-search");
    expect(executionIds(shown.blocks)).toHaveLength(3);
    // Later clicks ask for the exact name at once.
    expect(button(shown.blocks, ACTION_IDS.nextPage)!.value).toContain('"r":"product-search"');
  });

  it("suggests the closest names when no retriever has that name (issue 13, bug 6)", async () => {
    const typo = await run("product-serch");
    expect(typo.shown.text).toContain("Did you mean `product-search`?");
    const none = await run("zzzzzz-qqqq");
    expect(none.shown.text).not.toMatch(/did you mean/i);
    expect(textOf(none.shown.blocks)).toMatch(/No retriever called `zzzzzz-qqqq`/);
  });

  it("handles very long unicode input without crashing", async () => {
    const reply = await h.slack.slashCommand({ text: `${"🚀".repeat(3000)} ${"ü".repeat(5000)}` });
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBeLessThan(5000);
  });

  it("refuses a tampered button without calling Mixpeek", async () => {
    const { shown, id } = await run("product-search");
    const next = button(shown.blocks, ACTION_IDS.nextPage)!;
    h.sim.resetCalls();
    for (const value of ['{"v":1,"r":"x","o":-5}', "not json", '{"v":9}', "A".repeat(3000)]) {
      const before = h.slack.responses().length;
      await h.slack.blockAction({ responseUrlId: id, action: { ...next, value } });
      await h.slack.waitFor(() => h.slack.responses().length > before);
      const last = h.slack.responses().at(-1)!;
      expect(last.body.replace_original).toBe(false);
      expect(String(last.body.text)).toMatch(/old or altered|run \/executions again/i);
    }
    expect(h.sim.callCount()).toBe(0);
  });

  it("rejects a forged signature and a stale timestamp with 401", async () => {
    const body = "command=%2Fexecutions&text=product-search&user_id=U1&channel_id=C1";
    const now = Math.floor(Date.now() / 1000);
    const forged = await h.slack.sendRaw(body, {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(now),
      "x-slack-signature": `v0=${"0".repeat(64)}`,
    });
    expect(forged.status).toBe(401);
    const { signedHeaders } = await import("@executions-bot/slack-standin");
    const stale = await h.slack.sendRaw(body, {
      "content-type": "application/x-www-form-urlencoded",
      ...signedHeaders("test-signing-secret-never-logged-1234", body, now - 600),
    });
    expect(stale.status).toBe(401);
    expect(h.sim.callCount()).toBe(0);
  });
});

describe("when Mixpeek misbehaves", () => {
  const cases = [
    ["rejects the API key", { kind: "status", status: 401 }, /API key/i],
    ["has no such retriever", { kind: "status", status: 404 }, /No retriever|not found/i],
    ["refuses the request", { kind: "status", status: 422 }, /refused|invalid|didn.t accept/i],
    [
      "keeps rate-limiting",
      { kind: "status", status: 429, retryAfterSeconds: 0, times: 10 },
      /too many|rate|slow down|try again/i,
    ],
    ["is down", { kind: "status", status: 503, times: 10 }, /isn.t answering|unavailable|down/i],
    ["answers garbage", { kind: "invalid_json" }, /couldn.t read|unreadable|unexpected/i],
    ["breaks its schema", { kind: "schema_break" }, /couldn.t read|unreadable|unexpected/i],
    ["drops the connection", { kind: "reset", times: 10 }, /isn.t answering|unavailable|down/i],
  ] as const;

  it.each(cases)("says clearly when Mixpeek %s", async (_label, fault, message) => {
    h.sim.injectFault(fault as never);
    const reply = await h.slack.slashCommand({ text: "support-faq completed limit:3" });
    const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId), 8000);
    expect(shown.text).toMatch(message);
    expect(JSON.stringify(shown)).not.toContain("sk_test_mixpeek_key_never_logged");
    h.sim.clearFaults();
  });

  it("does not cache a failure", async () => {
    h.sim.injectFault({ kind: "status", status: 500 });
    const first = await run("video-moments failed limit:2");
    expect(first.shown.text).toMatch(/isn.t answering|unavailable|went wrong/i);
    const second = await run("video-moments failed limit:2");
    expect(executionIds(second.shown.blocks)).toHaveLength(2);
  });

  it("keeps the list on screen when a page turn fails", async () => {
    const { shown, id } = await run("product-search limit:4");
    h.sim.injectFault({ kind: "status", status: 503, times: 10 });
    const before = h.slack.responses().length;
    await h.slack.blockAction({ responseUrlId: id, action: button(shown.blocks, ACTION_IDS.nextPage)! });
    await h.slack.waitFor(() => h.slack.responses().length > before, 8000);
    expect(h.slack.responses().at(-1)!.body.replace_original).toBe(false);
    expect(executionIds(h.slack.shownBy(id)!.blocks)).toEqual(executionIds(shown.blocks));
  });
});

function executionIds(blocks: unknown[] | undefined): string[] {
  return detailsIds(blocks);
}

/** The statuses of the rows shown, as the list's Details select names its rows (`3. failed · …`). */
function statusesShown(blocks: unknown[] | undefined): string[] {
  const select = (
    blocks as Array<{ elements?: Array<{ action_id?: string; options?: Array<{ text: { text: string } }> }> }>
  )
    .flatMap((block) => block.elements ?? [])
    .find((element) => element.action_id === "execution_details_select");
  return (select?.options ?? []).map((option) => /^\d+\. (\S+) ·/.exec(option.text.text)?.[1] ?? "?");
}
