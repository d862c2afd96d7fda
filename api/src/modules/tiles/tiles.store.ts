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

export interface TileLayerDef {
  /** Layer name in the tile (the `source-layer` of the style). */
  name: string;
  /** Which feature SQL (file in ./sql) serves zoom `z`. */
  sqlFor(z: number): string;
  minzoom: number;
  maxzoom: number;
  description: string;
  fields: Record<string, string>;
}

export interface TileEncoder {
  readonly kind: 'postgis-mvt' | 'js-geojson-vt';
  /** The encoded tile, or an empty buffer when no feature falls in it. */
  encode(layer: TileLayerDef, t: TileRequest, filter?: TileFilter): Promise<Uint8Array>;
}

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/** Grid cells per tile side for the clustered point layer. */
export const CLUSTER_CELLS = 64;
