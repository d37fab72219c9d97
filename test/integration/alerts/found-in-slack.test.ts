/**
 * A post that reached Slack while its process never learned so (it died, or the answer was lost): the
 * alert stays claimed, and recovery looks for its message in the channel, by the alert ids in the message
 * metadata, before posting it again. Found, it is recorded with that message's ts and nothing is posted;
 * with no way to look (a missing scope), it is posted again once, as before the look-up existed.
 */
import { WebClient } from "@slack/web-api";
import { expect, it } from "vitest";
import { ALERT_EVENT_TYPE } from "../../../src/alerts/watcher/alert-metadata.js";
import { textOf } from "../../helpers/blocks.js";
import { TEST_SECRETS } from "../../helpers/secrets.js";
import {
  ALERTS,
  claimAs,
  describeEachBackend,
  freshWatcherHarness,
  MINUTE,
  posted,
  SECOND,
  type WatcherHarness,
  watcherBackends,
} from "./harness.js";

let h: WatcherHarness;

const backends = await watcherBackends();

/** Past the 10 minutes after which an unfinished claim is taken over. */
const LATER = 11 * MINUTE;

/**
 * A watcher whose next post reaches the channel while its answer is lost: the state a process leaves when
 * it dies between Slack's answer and markSent. Its client does not retry, as a dead process could not.
 */
