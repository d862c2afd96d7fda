/**
 * The plain site table of the CSV download (cells written by shared/csv.ts): one row per site
 * with the list fields of `GET /api/sites` under their JSON names, plus the centroid and the
 * outline as WKT.
 */
import { SITE_FIELDS } from '../site.fields.ts';
import type { SiteListFeature } from '../sites.schemas.ts';
import { centroid, toWkt } from './downloads.geo.ts';

export { csvField, csvLine } from '../../../shared/csv.ts';

export type Cell = string | number | boolean | null | undefined;

/** The list fields of site.fields.ts: what `GET /api/sites` returns for a site, in table order. */
const LIST_KEYS = SITE_FIELDS.filter((f) => f.list).map((f) => f.key);

export const PLAIN_CSV_HEADER: readonly string[] = ['id', ...LIST_KEYS, 'lon', 'lat', 'wkt'];

/** A property as a cell: lists joined with `|` (what the sites-csv importer reads back). */
function plainCell(v: unknown): Cell {
  if (Array.isArray(v)) return v.join('|');
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return v;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * A listed site as a row of the plain CSV. A field the caller may not see is absent from the
 * list's properties, so its cell stays empty: visibility is the list's, not decided here.
 */
export function plainCsvRecord(site: SiteListFeature): Cell[] {
  const [lon, lat] = centroid(site.geometry);
  return [site.id, ...LIST_KEYS.map((k) => plainCell(site.properties[k])), lon, lat, toWkt(site.geometry)];
}
