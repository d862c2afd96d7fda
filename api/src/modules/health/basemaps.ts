/**
 * The basemaps the map UI offers (`GET /api/config`), from the BASEMAP* settings: which ones
 * are on, in which order (the first is shown by default), and where each one's style or tiles
 * live. The UI loads and validates them; a failure falls back to the offline basemap.
 */
import type { BasemapId, Config } from '../../config.ts';
import type { ClientBasemap } from './health.schemas.ts';

type BasemapConfig = Pick<
  Config,
  | 'BASEMAPS'
  | 'BASEMAP_PLAN_IGN_STYLE_URL'
  | 'BASEMAP_ORTHO_TILES_URL'
  | 'BASEMAP_CADASTRE_TILES_URL'
  | 'BASEMAP_OSM_STYLE_URL'
  | 'BASEMAP_STYLE_URL'
>;

const IGN = '© IGN – Géoplateforme';

/**
 * `clientBasemaps({ BASEMAPS: ['plan-ign', 'offline'], … })` → Plan IGN (a style URL), then
 * offline. `offline` is always offered (last when not listed); `custom` only with
 * BASEMAP_STYLE_URL, which, set without `custom` in BASEMAPS, is put first (its old meaning).
 */
export function clientBasemaps(c: BasemapConfig): ClientBasemap[] {
  const ids: BasemapId[] = [...c.BASEMAPS];
  if (c.BASEMAP_STYLE_URL && !ids.includes('custom')) ids.unshift('custom');
  if (!ids.includes('offline')) ids.push('offline');
  const out: ClientBasemap[] = [];
  for (const id of ids) {
    switch (id) {
      case 'offline':
        out.push({ id, type: 'offline', url: null, attribution: null });
        break;
      case 'plan-ign':
        out.push({ id, type: 'style', url: c.BASEMAP_PLAN_IGN_STYLE_URL, attribution: `${IGN} (Plan IGN)` });
        break;
      case 'ortho-ign':
        out.push({
          id,
          type: 'raster',
          url: c.BASEMAP_ORTHO_TILES_URL,
          attribution: `${IGN} (orthophotographies)`,
        });
        break;
      case 'osm':
        out.push({
          id,
          type: 'style',
          url: c.BASEMAP_OSM_STYLE_URL,
          attribution: '© OpenStreetMap contributors, OpenFreeMap, OpenMapTiles',
        });
        break;
      case 'custom':
        if (c.BASEMAP_STYLE_URL) out.push({ id, type: 'style', url: c.BASEMAP_STYLE_URL, attribution: null });
        break;
    }
  }
  return out;
}

/** The cadastral overlay of online basemaps (z15+), null when switched off. */
export function cadastreOverlay(c: BasemapConfig): { url: string; attribution: string } | null {
  return c.BASEMAP_CADASTRE_TILES_URL === 'off'
    ? null
    : { url: c.BASEMAP_CADASTRE_TILES_URL, attribution: `${IGN} – DGFiP (Parcellaire Express)` };
}
