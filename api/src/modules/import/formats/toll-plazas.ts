/**
 * Motorway toll plazas from OpenTollData (derived from OSM `barrier=toll_booth`) →
 * motorway_access. Two layouts of the same data are accepted, told apart by their header:
 * `peages_all.csv` (comma: osm_name, operator_ref, lat, lon, nbs_booth, booth_node_id) and
 * `GLO_toll_info.csv` (semicolon, adds name, type open/close and operator_osm).
 *
 * Source id: "node/<first booth node id>" (booth ids are OSM node ids, unique across the
 * plazas of a file), so both layouts address the same plaza and the second enriches the
 * first. A plaza without booth ids falls back to "<osm_name>@<lat>,<lon>".
 * Rows repeating a plaza (same booths, same position) are skipped, see below.
 */
import { readLonLat } from '../import.geo.ts';
import type { FormatAdapter, ParsedItem } from '../import.types.ts';
import { openCsv } from '../readers/csv-reader.ts';
import { cell, infraItem } from './format-helpers.ts';

/** Parses "[126217, 255936638]" (either layout). */
function boothIds(raw: string): number[] | null {
  const inner = raw.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  if (inner === '') return [];
  const ids = inner.split(',').map((s) => Number(s.trim()));
  return ids.every((n) => Number.isInteger(n) && n > 0) ? ids : null;
}

export const tollPlazas: FormatAdapter = {
  name: 'toll-plazas',
  target: 'infrastructure',
  description: 'OpenTollData toll plazas CSV (peages_all or toll_info layout) → motorway_access',
  async *parse(source): AsyncIterable<ParsedItem> {
    const csv = await openCsv(source.open(), {
      delimiter: 'auto',
      required: ['osm_name', 'lat', 'lon', 'booth_node_id'],
    });
    // The toll_info layout lists a few plazas twice, under two tariff names (e.g. "ORANGE" and
    // "ORANGE CENTRE": same booths, same position). A repeat with the same booths and position is
    // the same physical access and is skipped by reason; any other repeat of a source id stays
    // a duplicate error in the runner.
    const seen = new Map<string, { line: number; at: string }>();
    for await (const item of csv.rows) {
      if ('error' in item) {
        yield item;
        continue;
      }
      const r = item.record;
      const ids = boothIds(cell(r, 'booth_node_id'));
      if (ids === null) {
        yield {
          line: item.line,
          error: `booth_node_id '${cell(r, 'booth_node_id')}' is not a list of OSM node ids`,
        };
        continue;
      }
      const pos = readLonLat(r.lon, r.lat, 'lon', 'lat');
      if ('error' in pos) {
        yield { line: item.line, error: pos.error };
        continue;
      }
      const at = `${ids.join(',')}@${pos.lon},${pos.lat}`;
      const key = ids.length > 0 ? String(ids[0]) : at;
      const before = seen.get(key);
      if (before && before.at === at) {
        yield { line: item.line, skip: 'same plaza listed again under another name' };
        continue;
      }
      if (!before) seen.set(key, { line: item.line, at });
      const osmName = cell(r, 'osm_name');
      const named = osmName && osmName !== 'UNKNOWN' ? osmName : cell(r, 'name');
      const sourceId = ids.length > 0 ? `node/${ids[0]}` : `${osmName}@${pos.lat},${pos.lon}`;
      const booths = Number(cell(r, 'nbs_booth'));
      yield infraItem(item.line, {
        kind: 'motorway_access',
        name: named || `Péage (OSM node ${ids[0] ?? '?'})`,
        source: 'opentolldata',
        sourceId,
        sourceUrl: ids.length > 0 ? `https://www.openstreetmap.org/node/${ids[0]}` : null,
        voltageKv: null,
        sizeClass: null,
        operator: cell(r, 'operator_osm') || null,
        attrs: {
          access: 'toll_plaza',
          operatorRef: cell(r, 'operator_ref') || null,
          booths: Number.isInteger(booths) ? booths : null,
          boothNodeIds: ids,
          ...(cell(r, 'type') ? { tollSystem: cell(r, 'type') } : {}),
          ...(cell(r, 'name') ? { operatorName: cell(r, 'name') } : {}),
        },
        lon: pos.lon,
        lat: pos.lat,
      });
    }
  },
};
