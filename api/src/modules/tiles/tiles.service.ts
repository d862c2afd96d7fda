/**
 * Vector tiles of the public layers: validation of z/x/y, the layer registry (points or
 * clusters at low zoom, polygons above), ETags and the 500 KB size guard, and an in-process
 * tile cache keyed by the data version of the layer's source (tile-cache.ts).
 */
import crypto from 'node:crypto';
import { InputError, NotFoundError } from '../../shared/errors.ts';
import { TileCache } from './tile-cache.ts';
import { CELL_MAX_ZOOM, type TileEncoder, type TileLayerDef } from './tiles.encoder.ts';
import { parseTileFilter } from './tiles.filters.ts';
import type { TileJson } from './tiles.schemas.ts';

/** Sites are drawn as polygons from this zoom on; below, as clustered points. */
export const SITE_POLYGON_MINZOOM = 12;
export const MAX_TILE_BYTES = 500 * 1024;
/**
 * Bytes of encoded tiles kept per process (least recently used out first). Low-zoom site tiles
 * are the largest and most shared (up to ~200 KB on 1M plots); 64 MB holds a few hundred of
 * them plus thousands of high-zoom ones.
 */
export const TILE_CACHE_BYTES = 64 * 1024 * 1024;

export const TILE_LAYERS: Record<string, TileLayerDef> = {
  sites: {
    name: 'sites',
    // Unfiltered low-zoom tiles read the precomputed cluster grid; filters apply before
    // clustering, so filtered ones group the matching sites live.
    sqlFor: (z, filtered) =>
      z >= SITE_POLYGON_MINZOOM
        ? 'sites-polygons.sql'
        : !filtered && z <= CELL_MAX_ZOOM
          ? 'sites-cells.sql'
          : 'sites-points.sql',
    source: 'sites',
    minzoom: 0,
    maxzoom: 22,
    description: `Published sites: clustered points below z${SITE_POLYGON_MINZOOM} (count > 1 = cluster), polygons from z${SITE_POLYGON_MINZOOM}.`,
    fields: {
      id: 'String',
      count: 'Number',
      name: 'String',
      status: 'String',
      labels: 'String',
      availableAreaHa: 'Number',
      powerAvailableMw: 'Number',
      railSiding: 'Boolean',
      quay: 'Boolean',
      brownfield: 'Boolean',
      department: 'String',
      region: 'String',
    },
  },
  infrastructure: {
    name: 'infrastructure',
    sqlFor: () => 'infrastructure.sql',
    source: 'infrastructure',
    minzoom: 0,
    maxzoom: 22,
    description: 'Motorway access, rail freight/stations, ports, airports, substations (names from z8).',
    fields: { id: 'String', kind: 'String', name: 'String', voltageKv: 'Number', sizeClass: 'String' },
  },
};

export interface EncodedTile {
  body: Uint8Array;
  etag: string;
}

/** Where a tile is read: the primary, or the replica of READ_DATABASE_URL (same when none). */
export type TileReader = 'primary' | 'replica';

/**
 * One cache for both readers: the data version is read from the same server the tile is then
 * encoded from, and a version names the same committed data on the primary and on a replica
 * (it is bumped in the writing transaction, and the replica replays that transaction whole).
 * A replica that has not replayed a write still reports the older version, so it neither
 * serves nor files a stale tile under the newer one; once it replays, its next request misses.
 */
export class TilesService {
  readonly cache: TileCache;

  constructor(
    readonly encoder: TileEncoder,
    cacheBytes = TILE_CACHE_BYTES,
    readonly replicaEncoder: TileEncoder = encoder,
  ) {
    this.cache = new TileCache(cacheBytes);
  }

  layer(name: string): TileLayerDef {
    const layer = TILE_LAYERS[name];
    if (!layer)
      throw new NotFoundError(`No tile layer "${name}" (layers: ${Object.keys(TILE_LAYERS).join(', ')}).`);
    return layer;
  }

  async tile(
    layerName: string,
    zs: string,
    xs: string,
    ys: string,
    query: Record<string, unknown> = {},
    reader: TileReader = 'primary',
  ): Promise<EncodedTile | null> {
    const layer = this.layer(layerName);
    const encoder = reader === 'replica' ? this.replicaEncoder : this.encoder;
    const [z, x, y] = [zs, xs, ys].map((s) => (/^\d{1,8}$/.test(s) ? Number(s) : Number.NaN));
    if (!Number.isInteger(z) || z < layer.minzoom || z > layer.maxzoom) {
      throw new InputError(`Zoom must be an integer in [${layer.minzoom}, ${layer.maxzoom}].`, [
        {
          field: 'z',
          code: 'out_of_range',
          params: { min: layer.minzoom, max: layer.maxzoom },
          message: 'out of range',
        },
      ]);
    }
    const n = 2 ** z;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x >= n || y >= n) {
      throw new InputError(`x and y must be integers in [0, ${n - 1}] at zoom ${z}.`, [
        { field: 'x/y', code: 'out_of_range', params: { min: 0, max: n - 1 }, message: 'out of range' },
      ]);
    }
    // Only the sites layer takes filters; anything else in the query is refused.
    const filter = layer.name === 'sites' ? parseTileFilter(query) : parseTileFilter(query, []);
    // Read before encoding, from the server that encodes, so a cached tile is never older than
    // the version it is filed under.
    const version = await encoder.dataVersion(layer.source);
    return this.cache.get(`${layer.name}/${z}/${x}/${y}?${filter.key}`, version, async () => {
      const body = await encoder.encode(layer, { z, x, y }, filter);
      if (body.byteLength === 0) return null;
      const etag = `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;
      return { body, etag };
    });
  }

  /** TileJSON 3.0.0 for a layer, with absolute tile URLs built from the request's origin. */
  tileJson(layerName: string, origin: string): TileJson {
    const layer = this.layer(layerName);
    return {
      tilejson: '3.0.0',
      name: `landmatch ${layer.name}`,
      description: layer.description,
      scheme: 'xyz',
      tiles: [`${origin}/tiles/${layer.name}/{z}/{x}/{y}.mvt`],
      minzoom: layer.minzoom,
      maxzoom: 16,
      bounds: [-5.5, 41.2, 10, 51.2],
      center: [2.5, 46.6, 5],
      attribution: 'landmatch; infrastructure © RTE, SNCF, OurAirports, NGA, OpenStreetMap contributors',
      vector_layers: [{ id: layer.name, fields: layer.fields, minzoom: layer.minzoom, maxzoom: 16 }],
    };
  }
}
