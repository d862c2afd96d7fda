/**
 * Issue 12 on sites: ETag/If-Match/412, soft delete and restore with the same id, the deleted
 * list, 410 for staff, and the history derived from the audit log. Real database, both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;
let editor: Client;
let editorOther: Client;
let staff: Client;

const GPSO = '200059889';
const withIfMatch = (c: Client, method: string, path: string, ifMatch: string, json?: unknown) =>
  c.fetch(path, { method, json, headers: { 'if-match': ifMatch } }).then(async (res) => ({
    status: res.status,
    res,
    body: await res.text().then((t) => (t ? JSON.parse(t) : undefined)),
  }));

function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  };
}

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.login('admin', { name: 'Alice Admin' });
  editor = await app.login('editor', { territories: [GPSO], name: 'Eddie Editor' });
  editorOther = await app.tokenClient('editor', { territories: ['200058014'] });
  staff = await app.login('staff', { territories: [GPSO], name: 'Sam Staff' });
});
afterAll(async () => {
  await app?.close();
});

describe(`site versions, If-Match and 412 (${engineName})`, () => {
  let id: string;

  it('answers the version as a strong ETag on create, read and write', async () => {
    const created = await editor.send('POST', '/api/sites', siteBody({ name: 'Versionnée' }));
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.res.headers.get('etag')).toBe('"1"');
    expect(created.body.properties.version).toBe(1);
    expect(created.body.properties.updatedBy).toMatchObject({ name: 'Eddie Editor' });
    const read = await app.anonymous.get(`/api/sites/${id}`);
    expect(read.res.headers.get('etag')).toBe('"1"');
    // Never a 304 from the version: the body's access distances can change without a new version.
    const revalidated = await app.anonymous.fetch(`/api/sites/${id}`, {
      headers: { 'if-none-match': '"1"' },
    });
    expect(revalidated.status).toBe(200);
    expect(read.body.properties.version).toBe(1);
    expect(read.body.properties).not.toHaveProperty('updatedBy');
    const patched = await withIfMatch(editor, 'PATCH', `/api/sites/${id}`, '"1"', {
      properties: { powerAvailableMw: 20 },
    });
    expect(patched.status).toBe(200);
    expect(patched.res.headers.get('etag')).toBe('"2"');
    expect(patched.body.properties.version).toBe(2);
  });

  it('refuses a stale If-Match with 412 naming who changed it, and changes nothing', async () => {
    const stale = await withIfMatch(admin, 'PATCH', `/api/sites/${id}`, '"1"', {
      properties: { powerAvailableMw: 99 },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(stale.body.error.message).toMatch(/modified by Eddie Editor at .+ \(version 2; you sent 1\)/);
    expect(stale.body.error.details.current).toMatchObject({
      version: 2,
      updatedBy: { name: 'Eddie Editor' },
    });
    expect((await admin.get(`/api/sites/${id}`)).body.properties.powerAvailableMw).toBe(20);
    const del = await withIfMatch(admin, 'DELETE', `/api/sites/${id}`, '"1"');
    expect(del.status).toBe(412);
    expect((await admin.get(`/api/sites/${id}`)).status).toBe(200);
  });

  it('lets writes without If-Match (or with *) through and refuses a malformed one with 400', async () => {
    const free = await admin.send('PATCH', `/api/sites/${id}`, { properties: { powerAvailableMw: 21 } });
    expect(free.status).toBe(200);
    expect(free.res.headers.get('etag')).toBe('"3"');
    expect((await withIfMatch(admin, 'PATCH', `/api/sites/${id}`, '*', { properties: {} })).status).toBe(200);
    for (const bad of ['3', 'W/"4"', '"abc"', '"4", "5"']) {
      const r = await withIfMatch(admin, 'PATCH', `/api/sites/${id}`, bad, { properties: {} });
      expect(r.status, bad).toBe(400);
      expect(r.body.error.details[0].field).toBe('If-Match');
    }
  });

  it('lets exactly one of two concurrent writers with the same If-Match win', async () => {
    const v = Number((await admin.get(`/api/sites/${id}`)).res.headers.get('etag')!.replaceAll('"', ''));
    const tag = `"${v}"`;
    const [a, b] = await Promise.all([
      withIfMatch(admin, 'PATCH', `/api/sites/${id}`, tag, { properties: { powerAvailableMw: 30 } }),
      withIfMatch(editor, 'PATCH', `/api/sites/${id}`, tag, { properties: { powerAvailableMw: 31 } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? 30 : 31;
    const now = await admin.get(`/api/sites/${id}`);
    expect(now.body.properties.powerAvailableMw).toBe(winner);
    expect(now.body.properties.version).toBe(v + 1);
  });

  it('checks the territory before the version (403, not 412, for an editor elsewhere)', async () => {
    const r = await withIfMatch(editorOther, 'PATCH', `/api/sites/${id}`, '"1"', { properties: {} });
    expect(r.status).toBe(403);
  });
});

describe(`soft delete, restore and history (${engineName})`, () => {
  let id: string;
  let projectId: string;
  const lon = 1.7;
  const lat = 48.97;

  it('deletes a site out of every read but keeps its id for a restore', async () => {
    const created = await admin.send(
      'POST',
      '/api/sites',
      siteBody({ name: 'Supprimable', ownerName: 'Propriétaire secret' }, rect(lon, lat)),
    );
    id = created.body.id;
    const p = await staff.send('POST', '/api/projects', { name: 'Projet restauration', sector: 'other' });
    projectId = p.body.id;
    expect(
      (await staff.send('PUT', `/api/projects/${projectId}/shortlist`, { items: [{ siteId: id }] })).status,
    ).toBe(200);
    const t = tileOf(lon + 0.0007, lat + 0.00045, 14);
    const tile = `${app.url}/tiles/sites/14/${t.x}/${t.y}.mvt`;
    // Cached before the delete: the delete must invalidate the tile cache (data_versions).
    expect((await fetch(tile)).status).toBe(200);
    const v = created.res.headers.get('etag')!;
    expect((await withIfMatch(editor, 'DELETE', `/api/sites/${id}`, v)).status).toBe(204);

    expect((await app.anonymous.get(`/api/sites/${id}`)).status).toBe(404);
    const gone = await staff.get(`/api/sites/${id}`);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('site_deleted');
    expect(gone.body.error.details.deletedBy).toMatchObject({ name: 'Eddie Editor' });
    expect(Date.parse(gone.body.error.details.deletedAt)).not.toBeNaN();
    expect((await editor.send('PATCH', `/api/sites/${id}`, { properties: {} })).status).toBe(410);

    const list = await admin.get('/api/sites?limit=1000');
    expect(list.body.features.map((f: { id: string }) => f.id)).not.toContain(id);
    const ogc = await app.anonymous.get('/ogc/collections/sites/items?f=json&limit=1000');
    expect(ogc.body.features.map((f: { id: string }) => f.id)).not.toContain(id);
    expect((await fetch(tile)).status).toBe(204);
    const facts = await app.db.knex('site_match').where('site_id', id);
    expect(facts).toEqual([]);
    const match = await staff.send('POST', '/api/match', { needs: { surfaceHa: { min: 0.5 } }, limit: 50 });
    expect(match.status).toBe(200);
    const matched = [...match.body.results, ...match.body.nearMisses].map(
      (r: { siteId: string }) => r.siteId,
    );
    expect(matched).not.toContain(id);
    const shortlist = await staff.get(`/api/projects/${projectId}/shortlist`);
    expect(shortlist.body.items[0]).toMatchObject({ siteId: id, siteDeleted: true, site: null });
  });

  it('lists deleted sites to staff, editors only for their territories', async () => {
    const forStaff = await staff.get('/api/sites/deleted');
    expect(forStaff.status).toBe(200);
    expect(forStaff.body.features).toContainEqual(
      expect.objectContaining({ id, name: 'Supprimable', territorySiren: GPSO, communeInsee: '78335' }),
    );
    expect((await editorOther.get('/api/sites/deleted')).body.features).toEqual([]);
    expect((await app.anonymous.get('/api/sites/deleted')).status).toBe(401);
  });

  it('refuses restores by an editor elsewhere (403), of a live site (409), of an unknown id (404)', async () => {
    expect((await editorOther.send('POST', `/api/sites/${id}/restore`)).status).toBe(403);
    expect((await staff.send('POST', `/api/sites/${id}/restore`)).status).toBe(403);
    const live = await admin.send('POST', '/api/sites', siteBody({ name: 'Vivante' }, rect(1.72, 48.96)));
    const notDeleted = await admin.send('POST', `/api/sites/${live.body.id}/restore`);
    expect(notDeleted.status).toBe(409);
    expect(notDeleted.body.error.message).toMatch(/not deleted/);
    expect((await admin.send('POST', '/api/sites/00000000-0000-4000-8000-000000000001/restore')).status).toBe(
      404,
    );
    expect((await admin.send('POST', '/api/sites/nope/restore')).status).toBe(400);
  });

  it('restores with the same id: back in reads, tiles, match and the shortlist', async () => {
    const r = await editor.send('POST', `/api/sites/${id}/restore`);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(id);
    expect(r.body.properties.ownerName).toBe('Propriétaire secret');
    expect(r.body.properties.version).toBe(2);
    expect(r.res.headers.get('etag')).toBe('"2"');
    expect((await staff.get(`/api/sites/${id}`)).status).toBe(200);
    const geometry = (await admin.get(`/api/sites/${id}`)).body.geometry;
    expect(geometry.coordinates[0][0][0]).toEqual([lon, lat]);
    const t = tileOf(lon + 0.0007, lat + 0.00045, 14);
    expect((await fetch(`${app.url}/tiles/sites/14/${t.x}/${t.y}.mvt`)).status).toBe(200);
    expect(await app.db.knex('site_match').where('site_id', id)).toHaveLength(1);
    const shortlist = await staff.get(`/api/projects/${projectId}/shortlist`);
    expect(shortlist.body.items[0]).toMatchObject({ siteId: id, siteDeleted: false });
    expect(
      (await staff.get('/api/sites/deleted')).body.features.map((f: { id: string }) => f.id),
    ).not.toContain(id);
    expect((await admin.send('POST', `/api/sites/${id}/restore`)).status).toBe(409);
  });

  it('tells the history, newest first, with who, what and before → after', async () => {
    await admin.send('PATCH', `/api/sites/${id}`, {
      properties: { name: 'Renommée', ownerName: 'Nouveau propriétaire' },
      geometry: rect(lon, lat, 0.0028),
    });
    const h = await staff.get(`/api/sites/${id}/history`);
    expect(h.status).toBe(200);
    expect(h.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'update',
      'restore',
      'delete',
      'create',
    ]);
    const [update, restore, del, create] = h.body.entries;
    expect(update.actor).toMatchObject({ name: 'Alice Admin' });
    expect(update.changes).toContainEqual({ field: 'name', before: 'Supprimable', after: 'Renommée' });
    expect(update.changes).toContainEqual({
      field: 'ownerName',
      before: 'Propriétaire secret',
      after: 'Nouveau propriétaire',
    });
    const geom = update.changes.find((c: { field: string }) => c.field === 'geometry');
    expect(geom.before.areaHa).toBeCloseTo(1.02, 1);
    expect(geom.after.areaHa).toBeCloseTo(2.04, 1);
    expect(JSON.stringify(update.changes)).not.toContain('coordinates');
    expect(update.changes.map((c: { field: string }) => c.field)).not.toContain('version');
    expect(restore).toMatchObject({ actor: { name: 'Eddie Editor' }, changes: [] });
    expect(del.actor).toMatchObject({ name: 'Eddie Editor' });
    expect(create.changes).toContainEqual({ field: 'name', before: null, after: 'Supprimable' });
    expect(typeof create.requestId).toBe('string');
    expect((await app.anonymous.get(`/api/sites/${id}/history`)).status).toBe(401);
    expect((await staff.get('/api/sites/00000000-0000-4000-8000-000000000001/history')).status).toBe(404);
  });

  it('keeps confidential changes of an unpublished site from staff outside its territory', async () => {
    const c = await admin.send(
      'POST',
      '/api/sites',
      siteBody({ name: 'Cachée', published: false, ownerName: 'A' }, rect(1.73, 48.95)),
    );
    await admin.send('PATCH', `/api/sites/${c.body.id}`, {
      properties: { ownerName: 'B', powerAvailableMw: 5 },
    });
    const outsider = await app.login('staff', { territories: ['200058014'] });
    const h = await outsider.get(`/api/sites/${c.body.id}/history`);
    const fields = h.body.entries[0].changes.map((x: { field: string }) => x.field);
    expect(fields).toContain('powerAvailableMw');
    expect(fields).not.toContain('ownerName');
    const insider = await staff.get(`/api/sites/${c.body.id}/history`);
    expect(insider.body.entries[0].changes.map((x: { field: string }) => x.field)).toContain('ownerName');
  });
});
