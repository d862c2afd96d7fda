/**
 * In-process LRU bounded in bytes, whose entries carry the data version they were made at
 * (`data_versions`, bumped by triggers on any committed write or import of a source table,
 * migration 0005). A lookup at another version is a miss, so a cached value never outlives a
 * change of its data, on one instance or many. Concurrent misses of the same key share one
 * computation: a burst of identical requests costs one query. Tiles (tile-cache.ts) and match
 * results (matching.service.ts) use it.
 */

interface Entry<T> {
  version: number;
  value: T;
  bytes: number;
}

/** Map overhead per entry, so that empty values still count against the bound. */
const ENTRY_OVERHEAD_BYTES = 200;

export class VersionedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<T>>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  /** `sizeOf`: the bytes a value holds (without the entry's own overhead). */
  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: T) => number,
  ) {}

  /**
   * The value for `key` at `version`: cached, or made by `make` (once for concurrent callers).
   * Versions only grow; a value made at an older version never replaces a newer one.
   * @example await cache.get('sites/6/32/22?', 17, () => encode(...))
   */
  async get(key: string, version: number, make: () => Promise<T>): Promise<T> {
    const e = this.entries.get(key);
    if (e && e.version === version) {
      // Re-insert: Map iteration order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, e);
      this.hits++;
      return e.value;
    }
    this.misses++;
    const flightKey = `${version}|${key}`;
    const pending = this.inFlight.get(flightKey);
    if (pending) return pending;
    const p = make()
      .then((value) => {
        if (this.maxBytes > 0)
          this.store(key, { version, value, bytes: this.sizeOf(value) + ENTRY_OVERHEAD_BYTES });
        return value;
      })
      .finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, p);
    return p;
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, entry: Entry<T>): void {
    const old = this.entries.get(key);
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
