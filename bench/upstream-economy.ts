/**
 * Upstream economy: how many Mixpeek calls the bot makes when many people open the same page, against
 * the naive count of one call per person. Mixpeek's small plans allow 10–60 calls a minute, so this is
 * the number that decides whether a busy channel gets rate-limited.
 */
import type { BenchContext, Benchmark, BenchReport } from "./lib/report.js";
import { ratio } from "./lib/stats.js";
import { startWorld, type World } from "./lib/world.js";
import type { LogCounts } from "./serve-bot.js";

const SEQUENTIAL_PEOPLE = 100;
const SIMULTANEOUS_PEOPLE = 20;
const SIMULTANEOUS_LATENCY_MS = 200;

/** One person runs the command and waits until the list is shown; false when it never was. */
async function openAndWait(world: World, text: string, userId: string): Promise<boolean> {
  const reply = await world.slack.slashCommand({ text, userId });
  if (reply.status !== 200) return false;
  return world.slack
    .waitFor(() => world.slack.shownBy(reply.responseUrlId), 10_000)
    .then(() => true)
    .catch(() => false);
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const world = await startWorld(ctx.root);
  try {
    // The stand-in's own response URLs: the bot answers on SLACK_API_URL's origin only.
    const bot = await world.startBot({ SLACK_API_URL: world.slack.apiUrl });
    world.slack.setBotUrl(`${bot.url}/slack/events`);

    ctx.progress(`upstream economy: ${SEQUENTIAL_PEOPLE} people one after another`);
    world.sim.resetCalls();
    let shownSequential = 0;
    for (let i = 0; i < SEQUENTIAL_PEOPLE; i++) {
      if (await openAndWait(world, "product-search", `U0SEQ${i}`)) shownSequential += 1;
    }
    const sequentialCalls = world.sim.callCount("listExecutions");

    ctx.progress(`upstream economy: ${SIMULTANEOUS_PEOPLE} people at the same instant`);
    world.sim.setLatency(SIMULTANEOUS_LATENCY_MS);
    world.sim.resetCalls();
    const shown = await Promise.all(
      Array.from({ length: SIMULTANEOUS_PEOPLE }, (_, i) => openAndWait(world, "video-moments", `U0SIM${i}`)),
    );
    const simultaneousCalls = world.sim.callCount("listExecutions");
    const stats = await bot.call<{ hits: number; misses: number; joins: number }>("stats");
    const logs = await bot.call<LogCounts>("logs");

    const row = (scenario: string, people: number, answered: number, calls: number) => [
      scenario,
      String(people),
      String(answered),
      String(calls),
      String(people),
      ratio(calls, people),
    ];
    return {
      summary: [
        `Cache over both scenarios: ${stats.hits} hits, ${stats.joins} joined an in-flight call, ${stats.misses} misses (target: 1 Mixpeek call per scenario).`,
        `Bot log lines: ${JSON.stringify(logs.byLevel)}${logs.problems.length ? `; ${logs.problems.join("; ")}` : ""}.`,
      ],
      tables: [
        {
          title: "Mixpeek calls for people opening the same page within the cache TTL (× = calls / naive)",
          columns: ["Scenario", "People", "Lists shown", "Mixpeek calls", "Naive calls", "×"],
          rows: [
            row("one after another (`product-search`)", SEQUENTIAL_PEOPLE, shownSequential, sequentialCalls),
            row(
              `same instant, Mixpeek at ${SIMULTANEOUS_LATENCY_MS} ms (\`video-moments\`)`,
              SIMULTANEOUS_PEOPLE,
              shown.filter(Boolean).length,
              simultaneousCalls,
            ),
          ],
        },
      ],
      notes: [
        "Each person is a different Slack user sending `/executions <retriever>` through the Slack stand-in; a person counts as served once the list is shown.",
        "One after another: each waits for their list before the next one asks (default TTL 30 s; the run takes a few seconds). Same instant: all commands are sent at once while the simulator answers in 200 ms, so all but the first join the call in flight (single flight).",
        "Mixpeek calls are counted by the simulator (`listExecutions`); the naive count is one call per person.",
      ],
    };
  } finally {
    await world.close();
  }
}

export const upstreamEconomyBenchmark: Benchmark = {
  name: "upstream",
  title: "Upstream economy",
  run,
};
