/**
 * Signatures of the Slack requests already handled, for as long as Slack's own 5-minute check would
 * still let them through. Kept in the database, not in memory: with several replicas behind one load
 * balancer, a replay sent to another replica must be refused too.
 *
 * Every Slack request writes one row before it is admitted. The signatures that arrive in the same turn
 * of the event loop are written together, by one statement (a group commit): a burst of requests costs
 * one write instead of one each, and each request still waits for its own row to be written.
 */
import type { CompiledQuery } from "kysely";
import type { StoreContext } from "./connect.js";
import { toMs } from "./rows.js";
import type { AlertStore } from "./types.js";

/** How often expired signatures are swept, at most. */
const PRUNE_EVERY_MS = 60_000;

/** Rows per statement: far more than Slack sends in one turn, small enough for any parameter limit. */
const MAX_BATCH = 64;

// Stand-ins for the values of one batch, found again among the compiled query's parameters: the
// signature and expiry of row i, and the batch's now.
const signatureStandIn = (row: number) => `\u0000signature ${row}`;
const expiresAtStandIn = (row: number) => -(row + 1);
const NOW = Number.MIN_SAFE_INTEGER;

interface Row {
  signature: string;
  expiresAtMs: number;
}

/** A caller of rememberRequest, waiting for its batch to be written. */
interface Waiting extends Row {
  nowMs: number;
  resolve(accepted: boolean): void;
  reject(error: unknown): void;
}

export function seenRequestMethods(ctx: StoreContext): Pick<AlertStore, "rememberRequest"> {
  const { db } = ctx;
  let lastPruneMs = Number.NEGATIVE_INFINITY;
  let queued: Waiting[] = [];

  // A row left over from an expired signature does not count: it is taken over instead.
  const remember = (rows: Array<{ signature: string; expires_at: number }>, nowMs: number) =>
    db
      .insertInto("seen_requests")
      .values(rows)
      .onConflict((oc) =>
        oc
          .column("signature")
          .doUpdateSet((eb) => ({ expires_at: eb.ref("excluded.expires_at") }))
          .where("seen_requests.expires_at", "<=", nowMs),
      )
      .returning("signature");

  // Every Slack request runs this query: it is built and compiled once per number of rows, and each run
  // binds its values (compiling with Kysely costs more than SQLite takes to run it).
  const statements = new Map<number, (rows: Row[], nowMs: number) => CompiledQuery>();
  const statementFor = (size: number) => {
    let bind = statements.get(size);
    if (bind === undefined) {
      // Each parameter's place in [now, signature 0, expiry 0, signature 1, expiry 1, …].
      const places = new Map<unknown, number>([[NOW, 0]]);
      const standIns = Array.from({ length: size }, (_, i) => {
        places.set(signatureStandIn(i), 1 + 2 * i);
        places.set(expiresAtStandIn(i), 2 + 2 * i);
        return { signature: signatureStandIn(i), expires_at: expiresAtStandIn(i) };
      });
      const query = remember(standIns, NOW).compile();
      const sources = query.parameters.map((value) => places.get(value));
      bind = (rows, nowMs) => {
        const values: unknown[] = [nowMs];
        for (const row of rows) values.push(row.signature, row.expiresAtMs);
        return {
          ...query,
          parameters: sources.map((place, i) => (place === undefined ? query.parameters[i] : values[place])),
        };
      };
      statements.set(size, bind);
    }
    return bind;
  };

  /**
   * Writes one batch and answers each of its callers: true only for the first caller of a signature
   * that came back (inserted, or taken over from an expired row). A signature twice in one statement is
   * written once: PostgreSQL refuses to touch a row twice in one ON CONFLICT DO UPDATE, and the second
   * is a replay of the first anyway. One `now` serves the whole batch, the earliest of its callers', so
   * a row is taken over only when it has expired by every caller's clock.
   */
  const write = async (batch: Waiting[]) => {
    try {
      const nowMs = Math.min(...batch.map((waiting) => waiting.nowMs));
      if (nowMs - lastPruneMs >= PRUNE_EVERY_MS) {
        lastPruneMs = nowMs;
        await db.deleteFrom("seen_requests").where("expires_at", "<=", nowMs).execute();
      }
      const unique = new Map<string, Row>();
      for (const waiting of batch) if (!unique.has(waiting.signature)) unique.set(waiting.signature, waiting);
      const rows = [...unique.values()];
      const { rows: written } = await db.executeQuery<{ signature: string }>(
        statementFor(rows.length)(rows, nowMs),
      );
      const accepted = new Set(written.map((row) => row.signature));
      for (const waiting of batch) {
        // Deleted once answered, so only the first caller of a signature hears true.
        waiting.resolve(accepted.delete(waiting.signature));
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  };

  const flush = () => {
    const waiting = queued;
    queued = [];
    for (let i = 0; i < waiting.length; i += MAX_BATCH) void write(waiting.slice(i, i + MAX_BATCH));
  };

  return {
    rememberRequest(signature, now, expiresAt) {
      const expiresAtMs = toMs(expiresAt);
      const nowMs = toMs(now);
      return new Promise((resolve, reject) => {
        // Written once this turn's I/O is done, with every signature that came in meanwhile.
        if (queued.length === 0) setImmediate(flush);
        queued.push({ signature, expiresAtMs, nowMs, resolve, reject });
      });
    },
  };
}
