/**
 * A TTL cache in front of an expensive async call, where concurrent requests for the same key share one
 * call (single flight). Failures are never cached: the next request tries again. The number of keys is
 * bounded; when full, the oldest entry makes room.
 */
import NodeCache from "node-cache";

export interface CacheStats {
  hits: number;
  misses: number;
  /** Requests that joined a call already in flight instead of starting one. */
  joins: number;
  keys: number;
}

export interface SingleFlightCacheOptions {
  ttlSeconds: number;
  maxKeys: number;
  /**
   * Keeps each value this long after it was loaded, for `lastGood` (stale-if-error) only: `get` never
   * answers with it. Unset, nothing is kept past the TTL.
   */
  keepStaleSeconds?: number;
}

export class SingleFlightCache<V> {
  private readonly cache: NodeCache;
  private readonly lastGoodValues: NodeCache | undefined;
  private readonly inFlight = new Map<string, { call: Promise<V> }>();
  private readonly counts = { hits: 0, misses: 0, joins: 0 };

  constructor(options: SingleFlightCacheOptions) {
    this.cache = new NodeCache({
      stdTTL: options.ttlSeconds,
      maxKeys: options.maxKeys,
      useClones: false,
      checkperiod: Math.max(1, Math.min(60, options.ttlSeconds)),
    });
    if (options.keepStaleSeconds !== undefined && options.keepStaleSeconds > options.ttlSeconds) {
      this.lastGoodValues = new NodeCache({
        stdTTL: options.keepStaleSeconds,
        maxKeys: options.maxKeys,
        useClones: false,
        checkperiod: 60,
      });
    }
  }

  /**
   * The last value loaded for `key`, even past its TTL (up to `keepStaleSeconds`), for showing something
   * already seen when loading it again fails. Never counted as a hit.
   */
  lastGood(key: string): V | undefined {
    return this.lastGoodValues?.get<V>(key);
  }

  /**
   * The cached value for `key`, or the result of `load()`. With `refresh`, the cached value is ignored
   * and replaced; a call already in flight is still shared, since it started no earlier than this one.
   */
  async get(key: string, load: () => Promise<V>, options: { refresh?: boolean } = {}): Promise<V> {
    if (!options.refresh) {
      const cached = this.cache.get<V>(key);
      if (cached !== undefined) {
        this.counts.hits++;
        return cached;
      }
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.counts.joins++;
      return pending.call;
    }
    this.counts.misses++;
    const entry = { call: Promise.resolve() as Promise<V> };
    this.inFlight.set(key, entry);
    entry.call = (async () => {
      try {
        const value = await load();
        // A call forgotten while in flight answers its callers but is not kept: it may predate the change.
        if (this.inFlight.get(key) === entry) this.store(key, value);
        return value;
      } finally {
        if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
      }
    })();
    return entry.call;
  }

  /**
   * Drops every entry whose key matches, and stops calls in flight for them from being kept, so the next
   * request loads afresh. Returns how many keys were dropped.
   */
  forget(matches: (key: string) => boolean): number {
    let dropped = 0;
    for (const key of this.cache.keys()) {
      if (matches(key)) dropped += this.cache.del(key);
    }
    for (const key of [...this.inFlight.keys()]) {
      if (matches(key)) this.inFlight.delete(key);
    }
    return dropped;
  }

  stats(): CacheStats {
    return { ...this.counts, keys: this.cache.keys().length };
  }

  close(): void {
    this.cache.close();
    this.cache.flushAll();
    this.lastGoodValues?.close();
    this.lastGoodValues?.flushAll();
  }

  private store(key: string, value: V): void {
    this.keepLastGood(key, value);
    this.cache.del(key);
    try {
      this.cache.set(key, value);
    } catch {
      // ECACHEFULL: drop the oldest key (insertion order) and try once more.
      const oldest = this.cache.keys()[0];
      if (oldest !== undefined) this.cache.del(oldest);
      try {
        this.cache.set(key, value);
      } catch {
        // Still full (maxKeys of 0 or a race): serve uncached rather than fail the request.
      }
    }
  }

  private keepLastGood(key: string, value: V): void {
    const kept = this.lastGoodValues;
    if (kept === undefined) return;
    kept.del(key);
    try {
      kept.set(key, value);
    } catch {
      const oldest = kept.keys()[0];
      if (oldest !== undefined) kept.del(oldest);
      try {
        kept.set(key, value);
      } catch {
        // Full: this one is simply not kept.
      }
    }
  }
}
