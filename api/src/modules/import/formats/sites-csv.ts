/**
 * Sites as CSV (comma or semicolon, detected from the header): one column per site field,
 * named with the JSON keys of `sites/site.fields.ts`, plus the outline as either
 * - `wkt`: POLYGON or MULTIPOLYGON in lon/lat, or
 * - `lon` and `lat` (or a WKT POINT): the outline is then drawn as a circle-like 64-gon of the
 *   stated area (grossAreaHa, else availableAreaHa), flagged in illustrativeFields ('geometry')
 *   and in provenanceNotes. A point without an area is rejected: a site needs a surface.
 * Unknown columns are a file error (a misspelt column must not vanish). Upsert key: source
 * (default "csv") + sourceId, else siteEcoId.
 */

import type { MultiPolygonGeometry } from '../../../shared/geo.ts';
import { circleOfArea, readLonLat, toMultiPolygon } from '../import.geo.ts';
import type { FormatAdapter, ParsedItem } from '../import.types.ts';
import { siteRow, validateSiteProperties, WRITABLE_SITE_KEYS } from '../import.validation.ts';
import { openCsv } from '../readers/csv-reader.ts';
import { ImportFileError } from '../readers/source.ts';
import { parseWkt } from '../readers/wkt.ts';
import { siteCell } from './site-cells.ts';

const GEOMETRY_COLUMNS = new Set(['wkt', 'lon', 'lat']);

export const sitesCsv: FormatAdapter = {
  name: 'sites-csv',
  target: 'sites',
  description: 'Sites CSV: API field names as columns + wkt (polygon) or lon/lat with an area',
  async *parse(source): AsyncIterable<ParsedItem> {
    const csv = await openCsv(source.open(), { delimiter: 'auto', required: ['name'] });
    const cols = new Set(csv.header);
    if (!cols.has('wkt') && !(cols.has('lon') && cols.has('lat'))) {
      throw new ImportFileError(
        `missing columns: wkt (or lon and lat) (the header has: ${csv.header.join(', ')})`,
      );
    }
    const known = new Set([...WRITABLE_SITE_KEYS, ...GEOMETRY_COLUMNS]);
    const unknown = csv.header.filter((h) => !known.has(h));
    if (unknown.length > 0) {
      throw new ImportFileError(
        `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; columns are site field names ` +
          '(e.g. name, communeInsee, availableAreaHa) plus wkt or lon/lat',
      );
    }
    for await (const item of csv.rows) {
      if ('error' in item) {
        yield item;
        continue;
      }
      const { line, record } = item;
      const raw: Record<string, unknown> = {};
      const errors: string[] = [];
      for (const [key, text] of Object.entries(record)) {
        if (GEOMETRY_COLUMNS.has(key)) continue;
        const v = siteCell(key, text);
        if ('error' in v) errors.push(v.error);
        else raw[key] = v.value;
      }
      if (errors.length > 0) {
        yield { line, error: errors.join('; ') };
        continue;
      }
      const props = validateSiteProperties(raw);
      if ('error' in props) {
        yield { line, error: props.error };
        continue;
      }
      const p = props.properties;
      const geom = outline(record, p);
      if ('error' in geom) {
        yield { line, error: geom.error };
        continue;
      }
      if (geom.approximated) {
        p.illustrativeFields = [...new Set([...((p.illustrativeFields as string[]) ?? []), 'geometry'])];
        const note = 'Outline approximated by a circle of the stated area around the given point.';
        p.provenanceNotes = p.provenanceNotes ? `${p.provenanceNotes} ${note}` : note;
      }
      p.source ??= 'csv';
      p.sourceId ??= p.siteEcoId;
      const row = siteRow(p, geom.geometry);
      yield 'error' in row ? { line, error: row.error } : { line, row: { target: 'site', value: row.row } };
    }
  },
};

function outline(
  record: Record<string, string>,
  p: Record<string, unknown>,
): { geometry: MultiPolygonGeometry; approximated: boolean } | { error: string } {
  const wkt = (record.wkt ?? '').trim();
  let point: { lon: number; lat: number } | null = null;
  if (wkt !== '') {
    let g: ReturnType<typeof parseWkt>;
    try {
      g = parseWkt(wkt);
    } catch (err) {
      return { error: `wkt: ${(err as Error).message}` };
    }
    if (g.type !== 'Point') {
      const r = toMultiPolygon(g);
      return 'error' in r ? { error: `wkt: ${r.error}` } : { geometry: r.geometry, approximated: false };
    }
    const pos = readLonLat(
      String(g.coordinates[0]),
      String(g.coordinates[1]),
      'wkt longitude',
      'wkt latitude',
    );
    if ('error' in pos) return { error: pos.error };
    point = pos;
  } else {
    const pos = readLonLat(record.lon, record.lat, 'lon', 'lat');
    if ('error' in pos) return { error: wkt === '' && record.lon === undefined ? 'wkt is empty' : pos.error };
    point = pos;
  }
  const area = (p.grossAreaHa ?? p.availableAreaHa) as number | undefined;
  if (!area || area <= 0) {
    return {
      error:
        'a point is not a site outline: give a wkt POLYGON, or grossAreaHa/availableAreaHa so that an ' +
        'approximate outline of that area can be drawn',
    };
  }
  return { geometry: circleOfArea(point.lon, point.lat, area), approximated: true };
}
