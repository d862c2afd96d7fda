/**
 * Site tiles after an edit: the browser may hold a tile for a minute (Cache-Control), so once
 * this session has written a site every site tile is revalidated (`cache: 'no-cache'`; the
 * server answers 304 while its data version is unchanged) and the source reloads at once.
 */
import type { Map as MapLibreMap, RequestParameters, VectorTileSource } from 'maplibre-gl';
import { SOURCE } from './layer-ids.ts';

let revalidate = false;

/** MapLibre's `transformRequest`: site tiles are revalidated after this session's first write. */
export function siteTileRequest(url: string): RequestParameters {
  return revalidate && url.includes('/tiles/sites/') ? { url, cache: 'no-cache' } : { url };
}

/** Reloads the site tiles on `map` (after a save, delete or restore). */
export function refreshSiteTiles(map: MapLibreMap): void {
  revalidate = true;
  const source = map.getSource(SOURCE.sites) as VectorTileSource | undefined;
  if (source?.tiles) source.setTiles([...source.tiles]);
}
