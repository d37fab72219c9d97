/**
 * Issue: any member could read any namespace the API key reaches (`ns:`, an edited button, edited picker
 * metadata) and subscribe a channel to it. With MIXPEEK_NAMESPACES unset only MIXPEEK_NAMESPACE is
 * allowed; every path refuses another namespace with a clear message before any Mixpeek call.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeExecutionRef } from "../../../src/executions/execution-ref.js";
import { encodePageState } from "../../../src/executions/page-state.js";
import type { PageQuery } from "../../../src/executions/types.js";
import { encodeStatsState } from "../../../src/stats/stats-state.js";
import { ACTION_IDS, DETAILS_ACTION_ID, SHARE_ACTION_ID } from "../../../src/views/executions/action-ids.js";
import {
  PICKER_BLOCK_IDS,
  RETRIEVER_SEARCH_ACTION_ID,
} from "../../../src/views/executions/retriever-picker.js";
import { STATS_ACTION_IDS } from "../../../src/views/stats/stats-action-ids.js";
import { textOf } from "../../helpers/blocks.js";
import { type Harness, startHarness } from "../../helpers/bot-harness.js";
import { ackOf, nthPostTo } from "./answers.js";

const textOfMessage = (message: { blocks?: unknown[] }) => textOf(message.blocks);

let h: Harness;
const ALERTS = "C0ALERTS";
const TEAM = "T0STANDIN";
/** A namespace the API key reaches (the simulator has it) but this workspace may not read. */
const OTHER = "staging";

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const refusal = /may not read namespace `staging`/;
const foreignQuery: PageQuery = {
  retriever: "catalog-enrichment",
  namespace: OTHER,
  status: "all",
  offset: 0,
  limit: 5,
};

/** Runs `attack` and checks Mixpeek heard nothing of it. */
async function withoutMixpeek<T>(attack: () => Promise<T>): Promise<T> {
  const before = h.sim.callCount();
  const result = await attack();
  // Whatever the bot was going to do has been answered by now; give a stray call a moment to show.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(h.sim.callCount()).toBe(before);
  return result;
}

describe("the command", () => {
  it("refuses ns: of another namespace in its answer, naming what is allowed", async () => {
    const reply = await withoutMixpeek(() =>
      h.slack.slashCommand({ text: `catalog-enrichment ns:${OTHER}` }),
    );
    const answer = ackOf(reply);
    expect(answer?.text).toMatch(refusal);
    expect(answer?.text).toMatch(/It may read `demo`/);
    expect(answer?.responseType).toBe("ephemeral");
  });

  it("refuses the stats of another namespace", async () => {
    const reply = await withoutMixpeek(() =>
      h.slack.slashCommand({ text: `catalog-enrichment stats 7d ns:${OTHER}` }),
    );
    expect(ackOf(reply)?.text).toMatch(refusal);
  });

  it("refuses to subscribe a channel to another namespace, and stores nothing", async () => {
    const reply = await withoutMixpeek(() =>
      h.slack.slashCommand({ text: `subscribe catalog-enrichment ns:${OTHER}`, channelId: ALERTS }),
    );
    expect(ackOf(reply)?.text).toMatch(refusal);
    expect(await h.bot.deps.store.listChannelSubscriptions(TEAM, ALERTS)).toEqual([]);
  });

  it("says a namespace Mixpeek would refuse is not a valid name, instead of asking Mixpeek", async () => {
    for (const name of ["prod..", "../demo", "prodé", "検索"]) {
      const reply = await withoutMixpeek(() => h.slack.slashCommand({ text: `product-search ns:${name}` }));
      expect(ackOf(reply)?.text).toMatch(/that is not a valid namespace name/);
    }
  });

  it("still lists the allowed namespace", async () => {
    const reply = await h.slack.slashCommand({ text: "product-search limit:2" });
    const shown = await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
    expect(JSON.stringify(shown.blocks)).toContain("product-search");
  });
});

