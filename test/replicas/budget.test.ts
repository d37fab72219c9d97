/**
 * MIXPEEK_MAX_REQUESTS_PER_MINUTE held by real bot processes: one on SQLite, three sharing PostgreSQL.
 * The simulator counts every call it receives; in every sliding 60-s window there are never more than
 * the budget, and the watcher alone never uses more than its two thirds. Runs past one window so the
 * window is seen sliding.
 */
import { describe, it } from "vitest";
import { postgresAvailable } from "../helpers/databases.js";
import { busiestWindow } from "./polls.js";
import { type ReplicaWorld, startReplicaWorld } from "./world.js";

const BUDGET = 6;
const WINDOW_MS = 60_000;
const pg = await postgresAvailable();

const cases = [
  { backend: "sqlite" as const, processes: 1, enabled: true },
  { backend: "postgres" as const, processes: 3, enabled: pg || process.env.REQUIRE_POSTGRES === "1" },
];

// Each case has its own world (simulator, Slack stand-in, database) and spends most of its minute
// waiting for the window to slide, so the two run side by side.
describe.concurrent("the request budget held by bot processes", () => {
  for (const { backend, processes, enabled } of cases) {
    it.skipIf(!enabled)(
      `never lets more than the budget reach Mixpeek in any 60-s window, with ${processes} process(es) on ${backend}`,
      async ({ expect }) => {
        const world: ReplicaWorld = await startReplicaWorld(backend, {
          MIXPEEK_MAX_REQUESTS_PER_MINUTE: String(BUDGET),
          WATCH_INTERVAL_SECONDS: "1",
        });
        try {
          await world.watchRetrievers(20, () => ["C0ALERTS"]);
          await Promise.all(
            Array.from({ length: processes }, (_, i) => world.replicas.start(`budget-${i + 1}`)),
          );
          // Past one whole window after the first call, so the count is seen across the window's slide.
          await world.slack.waitFor(() => {
            const times = world.sim.calls().map((call) => call.at.getTime());
            return times.length > 0 && Math.max(...times) - Math.min(...times) > WINDOW_MS + 2_000;
          }, 150_000);
          const times = world.sim.calls().map((call) => call.at.getTime());
          expect(busiestWindow(times, WINDOW_MS)).toBeLessThanOrEqual(BUDGET);
          // Only the watcher calls here: it keeps to its two thirds, and it used them.
          expect(busiestWindow(times, WINDOW_MS)).toBe((BUDGET * 2) / 3);
          expect(times.length).toBeGreaterThan((BUDGET * 2) / 3);
        } finally {
          await world.close();
        }
      },
      200_000,
    );
  }
});
