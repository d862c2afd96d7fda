/**
 * In-process LRU of encoded tiles, bounded in bytes. Every entry carries the data version it
 * was encoded at (`data_versions`, bumped by triggers on any committed write or import of the
 * layer's source table, migration 0005); a lookup with another version is a miss, so the cache
 * (and the ETags it hands out) never outlives a change, on one instance or many.
 * Concurrent misses of the same key share one encoding: a burst of requests for a cold
 * low-zoom tile costs one query.
 */

export interface CachedTile {
  body: Uint8Array;
  etag: string;
}

interface Entry {
  version: number;
  tile: CachedTile | null;
  bytes: number;
}

/** Map overhead per entry, so that empty tiles (204) still count against the bound. */
const ENTRY_OVERHEAD_BYTES = 200;

export class TileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<CachedTile | null>>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * The tile for `key` at `version`: cached, or made by `make` (once for concurrent callers).
   * @example await cache.get('sites/6/32/22?', 17, () => encode(...))
   */
  async get(
    key: string,
    version: number,
    make: () => Promise<CachedTile | null>,
  ): Promise<CachedTile | null> {
    const e = this.entries.get(key);
    if (e && e.version === version) {
      // Re-insert: Map iteration order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, e);
      this.hits++;
      return e.tile;
    }
    this.misses++;
    const flightKey = `${version}|${key}`;
    const pending = this.inFlight.get(flightKey);
    if (pending) return pending;
    const p = make()
      .then((tile) => {
        this.store(key, { version, tile, bytes: (tile?.body.byteLength ?? 0) + ENTRY_OVERHEAD_BYTES });
        return tile;
      })
      .finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, p);
    return p;
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, entry: Entry): void {
    const old = this.entries.get(key);
    // A slower request of an older version must not replace a newer entry.
    if (old && old.version > entry.version) return;
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    if (entry.bytes > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.bytes;
    }
  }
}
