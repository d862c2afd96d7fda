/**
 * In-process LRU of encoded tiles, bounded in bytes, keyed by tile and filters and checked
 * against the layer's data version (shared/versioned-cache.ts): the cache and the ETags it
 * hands out never outlive a change, on one instance or many.
 */
import { VersionedCache } from '../../shared/versioned-cache.ts';

export interface CachedTile {
  body: Uint8Array;
  etag: string;
}

export class TileCache extends VersionedCache<CachedTile | null> {
  constructor(maxBytes: number) {
    super(maxBytes, (tile) => tile?.body.byteLength ?? 0);
  }
}
