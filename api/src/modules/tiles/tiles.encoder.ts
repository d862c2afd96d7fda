/**
 * Tile encoding behind one interface: PostGIS `ST_AsMVT` on the server; on the embedded engine
 * (PostGIS built without protobuf-c) the same feature SQL returns GeoJSON that
 * `@maplibre/geojson-vt` + `@maplibre/vt-pbf` encode in JS. Both run the layer's `.sql` file.
 */
import type { TileFilter } from './tiles.filters.ts';

export interface TileRequest {
  z: number;
  x: number;
  y: number;
}

/** Row of `data_versions` (migration 0005) whose counter changes when the layer's data does. */
export type TileSource = 'sites' | 'infrastructure';

export interface TileLayerDef {
  /** Layer name in the tile (the `source-layer` of the style). */
  name: string;
  /** Which feature SQL (file in ./sql) serves zoom `z`, with or without filters. */
  sqlFor(z: number, filtered: boolean): string;
  /** The table whose committed changes invalidate this layer's cached tiles. */
  source: TileSource;
  minzoom: number;
  maxzoom: number;
  description: string;
  fields: Record<string, string>;
}

export interface TileEncoder {
  readonly kind: 'postgis-mvt' | 'js-geojson-vt';
  /** The encoded tile, or an empty buffer when no feature falls in it. */
  encode(layer: TileLayerDef, t: TileRequest, filter?: TileFilter): Promise<Uint8Array>;
  /**
   * The committed data version of a source (bumped by triggers on every write or import):
   * a tile encoded after reading version v shows data at least as new as v.
   */
  dataVersion(source: TileSource): Promise<number>;
}

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/** Grid cells per tile side for the clustered point layer. */
export const CLUSTER_CELLS = 64;
/**
 * Zooms whose unfiltered cluster grid is precomputed in `site_tile_cells` (migration 0005:
 * z0 to this zoom, kept current by triggers).
 */
export const CELL_MAX_ZOOM = 11;
