/**
 * CSV for the site downloads (RFC 4180: comma, CRLF, fields with `"` `,` or a line break
 * quoted, quotes doubled), and the plain site table: one row per site with the list fields
 * of `GET /api/sites` under their JSON names, plus the centroid and the outline as WKT.
 */
import { SITE_FIELDS } from '../sites/site.fields.ts';
import type { SiteFeature } from '../sites/sites.store.ts';
import { centroid, toWkt } from './sites-export.geo.ts';

/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export type Cell = string | number | boolean | null | undefined;

/**
 * One CSV field. With `guard`, text that a spreadsheet would evaluate gets a leading
 * apostrophe; numbers are never touched (a negative number is data, not a formula).
 * @example csvField('=1+1', true) // "'=1+1"
 * @example csvField('a "b", c', false) // '"a ""b"", c"'
 */
export function csvField(value: Cell, guard: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = typeof value === 'boolean' ? String(value) : value;
  if (guard && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record with its CRLF line end. */
export function csvLine(cells: readonly Cell[], guard: boolean): string {
  return `${cells.map((c) => csvField(c, guard)).join(',')}\r\n`;
}

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
export function plainCsvRecord(site: SiteFeature): Cell[] {
  const [lon, lat] = centroid(site.geometry);
  return [site.id, ...LIST_KEYS.map((k) => plainCell(site.properties[k])), lon, lat, toWkt(site.geometry)];
}
