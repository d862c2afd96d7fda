/**
 * Drive times on a real mountain network (OSM Andorra) through the product's HTTP surface:
 * road import (upload), routing agreement with pgRouting's pgr_dijkstra (server) and between
 * the two routers, per-site drive times and labour pools (road and estimate), isochrones,
 * bad input (nothing written) and the incremental update when a site moves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { AccessService } from '../../api/src/modules/access/access.service.ts';
import { ensureVertexAccess, recomputeVertexAccess } from '../../api/src/modules/roads/drive-times.store.ts';
import { driveMinutes, snapPoint } from '../../api/src/modules/roads/isochrone.ts';
import { GraphologyRouter, PgRoutingRouter } from '../../api/src/modules/roads/router.ts';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName, serverUrl } from '../helpers/test-db.ts';

const DATA = path.join(projectRoot, '..', 'shared', 'data');
const ANDORRA = path.join(DATA, 'osm', 'andorra-latest.osm.pbf');
const MONACO = path.join(DATA, 'osm', 'monaco-latest.osm.pbf');

// Named places (town centres, from OSM place nodes, rounded).
const ANDORRA_LA_VELLA: [number, number] = [1.5218, 42.5063];
const PAS_DE_LA_CASA: [number, number] = [1.7336, 42.5423];
const ENCAMP: [number, number] = [1.5801, 42.5347];
/**
 * Andorra la Vella → Pas de la Casa by car, measured on the server with pgRouting on this
 * graph (29.9 min; pgr_dijkstra between the snapped vertices gives 29.8): the embedded engine,
 * which has no pgRouting, must find the same within ±1 min or ±5 %.
 */
const SERVER_MINUTES = 29.89;

let app: TestApp;
let admin: Client;