describe("buttons and selects with an edited value", () => {
  /** A real list of the allowed namespace, to click on. */
  async function list() {
    const reply = await h.slack.slashCommand({ text: "product-search limit:2" });
    await h.slack.waitFor(() => h.slack.shownBy(reply.responseUrlId));
    return reply.responseUrlId;
  }

  const clicks: Array<[string, () => Parameters<Harness["slack"]["blockAction"]>[0]["action"]]> = [
    [
      "Next",
      () => ({
        type: "button",
        action_id: ACTION_IDS.nextPage,
        block_id: "b",
        value: encodePageState(foreignQuery),
      }),
    ],
    [
      "the status filter",
      () => ({
        type: "static_select",
        action_id: ACTION_IDS.statusFilter,
        block_id: encodePageState(foreignQuery),
        selected_option: { text: { type: "plain_text", text: "Failed" }, value: "failed" },
      }),
    ],
    [
      "Stats",
      () => ({
        type: "button",
        action_id: STATS_ACTION_IDS.open,
        block_id: "b",
        value: encodeStatsState({ retriever: "catalog-enrichment", namespace: OTHER, window: "24h" }),
      }),
    ],
    [
      "Share in channel",
      () => ({
        type: "button",
        action_id: SHARE_ACTION_ID,
        block_id: "b",
        value: encodePageState(foreignQuery),
      }),
    ],
    [
      "Details",
      () => ({
        type: "button",
        action_id: DETAILS_ACTION_ID,
        block_id: "b",
        value: encodeExecutionRef({
          retriever: "catalog-enrichment",
          namespace: OTHER,
          executionId: "exec_1",
        }),
      }),
    ],
  ];

  for (const [what, action] of clicks) {
    it(`refuses ${what} pointed at another namespace, privately, with no Mixpeek call`, async () => {
      const id = await list();
      const shown = h.slack.shownBy(id);
      const opened = h.slack.apiCalls("views.open").length;
      const click = await withoutMixpeek(async () => {
        const sent = await h.slack.blockAction({ responseUrlId: id, action: action() });
        await nthPostTo(h.slack, sent.responseUrlId);
        return sent;
      });
      const answer = await nthPostTo(h.slack, click.responseUrlId);
      expect(answer.text).toMatch(refusal);
      expect(answer.responseType).toBe("ephemeral");
      expect(h.slack.shownBy(id)?.blocks).toEqual(shown?.blocks);
      expect(h.slack.apiCalls("views.open")).toHaveLength(opened);
      expect(h.slack.messages(ALERTS).filter((m) => JSON.stringify(m).includes(OTHER))).toEqual([]);
    });
  }
});

describe("the picker with edited metadata", () => {
  const metadata = (responseUrl?: string) =>
    JSON.stringify({ v: 1, n: OTHER, ...(responseUrl ? { u: responseUrl } : {}) });

  /** Opens the picker and waits for this command's own modal (it carries the command's response_url). */
  async function openPicker() {
    const reply = await h.slack.slashCommand({ text: "" });
    const modal = await h.slack.waitFor(() =>
      h.slack
        .views()
        .find(
          (v) => v.callback_id === "executions_picker" && v.private_metadata?.includes(reply.responseUrlId),
        ),
    );
    return { reply, modal };
  }

  it("offers no retriever of another namespace", async () => {
    const { modal } = await openPicker();
    const search = await withoutMixpeek(() =>
      h.slack.blockSuggestion({
        viewId: modal.id,
        actionId: RETRIEVER_SEARCH_ACTION_ID,
        value: "catalog",
        blockId: PICKER_BLOCK_IDS.retriever,
        privateMetadata: metadata(),
      }),
    );
    expect(search.status).toBe(200);
    expect((search.json as { options: unknown[] }).options).toEqual([]);
  });

  it("refuses a submission for another namespace", async () => {
    const { reply, modal } = await openPicker();
    const responseUrl = JSON.parse(modal.private_metadata ?? "{}").u as string;
    await withoutMixpeek(async () => {
      const submitted = await h.slack.viewSubmission({
        viewId: modal.id,
        privateMetadata: metadata(responseUrl),
        values: {
          [PICKER_BLOCK_IDS.retriever]: {
            [RETRIEVER_SEARCH_ACTION_ID]: {
              type: "external_select",
              selected_option: {
                text: { type: "plain_text", text: "catalog-enrichment" },
                value: "catalog-enrichment",
              },
            },
          },
          [PICKER_BLOCK_IDS.status]: {
            picker_status: {
              type: "static_select",
              selected_option: { text: { type: "plain_text", text: "All" }, value: "all" },
            },
          },
          [PICKER_BLOCK_IDS.pageSize]: {
            picker_page_size: {
              type: "static_select",
              selected_option: { text: { type: "plain_text", text: "5" }, value: "5" },
            },
          },
        },
      });
      expect(submitted.json).toBeUndefined();
      expect(submitted.status).toBe(200);
      await nthPostTo(h.slack, reply.responseUrlId);
    });
    expect((await nthPostTo(h.slack, reply.responseUrlId)).text).toMatch(refusal);
  });
});

