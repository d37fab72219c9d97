/**
 * Page turn on a cache hit: a click on Next, from sending the block_action until the response_url post
 * that replaces the list arrives at the Slack stand-in. The baseline is a bare Bolt app answering the same
 * click with ack + respond of a one-line message.
 */
import type { ActionInput } from "@executions-bot/slack-standin";
import { ACTION_IDS } from "../src/views/executions/action-ids.js";
import { button } from "../test/helpers/blocks.js";
import type { ChildServer } from "./lib/child.js";
import type { BenchContext, Benchmark, BenchReport } from "./lib/report.js";
import { type LatencySummary, ms, ratio, summarize } from "./lib/stats.js";
import { startWorld, type World } from "./lib/world.js";
import type { LogCounts } from "./serve-bot.js";

const CLICKS = 300;
const WARM_UP_CLICKS = 30;
const COMMAND = "product-search";

interface ClickTimes {
  answer: LatencySummary;
  ack: LatencySummary;
  errors: number;
}

/** Opens `/executions product-search` on `target` through the stand-in; returns the list's response URL. */
async function openList(world: World, target: ChildServer): Promise<string> {
  world.slack.setBotUrl(`${target.url}/slack/events`);
  const reply = await world.slack.slashCommand({ text: COMMAND });
  if (reply.status !== 200) throw new Error(`the command was answered with HTTP ${reply.status}`);
  await world.slack.waitFor(() => world.slack.shownBy(reply.responseUrlId), 10_000);
  return reply.responseUrlId;
}

/** Clicks `action` on the message `listId` shows, `count` times in a row, timing each answer. */
async function clickRepeatedly(
  world: World,
  listId: string,
  action: ActionInput,
  count: number,
): Promise<ClickTimes> {
  const answers: number[] = [];
  const acks: number[] = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const editsBefore = world.slack.shownBy(listId)?.edited ?? 0;
    const started = performance.now();
    const sent = world.slack.blockAction({ responseUrlId: listId, action });
    // The stand-in checks this on every change it records, so it resolves as the post is applied.
    await world.slack.waitFor(() => (world.slack.shownBy(listId)?.edited ?? 0) > editsBefore, 10_000);
    answers.push(performance.now() - started);
    const reply = await sent;
    acks.push(reply.durationMs);
    if (reply.status !== 200) errors += 1;
  }
  return { answer: summarize(answers), ack: summarize(acks), errors };
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const world = await startWorld(ctx.root);
  try {
    // A long TTL so the page behind Next stays cached for the whole run, however slow the machine.
    // The stand-in's own response URLs: the bot answers on SLACK_API_URL's origin only.
    const bot = await world.startBot({ CACHE_TTL_SECONDS: "600", SLACK_API_URL: world.slack.apiUrl });
    const bare = await world.startBare();

    ctx.progress("page turn: bot");
    const botList = await openList(world, bot);
    const next = button(world.slack.shownBy(botList)?.blocks, ACTION_IDS.nextPage);
    if (!next) throw new Error("the bot's list shows no Next button");
    // The first click fetches page 2 from Mixpeek and caches it; the warm-up clicks are hits.
    await clickRepeatedly(world, botList, next, WARM_UP_CLICKS);
    world.sim.resetCalls();
    const statsBefore = await bot.call<{ misses: number; hits: number }>("stats");
    const botTimes = await clickRepeatedly(world, botList, next, CLICKS);
    const statsAfter = await bot.call<{ misses: number; hits: number }>("stats");
    const upstreamCalls = world.sim.callCount();
    const logs = await bot.call<LogCounts>("logs");

    ctx.progress("page turn: bare Bolt app");
    const bareList = await openList(world, bare);
    await clickRepeatedly(world, bareList, next, WARM_UP_CLICKS);
    const bareTimes = await clickRepeatedly(world, bareList, next, CLICKS);

    const row = (name: string, t: ClickTimes, base: ClickTimes) => [
      name,
      String(t.answer.count),
      ms(t.answer.p50),
      ratio(t.answer.p50, base.answer.p50),
      ms(t.answer.p99),
      ratio(t.answer.p99, base.answer.p99),
      ms(t.ack.p50),
      String(t.errors),
    ];
    return {
      summary: [
        `Cache during the measured clicks: ${statsAfter.hits - statsBefore.hits} hits, ${statsAfter.misses - statsBefore.misses} misses; Mixpeek calls: ${upstreamCalls}.`,
        `Bot log lines: ${JSON.stringify(logs.byLevel)}${logs.problems.length ? `; ${logs.problems.join("; ")}` : ""}.`,
      ],
      tables: [
        {
          title: `Next click to list replaced, on a cache hit (${CLICKS} clicks in a row; × = vs bare)`,
          columns: ["App", "Clicks", "p50", "×", "p99", "×", "Ack p50", "Errors"],
          rows: [row("bare Bolt app", bareTimes, bareTimes), row("bot", botTimes, bareTimes)],
        },
      ],
      notes: [
        `The Slack stand-in sends each click as Slack does (signed block_actions with a fresh response_url) on the list a \`/executions ${COMMAND}\` opened; the clock stops when the stand-in applies the post that replaces the message (it checks on every change it records).`,
        `Every click is the same Next (to page 2), so after the first one the bot serves it from its cache; ${WARM_UP_CLICKS} unmeasured clicks first, CACHE_TTL_SECONDS=600 so nothing expires mid-run.`,
        "The bare app answers the same click with ack() and respond() of a one-line message; the bot's answer is the whole rendered page (10 rows), which the stand-in also parses and checks, so part of the difference is the bigger message.",
      ],
    };
  } finally {
    await world.close();
  }
}

export const pageTurnBenchmark: Benchmark = { name: "page-turn", title: "Page turn on a cache hit", run };