async function upload(format: string, body: Buffer | string, query = '') {
  const res = await admin.fetch(`/api/import/${format}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const count = async (table: string) => Number((await app.db.knex(table).count({ n: '*' }))[0].n);
const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(1, 0.05 * b);

async function addInfra(kind: string, name: string, [lon, lat]: [number, number], extra = {}) {
  const [row] = await app.db
    .knex('infrastructure')
    .insert({
      kind,
      name,
      source: 'test',
      source_id: name,
      geom: app.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lon, lat]),
      ...extra,
    })
    .returning('id');
  return String(row.id);
}

let roadReport: any;
let siteId: string;
let limayId: string;

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.tokenClient('admin');
  // A site off any graph first: its estimates must survive the road import.
  limayId = (await admin.send('POST', '/api/sites', siteBody())).body.id;
  const ids = [
    // Hand-placed test targets (names say so): a motorway access at Encamp, a port at Pas de la Casa,
    // and a real airport far outside the graph (Toulouse-Blagnac).
    await addInfra('motorway_access', 'Accès test Encamp', ENCAMP),
    await addInfra('port', 'Port test Pas de la Casa', PAS_DE_LA_CASA),
    await addInfra('airport', 'Toulouse-Blagnac (test)', [1.3638, 43.6291], { size_class: 'large' }),
    await addInfra('motorway_access', 'Échangeur A13 test', [1.7, 48.98]),
  ];
  await new AccessService(app.db.knex).recomputeForInfrastructure(ids);
  roadReport = await upload('roads', fs.readFileSync(ANDORRA), '?name=andorra-latest.osm.pbf');
  // Two test communes on the graph (figures illustrative) for a road labour pool.
  await app.db.knex.raw(
    `INSERT INTO communes (insee_com, name, population, active, unemployed, source, geom_l93)
     VALUES ('99001', 'Commune test Encamp', 1000, 500, 50, 'test', ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 2154)),
            ('99002', 'Commune test Pas de la Casa', 2000, 900, 90, 'test', ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4326), 2154))`,
    [...ENCAMP, ...PAS_DE_LA_CASA],
  );
  await new AccessService(app.db.knex).recomputeLabourPoolsAll();
  siteId = (
    await admin.send(
      'POST',
      '/api/sites',
      siteBody(
        { name: 'Parcelle test Andorra la Vella' },
        rect(ANDORRA_LA_VELLA[0], ANDORRA_LA_VELLA[1], 0.001, 0.0008),
      ),
    )
  ).body.id;
}, 240_000);

afterAll(async () => {
  await app?.close();
});

describe(`drive times on OSM Andorra (${engineName})`, () => {
  it('imports the road graph from an upload with its counts', async () => {
    expect(roadReport.status).toBe(200);
    const r = roadReport.body;
    expect(r.ok).toBe(true);
    expect(r.extract).toBe('andorra-latest');
    expect(r.roadWays).toBeGreaterThan(1500);
    expect(r.skippedWays).toBeGreaterThan(0); // footways, tracks, private roads
    expect(r.edges).toBe(await count('road_edges'));
    expect(r.vertices).toBe(await count('road_vertices'));
    expect(r.waysPerSecond).toBeGreaterThan(0);
    // One-way streets are one-way, and trucks never go faster than 90 km/h.
    const oneway = await app.db.knex('road_edges').where('car_reverse_s', -1).count({ n: '*' });
    expect(Number(oneway[0].n)).toBeGreaterThan(0);
    const fast = await app.db
      .knex('road_edges')
      .whereRaw('truck_s > 0 AND length_m / truck_s * 3.6 > 90.01')
      .count({ n: '*' });
    expect(Number(fast[0].n)).toBe(0);
  });

  it('agrees with pgr_dijkstra on the same graph, and both routers agree', async () => {
    const k = app.db.knex;
    const product = await driveMinutes(k, ANDORRA_LA_VELLA, PAS_DE_LA_CASA, 'car');
    expect(product).not.toBeNull();
    const js = await driveMinutes(k, ANDORRA_LA_VELLA, PAS_DE_LA_CASA, 'car', {
      router: new GraphologyRouter(),
    });
    expect(close(js!, SERVER_MINUTES)).toBe(true);
    if (!serverUrl) {
      // The embedded engine (graphology) against the server's pgRouting figure on the same file.
      expect(close(product!, SERVER_MINUTES)).toBe(true);
      return;
    }
    const pg = await driveMinutes(k, ANDORRA_LA_VELLA, PAS_DE_LA_CASA, 'car', {
      router: new PgRoutingRouter(),
    });
    const [a, b] = [await snapPoint(k, ...ANDORRA_LA_VELLA), await snapPoint(k, ...PAS_DE_LA_CASA)];
    const edges = 'SELECT id, source, target, car_s AS cost, car_reverse_s AS reverse_cost FROM road_edges';
    const d = await k.raw('SELECT max(agg_cost) / 60 AS m FROM pgr_dijkstra(?, ?::bigint, ?::bigint, true)', [
      edges,
      a!.vertex,
      b!.vertex,
    ]);
    const dijkstra = Number(d.rows[0].m);
    expect(Math.abs(product! - dijkstra) / dijkstra).toBeLessThanOrEqual(0.05);
    expect(close(js!, pg!)).toBe(true);
    expect(close(pg!, SERVER_MINUTES)).toBe(true);
    // Truck is slower or equal, both ways round differ only by one-way streets.
    const truck = await driveMinutes(k, ANDORRA_LA_VELLA, PAS_DE_LA_CASA, 'truck');
    expect(truck!).toBeGreaterThanOrEqual(product!);
  });

  it('gives each access item of a site on the graph its road minutes, and an estimate elsewhere', async () => {
    const { status, body } = await admin.get(`/api/sites/${siteId}`);
    expect(status).toBe(200);
    const byKind = Object.fromEntries(body.properties.access.map((a: any) => [a.kind, a]));
    const motorway = byKind.motorway_access;
    expect(motorway.method).toBe('road');
    expect(motorway.driveTarget.name).toBe('Accès test Encamp');
    const direct = await driveMinutes(app.db.knex, ANDORRA_LA_VELLA, ENCAMP, 'car');
    expect(Math.abs(motorway.driveMinutes - direct!)).toBeLessThan(1.5);
    expect(motorway.truckMinutes).toBeGreaterThanOrEqual(motorway.driveMinutes);
    expect(byKind.port.method).toBe('road');
    expect(byKind.port.driveMinutes).toBeGreaterThan(motorway.driveMinutes);
    // Toulouse is not on the Andorra graph: straight line × 1.3 at 60 km/h, labelled.
    expect(byKind.airport.method).toBe('estimate');
    expect(byKind.airport.driveMinutes).toBeCloseTo((byKind.airport.distanceM * 1.3) / 1000, 0);
  });

  it('counts the labour pool by road for a site on the graph', async () => {
    const { body } = await admin.get(`/api/sites/${siteId}`);
    const pool = body.properties.labourPool;
    expect(pool.map((p: any) => p.minutes)).toEqual([20, 30, 45]);
    for (const p of pool) expect(p.method).toBe('road');
    // Encamp (~10 min) is in every pool; Pas de la Casa (~30 min) only in the 45-minute one.
    expect(pool[0].active).toBe(500);
    expect(pool[2].active).toBe(1400);
    expect(pool[2].unemployed).toBe(140);
  });

  it('keeps the estimates of sites no graph covers, and follows a site that moves', async () => {
    const limay = (await admin.get(`/api/sites/${limayId}`)).body;
    const motorway = limay.properties.access.find((a: any) => a.kind === 'motorway_access');
    expect(motorway.method).toBe('estimate');
    expect(motorway.driveMinutes).toBeCloseTo((motorway.distanceM * 1.3) / 1000, 0);
    expect(limay.properties.labourPool.every((p: any) => p.method === 'estimate')).toBe(true);
    // Move the Andorra site to Limay: its rows follow in the same write.
    const moved = await admin.send('PATCH', `/api/sites/${siteId}`, { geometry: rect(1.74, 48.99) });
    expect(moved.status).toBe(200);
    const after = (await admin.get(`/api/sites/${siteId}`)).body;
    expect(after.properties.access.every((a: any) => a.method === 'estimate')).toBe(true);
    expect(after.properties.labourPool[0].method).toBe('estimate');
    await admin.send('PATCH', `/api/sites/${siteId}`, {
      geometry: rect(ANDORRA_LA_VELLA[0], ANDORRA_LA_VELLA[1], 0.001, 0.0008),
    });
    const back = (await admin.get(`/api/sites/${siteId}`)).body;
    expect(back.properties.access.find((a: any) => a.kind === 'port').method).toBe('road');
  });

  it.skipIf(!serverUrl)(
    'gives the same minutes whether many site vertices are searched at once or a few at a time',
    async () => {
      const k = app.db.knex;
      const vertices = (
        await k.raw('SELECT id FROM road_vertices WHERE snappable ORDER BY id LIMIT 80')
      ).rows.map((r: { id: number }) => Number(r.id));
      const read = async () =>
        new Map(
          (
            await k.raw(
              'SELECT profile, kind, vertex_id, seconds FROM road_vertex_access WHERE vertex_id = ANY(?::bigint[])',
              [vertices],
            )
          ).rows.map((r: any) => [`${r.profile}|${r.kind}|${r.vertex_id}`, r.seconds]),
        );
      await k.transaction(async (trx) => {
        await trx.raw('DELETE FROM road_vertex_access');
        await ensureVertexAccess(trx, vertices); // > 50: one multi-source search per kind
      });
      const bulk = await read();
      await k.transaction(async (trx) => {
        await trx.raw('DELETE FROM road_vertex_access');
        for (let i = 0; i < vertices.length; i += 10)
          await ensureVertexAccess(trx, vertices.slice(i, i + 10));
      });
      const few = await read();
      expect(bulk.size).toBe(vertices.length * 11);
      expect(few.size).toBe(bulk.size);
      let reached = 0;
      for (const [key, sec] of bulk) {
        const other = few.get(key);
        if (sec === null) expect(other).toBeNull();
        else {
          reached++;
          expect(Math.abs(Number(other) - Number(sec))).toBeLessThan(1e-6);
        }
      }
      expect(reached).toBeGreaterThan(vertices.length); // the test targets are reached
      await k.transaction((trx) => recomputeVertexAccess(trx));
    },
  );

  it('draws an isochrone that reaches Encamp in 15 minutes but not Pas de la Casa', async () => {
    const { status, body } = await app.anonymous.get(
      `/api/isochrone?lon=${ANDORRA_LA_VELLA[0]}&lat=${ANDORRA_LA_VELLA[1]}&minutes=15&profile=car`,
    );
    expect(status).toBe(200);
    expect(body.properties.method).toBe('road');
    expect(body.properties.vertices).toBeGreaterThan(100);
    const inside = async (p: [number, number]) =>
      (
        await app.db.knex.raw(
          'SELECT ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326), ST_SetSRID(ST_MakePoint(?, ?), 4326)) AS c',
          [JSON.stringify(body.geometry), ...p],
        )
      ).rows[0].c;
    expect(await inside(ENCAMP)).toBe(true);
    expect(await inside(PAS_DE_LA_CASA)).toBe(false);
    const truck = await app.anonymous.get(
      `/api/isochrone?lon=${ANDORRA_LA_VELLA[0]}&lat=${ANDORRA_LA_VELLA[1]}&minutes=15&profile=truck`,
    );
    expect(truck.body.properties.vertices).toBeLessThanOrEqual(body.properties.vertices);
  });

  it('refuses minutes outside 5–90 and a point off the graph, unless the estimate is asked for', async () => {
    for (const m of [4, 91]) {
      const r = await app.anonymous.get(`/api/isochrone?lon=1.52&lat=42.5&minutes=${m}`);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toMatch(/minutes/);
    }
    const paris = await app.anonymous.get('/api/isochrone?lon=2.35&lat=48.85&minutes=30');
    expect(paris.status).toBe(400);
    expect(paris.body.error.message).toMatch(/road network/);
    const est = await app.anonymous.get('/api/isochrone?lon=2.35&lat=48.85&minutes=30&fallback=estimate');
    expect(est.status).toBe(200);
    expect(est.body.properties.method).toBe('estimate');
    expect(est.body.geometry.type).toBe('Polygon');
  });

  it('refuses a truncated PBF and a bad communes file with 422, changing nothing', async () => {
    const edges = await count('road_edges');
    const pbf = fs.readFileSync(MONACO);
    const cut = await upload(
      'roads',
      pbf.subarray(0, Math.floor(pbf.length / 2)),
      '?name=monaco-latest.osm.pbf',
    );
    expect(cut.status).toBe(422);
    expect(cut.body.error).toMatch(/truncated/);
    expect(await count('road_edges')).toBe(edges);

    const communes = await count('communes');
    const missing = await upload('insee-communes', 'insee_com,commune,lat\n78335,Limay,48.99\n');
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatch(/missing columns: lng, population_2021/);
    const header = 'insee_com,commune,lat,lng,population_2021,pop_15_64_active_2021,pop_15_64_chomage_2021\n';
    const outside = await upload(
      'insee-communes',
      `${header}78335,Limay,48.99114,1.73672,17626,7893,1218\n99999,Nulle part,40.4,-3.7,10,5,1\n`,
    );
    expect(outside.status).toBe(422);
    expect(outside.body.invalid[0]).toMatchObject({ line: 3 });
    expect(outside.body.invalid[0].reason).toMatch(/outside France/);
    expect(await count('communes')).toBe(communes);
  });

  it('imports another region beside the first, and re-imports one without duplicating it', async () => {
    const andorra = await count('road_edges');
    const monaco = await upload('roads', fs.readFileSync(MONACO), '?name=monaco-latest.osm.pbf');
    expect(monaco.status).toBe(200);
    expect(await count('road_edges')).toBe(andorra + monaco.body.edges);
    const again = await upload('roads', fs.readFileSync(MONACO), '?name=monaco-latest.osm.pbf');
    expect(again.body.edges).toBe(monaco.body.edges);
    expect(await count('road_edges')).toBe(andorra + monaco.body.edges);
    // Andorra's drive times are still road ones; Limay's still estimates.
    const site = (await admin.get(`/api/sites/${siteId}`)).body;
    expect(site.properties.access.find((a: any) => a.kind === 'port').method).toBe('road');
    const limay = (await admin.get(`/api/sites/${limayId}`)).body;
    expect(limay.properties.access.every((a: any) => a.method === 'estimate')).toBe(true);
  });
});
