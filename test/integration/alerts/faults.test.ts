/**
 * Faults in the middle of a round. Mixpeek failing in each way a real upstream does: the round goes on,
 * and the failure is told once Mixpeek is back. Slack throttling past the client's retries, or failing
 * with 500: the alerts wait in their claims and go out later, once each and in their thread.
 */

import type { Fault } from "@executions-bot/mixpeek-simulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMixpeekClient, type MixpeekClient } from "../../../src/mixpeek/client.js";
import { textOf } from "../../helpers/blocks.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";
import {
  ALERTS,
  describeEachBackend,
  GENERAL,
  MINUTE,
  posted,
  SECOND,
  startWatcherHarness,
  type WatcherHarness,
  watcherBackends,
} from "./harness.js";

let h: WatcherHarness;
let mixpeek: MixpeekClient;

const backends = await watcherBackends();

/** Past any backoff, and past the 10 minutes after which an unposted claim is taken over. */
const LATER = 11 * MINUTE;

/** Each fault lasts longer than the client's retries, so the whole check fails. */
const MIXPEEK_FAULTS: Array<[string, Fault]> = [
  ["500", { kind: "status", status: 500, times: 10 }],
  ["503", { kind: "status", status: 503, times: 10 }],
  ["a body that is not JSON", { kind: "invalid_json", times: 10 }],
  ["a 200 that breaks the schema", { kind: "schema_break", times: 10 }],
  ["a reset connection", { kind: "reset", times: 10 }],
  ["no answer at all", { kind: "hang", times: 10 }],
];

