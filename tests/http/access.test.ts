import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;

// Hand-placed points around Limay (78) and Strasbourg (67); names say what they stand for.
const POINTS: Array<[string, string, number, number, Record<string, unknown>]> = [
  ['substation', 'Poste 225 kV près de Limay', 1.76, 48.995, { voltage_kv: 225 }],
  ['substation', 'Poste 63 kV près de Limay', 1.745, 48.992, { voltage_kv: 63 }],
  ['substation', 'Poste 400 kV loin', 2.2, 48.9, { voltage_kv: 400 }],
  ['substation', 'Poste 225 kV Strasbourg', 7.78, 48.56, { voltage_kv: 225 }],
  ['motorway_access', 'Échangeur A13', 1.7, 48.98, {}],
  ['rail_freight', 'Gare fret Limay', 1.735, 48.985, {}],
  ['port', 'Port de Limay-Porcheville', 1.76, 48.985, {}],
  ['airport', 'Aérodrome moyen', 2.1, 48.75, { size_class: 'medium' }],
  ['airport', 'Petit aérodrome tout proche', 1.74, 48.99, { size_class: 'small' }],
];

async function addPoint(
  kind: string,
  name: string,
  lon: number,
  lat: number,
  extra: Record<string, unknown>,
) {
  const [row] = await app.db
    .knex('infrastructure')
    .insert({
      kind,
      name,
      source: 'test',
      source_id: `${name}-${lon}-${lat}`,
      geom: app.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lon, lat]),
      ...extra,
    })
    .returning('id');
  return String(row.id);
}

let limayId: string;
let strasbourgId: string;

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.login('admin');
  for (const p of POINTS) await addPoint(...p);
  limayId = (await admin.send('POST', '/api/sites', siteBody())).body.id;
  strasbourgId = (
    await admin.send(
      'POST',
      '/api/sites',
      siteBody(
        { name: 'Port autonome Strasbourg test', communeInsee: '67482', territorySiren: '246700488' },
        rect(7.77, 48.57),
      ),
    )
  ).body.id;
});
afterAll(async () => {
  await app?.close();
});

describe(`access distances (${engineName})`, () => {
  it('stores the nearest feature of every kind when a site is created, with names in the detail', async () => {
    const { body } = await app.anonymous.get(`/api/sites/${limayId}`);
    const byKind = Object.fromEntries(body.properties.access.map((a: { kind: string }) => [a.kind, a]));
    expect(Object.keys(byKind).sort()).toEqual([
      'airport',
      'motorway_access',
      'port',
      'rail_freight',
      'substation_225kv',
      'substation_400kv',
      'substation_63kv',
    ]);
    expect(byKind.substation_63kv.name).toBe('Poste 63 kV près de Limay');
    expect(byKind.substation_225kv.name).toBe('Poste 225 kV près de Limay');
    // A small aerodrome never counts as the airport of a site.
    expect(byKind.airport.name).toBe('Aérodrome moyen');
    expect(byKind.substation_400kv.distanceM).toBeGreaterThan(30_000);
  });

  it('matches an independent ST_Distance for the nearest ≥ 225 kV substation within 1 m', async () => {
    const r = await app.db.knex.raw(
      `SELECT s.id, sa.distance_m AS stored,
              (SELECT min(ST_Distance(ST_Transform(s.geom, 2154), ST_Transform(i.geom, 2154)))
                 FROM infrastructure i WHERE i.kind = 'substation' AND i.voltage_kv >= 225) AS independent
       FROM sites s JOIN site_access sa ON sa.site_id = s.id AND sa.kind = 'substation_225kv'`,
    );
    expect(r.rows).toHaveLength(2);
    for (const row of r.rows) expect(Math.abs(row.stored - row.independent)).toBeLessThan(1);
  });

  it('recomputes only the sites within reach when infrastructure changes', async () => {
    const before = await app.db
      .knex('site_access')
      .where({ site_id: strasbourgId })
      .select('kind', 'computed_at');
    const id = await addPoint('substation', 'Nouveau poste 400 kV Limay', 1.742, 48.991, { voltage_kv: 400 });
    const report = await app.services.access.recomputeForInfrastructure([id]);
    expect(report.mode).toBe('affected');
    expect(report.sites).toBe(1);
    const after = await app.db
      .knex('site_access')
      .where({ site_id: limayId, kind: 'substation_400kv' })
      .first();
    expect(after.name).toBe('Nouveau poste 400 kV Limay');
    const untouched = await app.db
      .knex('site_access')
      .where({ site_id: strasbourgId })
      .select('kind', 'computed_at');
    expect(untouched).toEqual(before);
  });

  it('recomputes a site when its polygon moves', async () => {
    await admin.send('PATCH', `/api/sites/${limayId}`, { geometry: rect(7.775, 48.565) });
    const row = await app.db
      .knex('site_access')
      .where({ site_id: limayId, kind: 'substation_225kv' })
      .first();
    expect(row.name).toBe('Poste 225 kV Strasbourg');
  });

  it('recomputes everything on demand and reports the count', async () => {
    const report = await app.services.access.recomputeAll();
    expect(report).toMatchObject({ sites: 2, mode: 'all' });
  });

  it('serves infrastructure as GeoJSON filtered by kind, bbox and voltage', async () => {
    const subs = await app.anonymous.get('/api/infrastructure?kind=substation&minVoltageKv=225');
    expect(subs.status).toBe(200);
    expect(subs.body.features.map((f: any) => f.properties.voltageKv).every((v: number) => v >= 225)).toBe(
      true,
    );
    const box = await app.anonymous.get('/api/infrastructure?bbox=7,48,8,49');
    expect(box.body.features.map((f: any) => f.properties.name)).toEqual(['Poste 225 kV Strasbourg']);
    expect((await app.anonymous.get('/api/infrastructure?kind=castle')).status).toBe(400);
    expect((await app.anonymous.get('/api/infrastructure?limit=100000')).status).toBe(400);
  });
});
