/**
 * Which failures Slack was told, read from the stand-in's channels: every failure the test caused is owed
 * one message in each channel subscribed to its retriever. A message names its failure's execution id
 * (thread parents keep naming their own one when their count is redrawn), so counting copies per channel
 * and execution id finds what was lost and what was told twice.
 */
import type { SlackStandIn, StoredMessage } from "@executions-bot/slack-standin";
import { textOf } from "../helpers/blocks.js";

export interface CausedFailure {
  executionId: string;
  retrieverId: string;
  /** The channels subscribed to the retriever when it failed. */
  channels: readonly string[];
}

export interface Copy {
  channel: string;
  executionId: string;
  /** When the stand-in accepted each copy, in epoch ms (read from the message ts), oldest first. */
  postedAt: number[];
}

export interface Ledger {
  expected: number;
  /** (channel, execution) pairs told at least once. */
  delivered: number;
  missing: Array<{ channel: string; executionId: string }>;
  doubled: Copy[];
  /** Messages that name none of the failures, e.g. a "can't check" notice; none are expected here. */
  unrelated: StoredMessage[];
}

const tsToMs = (ts: string) => Math.round(Number(ts) * 1000);

export function readLedger(slack: SlackStandIn, failures: readonly CausedFailure[]): Ledger {
  const copies = new Map<string, Copy>();
  const key = (channel: string, executionId: string) => `${channel} ${executionId}`;
  const unrelated: StoredMessage[] = [];
  const ids = failures.map((failure) => failure.executionId);
  for (const message of slack.messages()) {
    const text = `${message.text}\n${textOf(message.blocks)}`;
    const named = ids.filter((id) => text.includes(id));
    if (named.length === 0) unrelated.push(message);
    for (const executionId of named) {
      const copy = copies.get(key(message.channel, executionId)) ?? {
        channel: message.channel,
        executionId,
        postedAt: [],
      };
      copy.postedAt.push(tsToMs(message.ts));
      copies.set(key(message.channel, executionId), copy);
    }
  }
  const missing: Ledger["missing"] = [];
  let expected = 0;
  for (const failure of failures) {
    for (const channel of failure.channels) {
      expected += 1;
      if (!copies.has(key(channel, failure.executionId)))
        missing.push({ channel, executionId: failure.executionId });
    }
  }
  const doubled = [...copies.values()].filter((copy) => copy.postedAt.length > 1);
  for (const copy of doubled) copy.postedAt.sort((a, b) => a - b);
  return { expected, delivered: copies.size, missing, doubled, unrelated };
}