describeEachBackend(backends, (backend) => {
  beforeEach(async () => {
    h = await startWatcherHarness(backend);
    // Two tries of at most 300 ms each, so a hanging Mixpeek costs the test well under a second.
    mixpeek = createMixpeekClient({
      baseUrl: h.sim.url,
      apiKey: TEST_SECRETS.apiKey,
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20, maxTotalMs: 1000 },
      timeouts: { responseMs: 300 },
    });
  });
  afterEach(async () => {
    await mixpeek.close();
    await h.close();
  });

  describe("Mixpeek failing during a round", () => {
    it.each(MIXPEEK_FAULTS)(
      "%s: the round goes on, and the failure is told once Mixpeek is back",
      async (_, fault) => {
        await h.subscribe({ channel: ALERTS });
        await h.subscribe({ channel: GENERAL });
        const watcher = h.watcher({ mixpeek });
        h.clock.advance(SECOND);
        const run = h.sim.failNow("demo", "product-search");
        h.sim.injectFault({ ...fault, only: "listExecutions" });

        const failing = await watcher.runRound();
        expect(failing).toMatchObject({ checked: 1, upstreamErrors: 1 });
        expect(h.slack.messages()).toEqual([]);
        expect(watcher.health().lastError).toContain(h.retrieverId("product-search"));

        h.sim.clearFaults();
        h.clock.advance(LATER);
        const back = await watcher.runRound();
        expect(back).toMatchObject({ checked: 1, upstreamErrors: 0 });
        h.clock.advance(LATER);
        await watcher.runRound();
        for (const channel of [ALERTS, GENERAL]) {
          const messages = posted(h, channel);
          expect(messages).toHaveLength(1);
          expect(textOf(messages[0]?.blocks)).toContain(run.execution_id);
        }
      },
    );
  });

  describe("Mixpeek answering 429 during a round", () => {
    it("the check is put off, not counted as an error, and the failure is told once Mixpeek is back", async () => {
      await h.subscribe({ channel: ALERTS });
      await h.subscribe({ channel: GENERAL });
      const watcher = h.watcher({ mixpeek });
      h.clock.advance(SECOND);
      const run = h.sim.failNow("demo", "product-search");
      h.sim.injectFault({
        kind: "status",
        status: 429,
        retryAfterSeconds: 1,
        times: 10,
        only: "listExecutions",
      });

      // A 429 makes the whole bot wait out Retry-After (the request budget): nothing is wrong with the
      // retriever, so nobody is told and the watch stays first in line.
      const waiting = await watcher.runRound();
      expect(waiting).toMatchObject({ checked: 1, upstreamErrors: 0, deferred: 1 });
      expect(h.slack.messages()).toEqual([]);

      h.sim.clearFaults();
      h.clock.advance(LATER);
      await watcher.runRound();
      h.clock.advance(LATER);
      await watcher.runRound();
      for (const channel of [ALERTS, GENERAL]) {
        const messages = posted(h, channel);
        expect(messages).toHaveLength(1);
        expect(textOf(messages[0]?.blocks)).toContain(run.execution_id);
      }
    });
  });

  describe("Slack failing during a round", () => {
    it("429s past the client's retries: the alerts wait in their claims, then go out once each, in the thread", async () => {
      const sub = await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      const opening = h.sim.failNow("demo", "product-search");
      await watcher.runRound();

      h.clock.advance(2 * MINUTE);
      const burst = [0, 1, 2].map(() => {
        h.clock.advance(SECOND);
        return h.sim.failNow("demo", "product-search");
      });
      // The client tries three times (two retries); all three are refused.
      h.slack.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 0 }, 3);
      const throttled = await watcher.runRound();
      expect(throttled.alerts.posted + throttled.alerts.threaded).toBe(0);
      expect(posted(h)).toHaveLength(1);
      // The claims stay, and the round still finished: the watch is not stuck behind them.
      expect(await h.store.listUnfinishedClaims(h.clock.advance(SECOND))).toHaveLength(3);
      expect((await h.store.getWatch(sub))?.leaseOwner).toBeNull();

      // They wait with this watcher, which tries them again itself once the backoff allows.
      expect(await h.store.listWaitingAlerts("replica-1")).toHaveLength(3);
      h.clock.advance(LATER);
      const retried = await watcher.runRound();
      expect(retried.recovered).toBe(0);

      const messages = posted(h);
      const [parent, ...replies] = messages;
      expect(textOf(parent?.blocks)).toContain(opening.execution_id);
      expect(replies.map((m) => textOf(m.blocks))).toEqual(
        burst.map((run) => expect.stringContaining(run.execution_id)),
      );
      expect(replies.every((m) => m.thread_ts === parent?.ts)).toBe(true);
      expect(textOf(messages[0]?.blocks)).toContain("4 failures in the last hour");
      expect(await h.store.listUnfinishedClaims(h.clock.now())).toEqual([]);
    });

    it("500s for one channel's post: the other channel is told now, the first later, each once", async () => {
      await h.subscribe({ channel: ALERTS });
      await h.subscribe({ channel: GENERAL });
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      const run = h.sim.failNow("demo", "product-search");
      // The first channel's post and both retries are refused; the other channel's post goes through.
      h.slack.failNext("chat.postMessage", { status: 500 }, 3);

      await watcher.runRound();
      const toldNow = [ALERTS, GENERAL].filter((channel) => posted(h, channel).length > 0);
      expect(toldNow).toHaveLength(1);

      h.clock.advance(LATER);
      await watcher.runRound();
      h.clock.advance(LATER);
      await watcher.runRound();
      for (const channel of [ALERTS, GENERAL]) {
        const messages = posted(h, channel);
        expect(messages).toHaveLength(1);
        expect(textOf(messages[0]?.blocks)).toContain(run.execution_id);
      }
    });

    it("a 500 when the thread's count is redrawn costs only the count, which the next reply fixes", async () => {
      await h.subscribe();
      const watcher = h.watcher();
      h.clock.advance(SECOND);
      h.sim.failNow("demo", "product-search");
      await watcher.runRound();

      h.clock.advance(2 * MINUTE);
      const second = h.sim.failNow("demo", "product-search");
      h.slack.failNext("chat.update", { status: 500 }, 3);
      await watcher.runRound();
      const [parent, reply] = posted(h);
      expect(textOf(reply?.blocks)).toContain(second.execution_id);
      expect(parent?.edited).toBe(0);
      expect(await h.store.listUnfinishedClaims(h.clock.advance(SECOND))).toEqual([]);

      h.clock.advance(2 * MINUTE);
      h.sim.failNow("demo", "product-search");
      await watcher.runRound();
      const redrawn = posted(h)[0];
      expect(posted(h)).toHaveLength(3);
      expect(redrawn?.edited).toBe(1);
      expect(textOf(redrawn?.blocks)).toContain("3 failures in the last hour");
    });
  });
});
