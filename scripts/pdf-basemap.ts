/**
 * Writes api/src/modules/projects/pdf/basemap.l93.json, the background of the PDF overview
 * map: metropolitan France and its European neighbours (Natural Earth 1:50m through the npm
 * package `world-atlas`) and the cities named on the map, projected to Lambert-93 (EPSG:2154)
 * by PostGIS (`ST_Transform`), in whole metres. Run again only when world-atlas or the city
 * list changes: `DATABASE_URL=… npx tsx scripts/pdf-basemap.ts` (or the embedded engine).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { projectRoot } from '../api/src/config.ts';
import { openConfiguredDatabase, run } from './lib/cli.ts';

type LonLat = [number, number];

const OUT = path.join(projectRoot, 'api/src/modules/projects/pdf/basemap.l93.json');

/** ISO 3166-1 numeric code of France in world-atlas. */
const FRANCE_ID = '250';
// Window (lon/lat) of the countries worth drawing: western Europe around France.
const EUROPE: [number, number, number, number] = [-12, 35, 20, 60];
// Metropolitan France lies in this window; French Guiana, the Antilles, Réunion… do not.
const METROPOLE: [number, number, number, number] = [-6, 41, 10, 52];

/** Cities named on the overview map (where their labels hit nothing). */
const CITIES: Array<[string, LonLat]> = [
  ['Paris', [2.3522, 48.8566]],
  ['Lyon', [4.8357, 45.764]],
  ['Marseille', [5.3698, 43.2965]],
  ['Toulouse', [1.4442, 43.6047]],
  ['Nice', [7.262, 43.7102]],
  ['Nantes', [-1.5536, 47.2184]],
  ['Strasbourg', [7.7521, 48.5734]],
  ['Montpellier', [3.8767, 43.6108]],
  ['Bordeaux', [-0.5792, 44.8378]],
  ['Lille', [3.0573, 50.6292]],
  ['Rennes', [-1.6778, 48.1173]],
  ['Rouen', [1.0993, 49.4432]],
  ['Orléans', [1.9093, 47.903]],
  ['Dijon', [5.0415, 47.322]],
  ['Clermont-Ferrand', [3.0863, 45.7772]],
  ['Metz', [6.1757, 49.1193]],
  ['Reims', [4.0317, 49.2583]],
  ['Le Havre', [0.1079, 49.4944]],
];

const inWindow = (ring: LonLat[], w: readonly number[]) =>
  ring.some(([lon, lat]) => lon >= w[0] && lon <= w[2] && lat >= w[1] && lat <= w[3]);

run(async () => {
  const db = await openConfiguredDatabase();
  try {
    const toL93 = async (geometry: unknown): Promise<{ coordinates: unknown }> => {
      const r = await db.knex.raw(
        'SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326), 2154), 0)::json AS g',
        [JSON.stringify(geometry)],
      );
      return r.rows[0].g;
    };
    const require = createRequire(import.meta.url);
    const topology = JSON.parse(
      readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
    ) as Topology<{
      countries: GeometryCollection<{ name: string }>;
    }>;
    const countries: Array<{ id: string; polygons: unknown }> = [];
    for (const f of feature(topology, topology.objects.countries).features) {
      const g = f.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as LonLat[][][];
      const id = String(f.id);
      const kept = polygons.filter((poly) => inWindow(poly[0], id === FRANCE_ID ? METROPOLE : EUROPE));
      if (kept.length === 0) continue;
      countries.push({
        id,
        polygons: (await toL93({ type: 'MultiPolygon', coordinates: kept })).coordinates,
      });
    }
    const cities: Array<[string, unknown]> = [];
    for (const [name, ll] of CITIES)
      cities.push([name, (await toL93({ type: 'Point', coordinates: ll })).coordinates]);
    const france = countries.find((c) => c.id === FRANCE_ID);
    if (!france) throw new Error('world-atlas countries-50m.json has no France (id 250)');
    const out = {
      source: 'Natural Earth 1:50m (world-atlas countries-50m), Lambert-93 metres by PostGIS ST_Transform',
      france,
      neighbours: countries.filter((c) => c.id !== FRANCE_ID),
      cities,
    };
    writeFileSync(OUT, `${JSON.stringify(out)}\n`);
    console.log(`wrote ${OUT} (${countries.length} countries, ${cities.length} cities)`);
  } finally {
    await db.close();
  }
});
