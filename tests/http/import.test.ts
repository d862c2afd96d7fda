import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;

const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (sourceId: string, name: string, geometry: unknown = rect(1.74, 48.99)) => ({
  type: 'Feature',
  properties: { source: 'agency-upload', sourceId, name, communeInsee: '78335', published: true },
  geometry,
});

async function upload(client: Client, format: string, body: string, query = '') {
  const res = await client.fetch(`/api/import/${format}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.tokenClient('admin');
  await app.db.knex('infrastructure').insert({
    kind: 'motorway_access',
    name: 'Échangeur test',
    source: 'test',
    source_id: 'x1',
    geom: app.db.knex.raw('ST_SetSRID(ST_MakePoint(1.7, 48.98), 4326)'),
  });
});
afterAll(async () => {
  await app?.close();
});

describe(`HTTP import upload (${engineName})`, () => {
  it('imports sites from an uploaded GeoJSON, computes their access, and changes nothing the second time', async () => {
    const body = fc([feature('a', 'Parcelle A'), feature('b', 'Parcelle B', rect(1.75, 48.99))]);
    const first = await upload(admin, 'sites-geojson', body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, inserted: 2, updated: 0 });
    const rows = await app.db
      .knex('sites')
      .where('source', 'agency-upload')
      .select('id', 'site_surf_comm_dispo', 'region');
    expect(rows).toHaveLength(2);
    expect(rows[0].region).toBe('11');
    expect(rows[0].site_surf_comm_dispo).toBeGreaterThan(0.9);
    const access = await app.db
      .knex('site_access')
      .whereIn(
        'site_id',
        rows.map((r) => r.id),
      )
      .count({ n: '*' })
      .first();
    expect(Number((access as any).n)).toBe(2);
    const again = await upload(admin, 'sites-geojson', body);
    expect(again.body).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 2 });
    // One entry per import, and one per site it created (the second import changed none).
    const audit = await app.db
      .knex('audit_log')
      .where('action', 'import')
      .select('entity')
      .count({ n: '*' })
      .groupBy('entity')
      .orderBy('entity');
    expect(audit.map((a: any) => [a.entity, Number(a.n)])).toEqual([
      ['import', 2],
      ['site', 2],
    ]);
  });

  it('refuses a file with a self-intersecting polygon as a whole (422, line named) and writes nothing', async () => {
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [1.7, 48.9],
          [1.71, 48.91],
          [1.71, 48.9],
          [1.7, 48.91],
          [1.7, 48.9],
        ],
      ],
    };
    const before = await app.db.knex('sites').count({ n: '*' }).first();
    const r = await upload(
      admin,
      'sites-geojson',
      fc([feature('c', 'Parcelle C', rect(1.76, 48.99)), feature('d', 'Nœud', bowtie)]),
    );
    expect(r.status).toBe(422);
    expect(r.body.ok).toBe(false);
    expect(r.body.invalid[0].line).toBe(2);
    expect(r.body.invalid[0].reason).toMatch(/outline|geometry/i);
    const after = await app.db.knex('sites').count({ n: '*' }).first();
    expect(Number((after as any).n)).toBe(Number((before as any).n));
  });

  it('reports without writing on a dry run', async () => {
    const r = await upload(
      admin,
      'sites-geojson',
      fc([feature('e', 'Parcelle E', rect(1.77, 48.99))]),
      '?dryRun=true',
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ dryRun: true, inserted: 1 });
    expect(await app.db.knex('sites').where('source_id', 'e').first()).toBeUndefined();
  });

  it('is for admins only, and names a bad format', async () => {
    const staff = await app.tokenClient('staff');
    expect((await upload(staff, 'sites-geojson', fc([]))).status).toBe(403);
    expect((await upload(app.anonymous, 'sites-geojson', fc([]))).status).toBe(401);
    const bad = await upload(admin, 'shapefile', 'x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('format');
  });
});