describe("MIXPEEK_NAMESPACES", () => {
  it("allows the namespaces it lists (and the default), and `*` allows any", async () => {
    const listed = await startHarness({ env: { MIXPEEK_NAMESPACES: `${OTHER}, ns_other_team` } });
    const any = await startHarness({ env: { MIXPEEK_NAMESPACES: "*" } });
    try {
      for (const bot of [listed, any]) {
        for (const text of [`catalog-enrichment ns:${OTHER} limit:2`, "product-search limit:2"]) {
          const reply = await bot.slack.slashCommand({ text });
          const shown = await bot.slack.waitFor(() => bot.slack.shownBy(reply.responseUrlId));
          expect(JSON.stringify(shown.blocks)).toMatch(/exec_/);
        }
      }
      const refused = await listed.slack.slashCommand({ text: "product-search ns:ns_third" });
      expect(ackOf(refused)?.text).toMatch(/It may read `demo`, `staging` and `ns_other_team`/);
    } finally {
      await listed.close();
      await any.close();
    }
  });
});

describe("the watcher", () => {
  it("skips a subscription made before its namespace left the list: told once, no Mixpeek call", async () => {
    const dir = mkdtempSync(join(tmpdir(), "executions-bot-namespaces-"));
    const env = { DATABASE_URL: join(dir, "bot.db"), WATCH_INTERVAL_SECONDS: "1" };
    try {
      // Subscribed while the namespace was allowed…
      const before = await startHarness({ env: { ...env, MIXPEEK_NAMESPACES: OTHER } });
      const reply = await before.slack.slashCommand({
        text: `subscribe catalog-enrichment ns:${OTHER}`,
        channelId: ALERTS,
      });
      expect((await nthPostTo(before.slack, reply.responseUrlId)).responseType).toBe("in_channel");
      await before.close();

      // …then the bot restarts without it, and the retriever keeps failing.
      let clock = Date.now();
      const after = await startHarness({ env, bot: { now: () => new Date(clock) } });
      try {
        after.sim.failNow(OTHER, "catalog-enrichment");
        for (let round = 0; round < 3; round++) {
          await after.bot.deps.watcher.runRound();
          clock += 2000; // the watch is due again
        }
        await after.bot.deps.watcher.runRound();
        expect(after.sim.calls().filter((call) => call.namespace === OTHER)).toEqual([]);
        const told = after.slack.messages(ALERTS);
        expect(told).toHaveLength(1);
        expect(told[0]!.text).toMatch(/may no longer read its namespace/);
        expect(textOfMessage(told[0]!)).toMatch(/may no longer read namespace `staging`/);
        const [sub] = await after.bot.deps.store.listChannelSubscriptions(TEAM, ALERTS);
        expect(sub?.namespaceRefusedAt).not.toBeNull();
        // Every round did check it (and skipped it): the last one just now.
        const watch = await after.bot.deps.store.getWatch({
          namespace: OTHER,
          retrieverId: sub!.retrieverId,
        });
        expect(watch?.lastSuccessAt?.getTime()).toBe(clock);
        // The channel can still clean up, without the namespace being allowed.
        const gone = await after.slack.slashCommand({
          text: `unsubscribe catalog-enrichment ns:${OTHER}`,
          channelId: ALERTS,
        });
        expect((await nthPostTo(after.slack, gone.responseUrlId)).text).toMatch(/unsubscribed this channel/);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
