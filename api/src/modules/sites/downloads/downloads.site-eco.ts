/**
 * Sites as CNIG SITE-ECO records (class SITE-ECO, schema v1.0.0): the standard's columns in
 * its order, filled through the same column ↔ field mapping the `site-eco` importer reads
 * (`SITE_ECO_MAPPING`, derived from site.fields.ts), so an export imports back unchanged.
 *
 * - `site_id`: the site's SITE-ECO id when it has one, else our id (stable and unique).
 * - `site_geomsurf`: the outline as GeoJSON text (what the schema says and the importer reads);
 *   `site_geompoint`: its centroid as "lon, lat" (Table Schema geopoint, default format).
 * - Columns the importer keeps in provenanceNotes (`pole_id`, `site_moa_*`…) come back from there.
 * - Access distances (`autoroute_echang_dist`, `gare_fret_dist`, …) stay empty: the standard
 *   means road distances, ours are straight lines, and a shorter figure would mislead.
 * - Every other column the standard has and we do not: empty.
 * - After them, `terr_refcad`: the parcels as `78335000AB0123|78335000AB0124` (TERRAIN-ECO's name).
 */
import {
  readSiteEcoNotes,
  SITE_ECO_COLUMNS,
  SITE_ECO_EXTRA_COLUMNS,
  SITE_ECO_MAPPING,
} from '../../import/formats/site-eco.ts';
import { type Parcel, parcelId } from '../site.parcels.ts';
import type { SiteListFeature } from '../sites.schemas.ts';
import type { Cell } from './downloads.csv.ts';
import { centroid } from './downloads.geo.ts';

/** The standard's 62 columns, then `terr_refcad` (the parcels; see site-eco.ts). */
export const SITE_ECO_HEADER: readonly string[] = [...SITE_ECO_COLUMNS, ...SITE_ECO_EXTRA_COLUMNS];

/** SITE-ECO's yes/no columns say `oui`/`non`; numbers use a decimal point. */
function siteEcoValue(v: unknown): Cell {
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * One SITE-ECO record, cells in `SITE_ECO_HEADER` order, from a site with its full
 * properties (as `GET /api/sites/:id` returns them to the caller).
 * @example siteEcoRecord(site)[0] // site.properties.siteEcoId ?? site.id
 */
export function siteEcoRecord(site: SiteListFeature): Cell[] {
  const p = site.properties;
  const notes = readSiteEcoNotes(p.provenanceNotes);
  return SITE_ECO_HEADER.map((column): Cell => {
    switch (column) {
      case 'terr_refcad':
        return ((p.parcels as Parcel[] | null | undefined) ?? []).map(parcelId).join('|') || null;
      case 'site_id':
        return siteEcoValue(p.siteEcoId ?? site.id);
      case 'site_geomsurf':
        return JSON.stringify(site.geometry);
      case 'site_geompoint':
        return centroid(site.geometry).join(', ');
    }
    const key = SITE_ECO_MAPPING[column];
    return key ? siteEcoValue(p[key]) : (notes[column as keyof typeof notes] ?? null);
  });
}
