/**
 * RTE substations GeoJSON ("postes électriques RTE", ODRÉ export): Point features with
 * code_poste, nom_poste, etat, tension, fonction_du_poste.
 *
 * - `tension` → voltage_kv: "225kV" → 225; "<45kV" (below 45 kV, exact value unknown) →
 *   null with attrs.voltageBand "<45kV"; "COURANT CONTINU"/"DC" (converter station) → null
 *   with attrs.current "DC"; "HORS TENSION" (de-energised) → skipped; anything else → row error.
 * - `etat`: only "EN EXPLOITATION" (in service) is kept; other states (e.g. "ACCORD
 *   ADMINISTRATIF", approved but not built) are skipped by reason.
 * - Source id: "code_poste|tension|lon,lat" (lon/lat to 5 decimals, ~1 m). code_poste alone
 *   repeats in this file (48 codes: one substation's voltage levels, or several yards of one
 *   site), and code_poste + tension still repeats 18 times at distinct positions.
 */
import { coordinateProblem } from '../import.geo.ts';
import type { FormatAdapter, ParsedItem } from '../import.types.ts';
import { readFeatureCollection } from '../readers/geojson-stream.ts';
import { ImportFileError } from '../readers/source.ts';
import { infraItem } from './format-helpers.ts';

const REQUIRED = ['code_poste', 'nom_poste', 'etat', 'tension'];
const IN_SERVICE = new Set(['EN EXPLOITATION', 'EN SERVICE']);

type Voltage = { kv: number | null; attrs: Record<string, string> } | { skip: string } | { error: string };

/**
 * Reads an RTE `tension` string.
 * @example parseTension('225kV') // { kv: 225, attrs: {} }
 */
export function parseTension(raw: unknown): Voltage {
  if (typeof raw !== 'string' || raw.trim() === '') return { error: 'tension is empty' };
  const t = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  const m = /^(\d+(?:[.,]\d+)?) ?KV$/.exec(t);
  if (m) return { kv: Number(m[1].replace(',', '.')), attrs: {} };
  if (/^< ?45 ?KV$/.test(t)) return { kv: null, attrs: { voltageBand: '<45kV' } };
  if (t === 'COURANT CONTINU' || t === 'DC' || t === 'CC') return { kv: null, attrs: { current: 'DC' } };
  if (t === 'HORS TENSION') return { skip: 'de-energised (HORS TENSION)' };
  return {
    error: `unknown tension '${raw}' (expected e.g. 225kV, 63kV, <45kV, HORS TENSION, COURANT CONTINU)`,
  };
}

export const rtePostes: FormatAdapter = {
  name: 'rte-postes',
  target: 'infrastructure',
  description: 'RTE substations GeoJSON: in-service postes with tension → voltage_kv',
  async *parse(source): AsyncIterable<ParsedItem> {
    let first = true;
    for await (const item of readFeatureCollection(source.open())) {
      const line = item.index;
      if ('error' in item) {
        yield { line, error: item.error };
        continue;
      }
      const f = item.feature as { properties?: Record<string, unknown> | null; geometry?: unknown };
      const p = f.properties ?? {};
      const missing = REQUIRED.filter((k) => !(k in p));
      if (first) {
        first = false;
        if (missing.length > 0) {
          throw new ImportFileError(
            `missing propert${missing.length > 1 ? 'ies' : 'y'} ${missing.join(', ')} in the features ` +
              `(the first feature has: ${Object.keys(p).join(', ') || 'none'}); is this the RTE postes file?`,
          );
        }
      }
      if (missing.length > 0) {
        yield { line, error: `missing properties ${missing.join(', ')}` };
        continue;
      }
      const etat = String(p.etat ?? '').trim();
      if (!IN_SERVICE.has(etat.toUpperCase())) {
        yield { line, skip: `not in service (etat ${etat || 'empty'})` };
        continue;
      }
      const v = parseTension(p.tension);
      if ('skip' in v) {
        yield { line, skip: v.skip };
        continue;
      }
      if ('error' in v) {
        yield { line, error: v.error };
        continue;
      }
      const pos = pointOf(f.geometry, p.longitude_poste, p.latitude_poste);
      if ('error' in pos) {
        yield { line, error: pos.error };
        continue;
      }
      const code = String(p.code_poste ?? '').trim();
      if (!code) {
        yield { line, error: 'code_poste is empty' };
        continue;
      }
      yield infraItem(line, {
        kind: 'substation',
        name: String(p.nom_poste ?? '').trim() || code,
        source: 'rte',
        sourceId: `${code}|${String(p.tension).trim()}|${pos.lon.toFixed(5)},${pos.lat.toFixed(5)}`,
        sourceUrl: null,
        voltageKv: v.kv,
        sizeClass: null,
        operator: 'RTE',
        attrs: {
          codePoste: code,
          tension: String(p.tension).trim(),
          function: typeof p.fonction_du_poste === 'string' ? p.fonction_du_poste : null,
          ...v.attrs,
        },
        lon: pos.lon,
        lat: pos.lat,
      });
    }
  },
};

/** The feature's Point, or the longitude_poste/latitude_poste properties when it has no geometry. */
function pointOf(
  geometry: unknown,
  lonProp: unknown,
  latProp: unknown,
): { lon: number; lat: number } | { error: string } {
  let lon: unknown = lonProp;
  let lat: unknown = latProp;
  if (geometry) {
    const g = geometry as { type?: string; coordinates?: unknown };
    if (g.type !== 'Point') return { error: `expected a Point geometry, got ${g.type}` };
    const c = g.coordinates as unknown[];
    if (!Array.isArray(c) || c.length < 2) return { error: 'the Point has no coordinates' };
    [lon, lat] = c;
  }
  if (typeof lon !== 'number' || typeof lat !== 'number') {
    return { error: `coordinates ${JSON.stringify(lon)}, ${JSON.stringify(lat)} are not numbers` };
  }
  const problem = coordinateProblem(lon, lat);
  return problem ? { error: problem } : { lon, lat };
}
