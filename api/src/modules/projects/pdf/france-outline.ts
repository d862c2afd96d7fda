/**
 * Country outlines for the overview map, from Natural Earth 1:50m through `world-atlas`
 * (shipped with npm, so the PDF needs no network). Decoded and projected to Lambert-93 once
 * per process: the first render pays ~50 ms, later ones nothing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { type Bbox, bboxOf, lambert93, type XY } from './pdf-geo.ts';
import type { LonLat } from './shortlist-document.ts';

/** ISO 3166-1 numeric code of France in world-atlas. */
const FRANCE_ID = '250';

export interface CountryOutline {
  id: string;
  /** Polygons (outer ring first, then holes) in Lambert-93 metres. */
  polygons: XY[][][];
  bbox: Bbox;
}

interface Outlines {
  /** Metropolitan France (mainland and Corsica): overseas polygons are dropped. */
  france: CountryOutline;
  /** Other European countries, for context around the border. */
  neighbours: CountryOutline[];
}

// Window (lon/lat) of the countries worth projecting: western Europe around France.
const EUROPE: [number, number, number, number] = [-12, 35, 20, 60];
// Metropolitan France lies in this window; French Guiana, the Antilles, Réunion… do not.
const METROPOLE: [number, number, number, number] = [-6, 41, 10, 52];

let cache: Outlines | null = null;

function inWindow(ring: LonLat[], w: [number, number, number, number]): boolean {
  return ring.some(([lon, lat]) => lon >= w[0] && lon <= w[2] && lat >= w[1] && lat <= w[3]);
}

/** Metropolitan France and its European neighbours in Lambert-93 (decoded on first call). */
export function countryOutlines(): Outlines {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
  ) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const collection = feature(topology, topology.objects.countries);
  let france: CountryOutline | null = null;
  const neighbours: CountryOutline[] = [];
  for (const f of collection.features) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const lonLatPolygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as LonLat[][][];
    const id = String(f.id);
    const window = id === FRANCE_ID ? METROPOLE : EUROPE;
    const kept = lonLatPolygons.filter((poly) => inWindow(poly[0], window));
    if (kept.length === 0) continue;
    const polygons = kept.map((poly) => poly.map((ring) => ring.map(lambert93)));
    const bbox = bboxOf(polygons.flatMap((poly) => poly[0]));
    if (!bbox) continue;
    const outline = { id, polygons, bbox };
    if (id === FRANCE_ID) france = outline;
    else neighbours.push(outline);
  }
  if (!france) throw new Error('world-atlas countries-50m.json has no France (id 250)');
  cache = { france, neighbours };
  return cache;
}
