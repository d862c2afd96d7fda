import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;
let editorGpso: Client;
let editorOther: Client;
let staff: Client;

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.login('admin');
  editorGpso = await app.login('editor', { territories: ['200059889'] });
  editorOther = await app.tokenClient('editor', { territories: ['200058014'] });
  staff = await app.login('staff', { territories: ['200059889'] });
});
afterAll(async () => {
  await app?.close();
});

describe(`sites API (${engineName})`, () => {
  let publishedId: string;
  let hiddenId: string;

  it('creates a site as admin, derives department, region and available area from the polygon', async () => {
    const { status, body, res } = await admin.send('POST', '/api/sites', siteBody());
    expect(status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/sites/${body.id}`);
    expect(body.properties.department).toBe('78');
    expect(body.properties.region).toBe('11');
    expect(body.properties.areaHa).toBeGreaterThan(0.95);
    expect(body.properties.areaHa).toBeLessThan(1.1);
    expect(body.properties.availableAreaHa).toBeCloseTo(body.properties.areaHa, 6);
    publishedId = body.id;
    const hidden = await admin.send(
      'POST',
      '/api/sites',
      siteBody(
        { name: 'Réserve Épône non publiée', published: false, communeInsee: '78217' },
        rect(1.81, 48.955),
      ),
    );
    expect(hidden.status).toBe(201);
    hiddenId = hidden.body.id;
  });

  it('lists published sites to anonymous callers without confidential fields', async () => {
    const { status, body } = await app.anonymous.get('/api/sites?limit=1000');
    expect(status).toBe(200);
    expect(body.type).toBe('FeatureCollection');
    const ids = body.features.map((f: { id: string }) => f.id);
    expect(ids).toContain(publishedId);
    expect(ids).not.toContain(hiddenId);
    expect(body.numberMatched).toBe(ids.length);
    const f = body.features.find((x: { id: string }) => x.id === publishedId);
    for (const key of [
      'name',
      'communeInsee',
      'communeName',
      'availableAreaHa',
      'powerAvailableMw',
      'labels',
      'status',
      'published',
    ]) {
      expect(f.properties).toHaveProperty(key);
    }
    expect(f.properties).not.toHaveProperty('ownerName');
    expect(f.properties).not.toHaveProperty('negotiatedPriceEurM2');
  });

  it('hides unpublished sites and confidential fields from anonymous detail requests', async () => {
    expect((await app.anonymous.get(`/api/sites/${hiddenId}`)).status).toBe(404);
    const pub = await app.anonymous.get(`/api/sites/${publishedId}`);
    expect(pub.status).toBe(200);
    expect(pub.body.properties).not.toHaveProperty('ownerName');
    expect(pub.body.properties.access).toEqual([]);
    const asStaff = await staff.get(`/api/sites/${hiddenId}`);
    expect(asStaff.status).toBe(200);
    expect(asStaff.body.properties.ownerName).toBe('Propriétaire confidentiel SA');
  });

  it('searches name and commune without accents or case', async () => {
    const { body } = await staff.get('/api/sites?q=EPONE');
    expect(body.features.map((f: { id: string }) => f.id)).toEqual([hiddenId]);
    const pct = await staff.get('/api/sites?q=%25');
    expect(pct.status).toBe(200);
    expect(pct.body.features).toEqual([]);
  });

  it('filters by bbox, surface, label, department, status and paginates with numberMatched', async () => {
    const inBox = await staff.get('/api/sites?bbox=1.73,48.98,1.75,49.0');
    expect(inBox.body.features.map((f: { id: string }) => f.id)).toEqual([publishedId]);
    expect((await staff.get('/api/sites?minAreaHa=5')).body.features).toEqual([]);
    expect((await staff.get('/api/sites?label=star_est')).body.features).toEqual([]);
    expect((await staff.get('/api/sites?department=78&status=available')).body.numberMatched).toBe(2);
    const page = await staff.get('/api/sites?limit=1&offset=1');
    expect(page.body.features).toHaveLength(1);
    expect(page.body.numberMatched).toBe(2);
    const beyond = await staff.get('/api/sites?limit=1&offset=10');
    expect(beyond.body.features).toHaveLength(0);
    expect(beyond.body.numberMatched).toBe(2);
  });

  it('fetches a given set of sites by id (match results on the map) and compresses JSON', async () => {
    const r = await staff.fetch(`/api/sites?ids=${publishedId},${hiddenId}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(r.headers.get('content-encoding')).toBe('gzip');
    const body = (await r.json()) as any;
    expect(body.features.map((f: { id: string }) => f.id).sort()).toEqual([publishedId, hiddenId].sort());
    const anon = await app.anonymous.get(`/api/sites?ids=${publishedId},${hiddenId}`);
    expect(anon.body.features.map((f: { id: string }) => f.id)).toEqual([publishedId]);
  });

  it.each([
    ['ids=not-a-uuid', 'ids'],
    ['bbox=1,2,3', 'bbox'],
    ['bbox=10,50,5,40', 'bbox'],
    ['minAreaHa=-1', 'minAreaHa'],
    ['minAreaHa=10&maxAreaHa=5', 'minAreaHa'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['status=sold-out', 'status'],
    ['department=7A', 'department'],
    ['color=red', 'color'],
  ])('rejects the query %s with a 400 naming %s', async (qs, field) => {
    const { status, body } = await app.anonymous.get(`/api/sites?${qs}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details[0].field.startsWith(field)).toBe(true);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await app.anonymous.get('/api/sites/not-a-uuid')).status).toBe(400);
    expect((await app.anonymous.get('/api/sites/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  const bad: Array<[string, unknown, string]> = [
    [
      'a self-intersecting polygon',
      siteBody(
        {},
        {
          type: 'Polygon',
          coordinates: [
            [
              [1.74, 48.99],
              [1.75, 49.0],
              [1.75, 48.99],
              [1.74, 49.0],
              [1.74, 48.99],
            ],
          ],
        },
      ),
      'geometry',
    ],
    ['a point geometry', siteBody({}, { type: 'Point', coordinates: [1.74, 48.99] }), 'geometry'],
    [
      'an unclosed ring',
      siteBody(
        {},
        {
          type: 'Polygon',
          coordinates: [
            [
              [1.74, 48.99],
              [1.75, 48.99],
              [1.75, 49.0],
              [1.74, 49.0],
            ],
          ],
        },
      ),
      'geometry.coordinates.0',
    ],
    ['latitude out of range', siteBody({}, rect(1.74, 95)), 'geometry.coordinates.0.0'],
    ['a negative surface', siteBody({ availableAreaHa: -3 }), 'properties.availableAreaHa'],
    [
      'a negative grid hosting capacity',
      siteBody({ gridHostingCapacityMw: -5 }),
      'properties.gridHostingCapacityMw',
    ],
    [
      'an absurd grid hosting capacity (10 GW)',
      siteBody({ gridHostingCapacityMw: 10_000 }),
      'properties.gridHostingCapacityMw',
    ],
    [
      'an unknown connection study status',
      siteBody({ gridStudyStatus: 'maybe' }),
      'properties.gridStudyStatus',
    ],
    [
      'a PLU destination that is not a CNIG code',
      siteBody({ pluDestination: 'industry' }),
      'properties.pluDestination',
    ],
    ['an unknown status', siteBody({ status: 'reserved' }), 'properties.status'],
    ['an unknown field', siteBody({ colour: 'red' }), 'properties'],
    ['a missing name', siteBody({ name: undefined }), 'properties.name'],
    ['a bad INSEE code', siteBody({ communeInsee: '7833' }), 'properties.communeInsee'],
    ['a department that does not exist', siteBody({ communeInsee: '96001' }), 'properties.communeInsee'],
    ['not a Feature', { name: 'x' }, 'type'],
  ];
  it.each(bad)('rejects %s with a 400 naming the field and writes nothing', async (_what, body, field) => {
    const before: any = await app.db.knex('sites').count({ n: '*' }).first();
    const r = await admin.send('POST', '/api/sites', body);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field.startsWith(field)).toBe(true);
    const after: any = await app.db.knex('sites').count({ n: '*' }).first();
    expect(Number(after!.n)).toBe(Number(before!.n));
  });

  it('refuses invalid JSON and oversize bodies', async () => {
    const r = await admin.fetch('/api/sites', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as any).error.code).toBe('invalid_json');
    const huge = JSON.stringify({ type: 'Feature', properties: { name: 'x'.repeat(3_000_000) } });
    const r2 = await admin.fetch('/api/sites', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    expect(r2.status).toBe(413);
  });

  it('lets the territory editor change its site and records before/after in the audit log', async () => {
    const r = await editorGpso.send('PATCH', `/api/sites/${publishedId}`, {
      properties: { powerAvailableMw: 20, availableAreaHa: 0.8 },
    });
    expect(r.status).toBe(200);
    expect(r.body.properties.powerAvailableMw).toBe(20);
    const log = await app.db
      .knex('audit_log')
      .where({ entity: 'site', entity_id: publishedId, action: 'update' })
      .first();
    expect(log.before.properties.powerAvailableMw).toBe(12);
    expect(log.after.properties.powerAvailableMw).toBe(20);
    expect(log.user_id).toBeTruthy();
  });

  it('forbids an editor of another territory (403), staff (403) and anonymous callers (401)', async () => {
    expect(
      (await editorOther.send('PATCH', `/api/sites/${publishedId}`, { properties: { powerAvailableMw: 1 } }))
        .status,
    ).toBe(403);
    expect((await editorOther.send('DELETE', `/api/sites/${publishedId}`)).status).toBe(403);
    expect(
      (await staff.send('PATCH', `/api/sites/${publishedId}`, { properties: { powerAvailableMw: 1 } }))
        .status,
    ).toBe(403);
    expect((await app.anonymous.send('POST', '/api/sites', siteBody())).status).toBe(401);
    expect((await editorOther.send('POST', '/api/sites', siteBody())).status).toBe(403);
    const moved = await editorGpso.send('PATCH', `/api/sites/${publishedId}`, {
      properties: { territorySiren: '200058014' },
    });
    expect(moved.status).toBe(403);
    const site = await staff.get(`/api/sites/${publishedId}`);
    expect(site.body.properties.powerAvailableMw).toBe(20);
  });

  it('requires the CSRF header on session-authenticated writes', async () => {
    const r = await admin.fetch(`/api/sites/${publishedId}`, {
      method: 'PATCH',
      headers: { 'x-csrf-token': 'wrong' },
      json: { properties: { powerAvailableMw: 3 } },
    });
    expect(r.status).toBe(403);
  });

  it('recomputes the available area from a new polygon when it is cleared', async () => {
    const r = await admin.send('PATCH', `/api/sites/${publishedId}`, {
      properties: { availableAreaHa: null },
      geometry: rect(1.74, 48.99, 0.0028, 0.0009),
    });
    expect(r.status).toBe(200);
    expect(r.body.properties.availableAreaHa).toBeGreaterThan(1.9);
    expect(r.body.properties.areaHa).toBeCloseTo(r.body.properties.availableAreaHa, 6);
  });

  it('deletes as admin with an audit entry (staff then get 410, the public 404)', async () => {
    expect((await admin.send('DELETE', `/api/sites/${hiddenId}`)).status).toBe(204);
    expect((await staff.get(`/api/sites/${hiddenId}`)).status).toBe(410);
    expect((await app.anonymous.get(`/api/sites/${hiddenId}`)).status).toBe(404);
    const log = await app.db.knex('audit_log').where({ entity_id: hiddenId, action: 'delete' }).first();
    expect(log.before.properties.name).toBe('Réserve Épône non publiée');
  });
});
