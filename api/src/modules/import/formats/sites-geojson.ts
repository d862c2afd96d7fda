/**
 * Sites as a GeoJSON FeatureCollection in our own schema: properties are the JSON keys of
 * `sites/site.fields.ts` (the same as `GET /api/sites`, so an export re-imports), geometry a
 * Polygon or MultiPolygon in lon/lat. Computed keys (areaHa, region…, id, access) are ignored;
 * unknown keys are errors. The upsert key is properties.source (default "geojson") +
 * properties.sourceId, else the feature id, else siteEcoId.
 */
import { toMultiPolygon } from '../import.geo.ts';
import type { FormatAdapter, ParsedItem } from '../import.types.ts';
import { siteRow, validateSiteProperties } from '../import.validation.ts';
import { readFeatureCollection } from '../readers/geojson-stream.ts';

export const sitesGeojson: FormatAdapter = {
  name: 'sites-geojson',
  target: 'sites',
  description: 'Sites GeoJSON FeatureCollection, properties named as in the API (site.fields.ts)',
  async *parse(source): AsyncIterable<ParsedItem> {
    for await (const item of readFeatureCollection(source.open())) {
      const line = item.index;
      if ('error' in item) {
        yield { line, error: item.error };
        continue;
      }
      const f = item.feature as { type?: unknown; id?: unknown; properties?: unknown; geometry?: unknown };
      if (f.type !== 'Feature') {
        yield { line, error: `expected a Feature, got ${String(f.type)}` };
        continue;
      }
      const geom = toMultiPolygon(f.geometry);
      if ('error' in geom) {
        yield { line, error: geom.error };
        continue;
      }
      const raw = (f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<
        string,
        unknown
      >;
      const props = validateSiteProperties(raw);
      if ('error' in props) {
        yield { line, error: props.error };
        continue;
      }
      const p = props.properties;
      p.source ??= 'geojson';
      p.sourceId ??=
        typeof f.id === 'string' || typeof f.id === 'number'
          ? String(f.id)
          : (p.siteEcoId as string | undefined);
      const row = siteRow(p, geom.geometry);
      yield 'error' in row ? { line, error: row.error } : { line, row: { target: 'site', value: row.row } };
    }
  },
};
