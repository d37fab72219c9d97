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
}

export class SingleFlightCache<V> {
  private readonly cache: NodeCache;
  private readonly inFlight = new Map<string, Promise<V>>();
  private readonly counts = { hits: 0, misses: 0, joins: 0 };

  constructor(options: SingleFlightCacheOptions) {
    this.cache = new NodeCache({
      stdTTL: options.ttlSeconds,
      maxKeys: options.maxKeys,
      useClones: false,
      checkperiod: Math.max(1, Math.min(60, options.ttlSeconds)),
    });
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
      return pending;
    }
    this.counts.misses++;
    const call = (async () => {
      try {
        const value = await load();
        this.store(key, value);
        return value;
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, call);
    return call;
  }

  stats(): CacheStats {
    return { ...this.counts, keys: this.cache.keys().length };
  }

  close(): void {
    this.cache.close();
    this.cache.flushAll();
  }

  private store(key: string, value: V): void {
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
}
