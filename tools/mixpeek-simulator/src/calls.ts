/**
 * Which API calls the simulator served, so tests can assert "the cache saved a call" or "the
 * watcher polled once per retriever". Counters are exact; the record list keeps only the latest
 * calls, so a simulator left running for days does not grow without bound.
 */
import { CALL_KINDS, type CallKind, type CallRecord } from "./types.js";

const KEEP_RECORDS = 10_000;

export type CallCounts = Record<CallKind, number>;

export class CallLog {
  private records: CallRecord[] = [];
  private counts: CallCounts = CallLog.zero();

  private static zero(): CallCounts {
    return Object.fromEntries(CALL_KINDS.map((kind) => [kind, 0])) as CallCounts;
  }

  /** The returned record is filled in with the status once the answer is sent. */
  record(call: Omit<CallRecord, "status">): CallRecord {
    const record: CallRecord = { ...call };
    this.counts[call.kind]++;
    this.records.push(record);
    if (this.records.length > KEEP_RECORDS) this.records.splice(0, this.records.length - KEEP_RECORDS);
    return record;
  }

  count(kind?: CallKind): number {
    if (kind) return this.counts[kind];
    return CALL_KINDS.reduce((sum, each) => sum + this.counts[each], 0);
  }

  byKind(): CallCounts {
    return { ...this.counts };
  }

  list(): CallRecord[] {
    return this.records.map((record) => ({ ...record }));
  }

  reset(): void {
    this.records = [];
    this.counts = CallLog.zero();
  }
}
