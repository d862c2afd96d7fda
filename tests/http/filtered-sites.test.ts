/**
 * Every site a filter keeps is on the map at every zoom (issue 13): the filtered sites tiles
 * cluster the matching sites with counts, so the counts and single points of the tiles that
 * cover France add up to the list's `numberMatched`; and the list can give the box around
 * all its matches (`withBbox=true`) for fitting the map to them. Runs on the test engine (PostGIS
 * server when DATABASE_URL is set, else embedded PGlite) over the demo data.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TILE_EXTENT } from '../../api/src/modules/tiles/tiles.encoder.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('demo');
}, 600_000);
afterAll(async () => {
  await app?.close();
});

const FRANCE = { west: -5.5, south: 41.2, east: 10, north: 51.2 };

const col = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const row = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

interface TileFeature {
  type: number;
  count: number;
  id: unknown;
  /** First vertex, in tile units (0…4096 inside the tile, beyond it in the buffer). */
  x: number;
  y: number;
}

async function tileFeatures(z: number, x: number, y: number, query: string): Promise<TileFeature[]> {
  const res = await fetch(`${app.url}/tiles/sites/${z}/${x}/${y}.mvt${query ? `?${query}` : ''}`);
  expect([200, 204]).toContain(res.status);
  if (res.status === 204) return [];
  const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers.sites;
  if (!layer) return [];
  return Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i);
    const [p] = f.loadGeometry()[0];
    return { type: f.type, count: Number(f.properties.count), id: f.properties.id, x: p.x, y: p.y };
  });
}

/**
 * Sites drawn over France at zoom z: the counts of the clusters plus the single points whose
 * position lies inside their tile (a tile's buffer repeats its neighbours' edge features).
 */
async function drawnOverFrance(z: number, query: string) {
  let sites = 0;
  let clusters = 0;
  for (let x = col(FRANCE.west, z); x <= col(FRANCE.east, z); x++) {
    for (let y = row(FRANCE.north, z); y <= row(FRANCE.south, z); y++) {
      for (const f of await tileFeatures(z, x, y, query)) {
        expect(f.type).toBe(1);
        if (f.x < 0 || f.y < 0 || f.x >= TILE_EXTENT || f.y >= TILE_EXTENT) continue;
        sites += f.count;
        if (f.count > 1) clusters++;
      }
    }
  }
  return { sites, clusters };
}

async function matched(query: string): Promise<number> {
  const res = await fetch(`${app.url}/api/sites?limit=1&${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { numberMatched: number }).numberMatched;
}

describe(`every filtered site on the map (${engineName})`, () => {
  it('with the Île-de-France filter, clusters and points over France at z5, z6 and z8 add up to the matching sites', async () => {
    const expected = await matched('region=11');
    expect(expected).toBe(15);
    let clustered = 0;
    for (const z of [5, 6, 8]) {
      const drawn = await drawnOverFrance(z, 'region=11');
      expect(drawn.sites, `z${z}`).toBe(expected);
      clustered += drawn.clusters;
    }
    // At France zoom the Paris-area sites share cells: the counts are what keeps them visible.
    expect(clustered).toBeGreaterThan(0);
  });

  it('keeps every site with other filters and without any (the precomputed grid)', async () => {
    for (const query of ['', 'status=available,in_preparation', 'label=territoire_industrie&minAreaHa=5']) {
      const expected = await matched(query);
      expect(expected).toBeGreaterThan(0);
      for (const z of [5, 8])
        expect((await drawnOverFrance(z, query)).sites, `${query} z${z}`).toBe(expected);
    }
  });

  it('takes the text search of the list, accents and case ignored', async () => {
    const { body } = await app.anonymous.get('/api/sites?q=reposoirs');
    expect(body.numberMatched).toBe(1);
    const id = String(body.features[0].id);
    for (const z of [5, 8]) {
      const drawn = await drawnOverFrance(z, 'q=REPOSOIRS');
      expect(drawn).toEqual({ sites: 1, clusters: 0 });
    }
    // At plot zoom the one polygon, and nothing else.
    const r = await app.db.knex.raw(
      'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM sites WHERE id = ?',
      [id],
    );
    const { lon, lat } = r.rows[0];
    const feats = await tileFeatures(14, col(lon, 14), row(lat, 14), 'q=r%C3%A9posoirs');
    expect(feats.map((f) => [f.type, f.id])).toEqual([[3, id]]);
  });
});

describe(`the box around every match of the list (${engineName})`, () => {
  it('covers all matches, not only the page, when asked with withBbox=true', async () => {
    const { body } = await app.anonymous.get('/api/sites?region=11&limit=2&withBbox=true');
    expect(body.numberReturned).toBe(2);
    const r = await app.db.knex.raw(
      `SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n
       FROM (SELECT ST_Extent(geom) AS e FROM sites WHERE published AND region = '11') x`,
    );
    const want = [r.rows[0].w, r.rows[0].s, r.rows[0].e, r.rows[0].n].map(Number);
    expect(body.bbox).toHaveLength(4);
    for (const [i, v] of (body.bbox as number[]).entries()) expect(v).toBeCloseTo(want[i], 6);
    // Every matching site lies inside, on every page.
    const all = await app.anonymous.get('/api/sites?region=11&limit=100');
    const [w, s, e, n] = body.bbox;
    for (const f of all.body.features) {
      for (const [lon, lat] of f.geometry.coordinates.flat(2)) {
        expect(lon).toBeGreaterThanOrEqual(w - 1e-6);
        expect(lon).toBeLessThanOrEqual(e + 1e-6);
        expect(lat).toBeGreaterThanOrEqual(s - 1e-6);
        expect(lat).toBeLessThanOrEqual(n + 1e-6);
      }
    }
    // The box of a search of one site is that site's box, whatever the page.
    const one = await app.anonymous.get('/api/sites?q=reposoirs&withBbox=true');
    expect(one.body.bbox[0]).toBeGreaterThan(1.6);
    expect(one.body.bbox[2]).toBeLessThan(1.9);
    expect(one.body.bbox[0]).toBeLessThan(one.body.bbox[2]);
  });

  it('is absent when not asked for or when nothing matches, and withBbox takes only true/false', async () => {
    expect((await app.anonymous.get('/api/sites?region=11&limit=1')).body).not.toHaveProperty('bbox');
    const none = await app.anonymous.get('/api/sites?q=zzzzqqqq&withBbox=true');
    expect(none.status).toBe(200);
    expect(none.body.numberMatched).toBe(0);
    expect(none.body).not.toHaveProperty('bbox');
    const bad = await app.anonymous.get('/api/sites?withBbox=yes');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('withBbox');
  });
});