function watcherLosingItsNextAnswer() {
  const client = new WebClient(TEST_SECRETS.botToken, {
    slackApiUrl: h.slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  h.slack.failNext("chat.postMessage", { status: 500, afterRunning: true });
  return h.watcher({ slack: client });
}

async function alertOf(executionId: string) {
  const [row] = await h.database.query<{ id: number | string }>(
    `select id from alerts where execution_id = '${executionId}' and channel_id = '${ALERTS}'`,
  );
  return h.store.getAlert(Number(row?.id));
}

const mentioning = (id: string) => posted(h).filter((m) => `${m.text}\n${textOf(m.blocks)}`.includes(id));

describeEachBackend(backends, (backend) => {
  freshWatcherHarness(backend, (next) => {
    h = next;
  });

  it("every alert message names its alerts in its metadata", async () => {
    await h.subscribe();
    h.clock.advance(SECOND);
    h.sim.failNow("demo", "product-search");
    await h.watcher().runRound();
    const [message] = posted(h);
    const [alert] = await h.database.query<{ id: number | string }>("select id from alerts");
    expect(h.slack.apiCalls("chat.postMessage")[0]?.args.metadata).toEqual({
      event_type: ALERT_EVENT_TYPE,
      event_payload: { kind: "alert", alert_ids: String(alert?.id) },
    });
    expect(message?.metadata?.event_type).toBe(ALERT_EVENT_TYPE);
  });

  it("a top-level alert already in the channel is marked sent, not posted again, and starts the thread", async () => {
    const sub = await h.subscribe();
    h.clock.advance(SECOND);
    const run = h.sim.failNow("demo", "product-search");
    await watcherLosingItsNextAnswer().runRound();
    expect(mentioning(run.execution_id)).toHaveLength(1);
    expect((await alertOf(run.execution_id))?.state).toBe("claimed");

    h.clock.advance(LATER);
    const report = await h.watcher().runRound();

    expect(report.recovered).toBe(1);
    expect(report.alerts.posted).toBe(1);
    const [message, ...rest] = posted(h);
    expect(rest).toEqual([]);
    expect(h.slack.apiCalls("chat.postMessage")).toHaveLength(1);
    expect(await alertOf(run.execution_id)).toMatchObject({
      state: "sent",
      messageTs: message?.ts,
      attempts: 2,
    });
    expect(h.slack.apiCalls("conversations.history")[0]?.args).toMatchObject({
      channel: ALERTS,
      include_all_metadata: "true",
    });
    expect(h.logs.some((line) => line.includes('"foundInSlack":true'))).toBe(true);

    // The found message is the thread's parent, as the post would have made it.
    expect((await h.store.getThread(sub.id))?.parentTs).toBe(message?.ts);
    h.clock.advance(2 * MINUTE);
    const next = h.sim.failNow("demo", "product-search");
    h.clock.advance(SECOND);
    await h.watcher().runRound();
    expect(mentioning(next.execution_id)[0]?.thread_ts).toBe(message?.ts);
  });

  it("a thread reply already in its thread is marked sent there and counted once", async () => {
    const sub = await h.subscribe();
    const watcher = h.watcher();
    h.clock.advance(SECOND);
    h.sim.failNow("demo", "product-search");
    await watcher.runRound();
    const [parent] = posted(h);

    h.clock.advance(2 * MINUTE);
    const run = h.sim.failNow("demo", "product-search");
    h.clock.advance(SECOND);
    await watcherLosingItsNextAnswer().runRound();
    const [reply] = mentioning(run.execution_id);
    expect(reply?.thread_ts).toBe(parent?.ts);

    h.clock.advance(LATER);
    const report = await h.watcher().runRound();

    expect(report.alerts.threaded).toBe(1);
    expect(mentioning(run.execution_id)).toHaveLength(1);
    expect(await alertOf(run.execution_id)).toMatchObject({
      state: "sent",
      messageTs: reply?.ts,
      threadTs: parent?.ts,
    });
    expect(h.slack.apiCalls("conversations.replies")[0]?.args).toMatchObject({ ts: parent?.ts });
    // The reply counts in its thread, and the parent is redrawn to say so.
    expect((await h.store.getThread(sub.id))?.failureCount).toBe(2);
    expect(textOf(posted(h).find((m) => m.ts === parent?.ts)?.blocks)).toContain(
      "2 failures in the last hour",
    );
  });

  it("a roll-up already in the channel rolls up its alerts without a second roll-up", async () => {
    await h.subscribe();
    const runs = Array.from({ length: 7 }, () => {
      h.clock.advance(SECOND);
      return h.sim.failNow("demo", "product-search");
    });
    await watcherLosingItsNextAnswer().runRound();
    const [rollup, ...rest] = posted(h);
    expect(rest).toEqual([]);
    expect(rollup?.text).toContain("7 failures");

    h.clock.advance(LATER);
    const report = await h.watcher().runRound();

    expect(report.recovered).toBe(7);
    expect(report.alerts.rolled_up).toBe(7);
    expect(posted(h)).toHaveLength(1);
    for (const run of runs) {
      expect(await alertOf(run.execution_id)).toMatchObject({ state: "rolled_up", messageTs: rollup?.ts });
    }
  });

  it.each(["missing_scope", "not_in_channel"])(
    "%s for the look-up: posted again once, as before, with one warning",
    async (code) => {
      await h.subscribe();
      h.clock.advance(SECOND);
      const first = h.sim.failNow("demo", "product-search");
      await watcherLosingItsNextAnswer().runRound();
      h.clock.advance(5 * MINUTE);
      const second = h.sim.failNow("demo", "product-search");
      await watcherLosingItsNextAnswer().runRound();
      const watcher = h.watcher();
      h.slack.failNext("conversations.history", code, 2);

      // Each claim goes stale on its own round, so the channel is read (and refused) twice.
      h.clock.advance(6 * MINUTE);
      await watcher.runRound();
      h.clock.advance(5 * MINUTE);
      await watcher.runRound();

      expect(h.slack.apiCalls("conversations.history").map((call) => call.outcome)).toEqual([
        { error: code },
        { error: code },
      ]);
      // The narrow window the look-up would close: each alert is in the channel twice.
      expect(mentioning(first.execution_id)).toHaveLength(2);
      expect(mentioning(second.execution_id)).toHaveLength(2);
      expect((await alertOf(first.execution_id))?.state).toBe("sent");
      expect((await alertOf(second.execution_id))?.state).toBe("sent");
      const warnings = h.logs.filter((line) => line.includes("cannot read"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('"level":"warn"');
      expect(warnings[0]).toContain(code);
    },
  );

  it("Slack failing the look-up: nothing is posted yet, and the next try finds the message", async () => {
    await h.subscribe();
    h.clock.advance(SECOND);
    const run = h.sim.failNow("demo", "product-search");
    await watcherLosingItsNextAnswer().runRound();
    const watcher = h.watcher();

    // A 500 and both of the client's retries.
    h.slack.failNext("conversations.history", { status: 500 }, 3);
    h.clock.advance(LATER);
    await watcher.runRound();
    expect(h.slack.apiCalls("chat.postMessage")).toHaveLength(1);
    expect(await alertOf(run.execution_id)).toMatchObject({ state: "claimed", attempts: 2 });

    h.clock.advance(LATER);
    await watcher.runRound();
    expect(mentioning(run.execution_id)).toHaveLength(1);
    expect(await alertOf(run.execution_id)).toMatchObject({ state: "sent", attempts: 3 });
  });

  it("an alert whose message is not in the channel is posted, with its metadata", async () => {
    const sub = await h.subscribe();
    h.clock.advance(SECOND);
    const run = h.sim.failNow("demo", "product-search");
    // Claimed by a replica that died before posting anything.
    const claim = await claimAs(h, sub, run, "dead-replica");
    h.clock.advance(LATER);
    await h.watcher().runRound();

    expect(mentioning(run.execution_id)).toHaveLength(1);
    expect(h.slack.apiCalls("conversations.history")).toHaveLength(1);
    expect(posted(h)[0]?.metadata?.event_payload).toEqual({ kind: "alert", alert_ids: String(claim?.id) });
  });
});
