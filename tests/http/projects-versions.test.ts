/**
 * Issue 12 on projects and shortlists: ETag/If-Match/412 (project and shortlist versions kept
 * apart), item-level shortlist operations by two staff members interleaved, soft delete and
 * restore of a project with its shortlist. Real database, both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let ann: Client;
let bob: Client;
let outsider: Client;
const sites: string[] = [];

const GPSO = '200059889';
const withIfMatch = (c: Client, method: string, path: string, ifMatch: string, json?: unknown) =>
  c.fetch(path, { method, json, headers: { 'if-match': ifMatch } }).then(async (res) => ({
    status: res.status,
    res,
    body: await res.text().then((t) => (t ? JSON.parse(t) : undefined)),
  }));
const order = (body: { items: Array<{ siteId: string; rank: number }> }) =>
  body.items.map((i) => sites.indexOf(i.siteId));

beforeAll(async () => {
  app = await startTestApp('empty');
  const admin = await app.login('admin');
  ann = await app.login('staff', { territories: [GPSO], name: 'Ann Staff' });
  bob = await app.tokenClient('staff', { territories: [GPSO], name: 'Bob Staff' });
  outsider = await app.login('staff', { territories: ['200058014'] });
  for (let i = 0; i < 4; i++) {
    const r = await admin.send(
      'POST',
      '/api/sites',
      siteBody({ name: `Site ${i}` }, rect(1.7 + i * 0.01, 48.97)),
    );
    sites.push(r.body.id);
  }
});
afterAll(async () => {
  await app?.close();
});

describe(`project versions (${engineName})`, () => {
  it('answers ETags, refuses a stale If-Match with 412 and lets one of two concurrent writers win', async () => {
    const created = await ann.send('POST', '/api/projects', { name: 'Versionné', sector: 'other' });
    expect(created.res.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ version: 1, shortlistVersion: 1, updatedBy: { name: 'Ann Staff' } });
    const id = created.body.id;
    const path = `/api/projects/${id}`;
    expect((await bob.get(path)).res.headers.get('etag')).toBe('"1"');
    const ok = await withIfMatch(bob, 'PATCH', path, '"1"', { notes: 'Bob' });
    expect(ok.status).toBe(200);
    expect(ok.res.headers.get('etag')).toBe('"2"');
    const stale = await withIfMatch(ann, 'PATCH', path, '"1"', { notes: 'Ann' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(stale.body.error.message).toMatch(
      /This project was modified by Bob Staff at .+ \(version 2; you sent 1\)/,
    );
    expect(stale.body.error.details.current).toMatchObject({ version: 2, updatedBy: { name: 'Bob Staff' } });
    expect((await ann.get(path)).body.notes).toBe('Bob');
    expect((await withIfMatch(ann, 'PATCH', path, 'two', { notes: 'x' })).status).toBe(400);
    expect((await withIfMatch(outsider, 'PATCH', path, '"1"', { notes: 'x' })).status).toBe(403);
    const [a, b] = await Promise.all([
      withIfMatch(ann, 'PATCH', path, '"2"', { jobs: 1 }),
      withIfMatch(bob, 'PATCH', path, '"2"', { jobs: 2 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    expect((await ann.get(path)).body.version).toBe(3);
    expect((await withIfMatch(ann, 'DELETE', path, '"2"')).status).toBe(412);
  });

  it('versions the shortlist apart from the project', async () => {
    const p = (await ann.send('POST', '/api/projects', { name: 'Liste', sector: 'other' })).body;
    const sl = `/api/projects/${p.id}/shortlist`;
    const first = await ann.get(sl);
    expect(first.res.headers.get('etag')).toBe('"1"');
    const put = await withIfMatch(ann, 'PUT', sl, '"1"', { items: [{ siteId: sites[0] }] });
    expect(put.status).toBe(200);
    expect(put.res.headers.get('etag')).toBe('"2"');
    expect(put.body.version).toBe(2);
    const stale = await withIfMatch(bob, 'PUT', sl, '"1"', { items: [] });
    expect(stale.status).toBe(412);
    expect(stale.body.error.message).toMatch(/This shortlist was modified by Ann Staff/);
    // The project's own version did not move: editing its notes does not conflict.
    expect((await withIfMatch(bob, 'PATCH', `/api/projects/${p.id}`, '"1"', { notes: 'n' })).status).toBe(
      200,
    );
  });
});

describe(`shortlist item operations (${engineName})`, () => {
  let id: string;
  let items: string;

  it('adds, moves, re-notes and removes single items, two staff members interleaved', async () => {
    id = (await ann.send('POST', '/api/projects', { name: 'À deux', sector: 'other' })).body.id;
    items = `/api/projects/${id}/shortlist/items`;
    const a0 = await ann.send('POST', items, { siteId: sites[0], note: 'Ann' });
    expect(a0.status).toBe(201);
    expect(a0.res.headers.get('etag')).toBe('"2"');
    const b1 = await bob.send('POST', items, { siteId: sites[1], score: 0.8, scoreKind: 'weighted_sum' });
    expect(b1.status).toBe(201);
    expect(order(b1.body)).toEqual([0, 1]);
    expect(b1.body.items[1]).toMatchObject({ score: 0.8, note: null });
    const a2 = await ann.send('POST', items, { siteId: sites[2], position: 1 });
    expect(order(a2.body)).toEqual([2, 0, 1]);
    expect(a2.body.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3]);
    const moved = await bob.send('PATCH', `${items}/${sites[1]}`, { position: 1, note: 'Bob first' });
    expect(moved.status).toBe(200);
    expect(order(moved.body)).toEqual([1, 2, 0]);
    expect(moved.body.items[0].note).toBe('Bob first');
    expect(moved.body.items[2].note).toBe('Ann');
    const renoted = await ann.send('PATCH', `${items}/${sites[0]}`, { note: null });
    expect(renoted.body.items[2].note).toBeNull();
    const removed = await bob.send('DELETE', `${items}/${sites[2]}`);
    expect(removed.status).toBe(200);
    expect(order(removed.body)).toEqual([1, 0]);
    expect(removed.body.version).toBe(7);
    const audit = await app.db.knex('audit_log').where({ entity: 'shortlist', entity_id: id }).orderBy('id');
    expect(audit).toHaveLength(6);
  });

  it('keeps both of two concurrent additions (no lost update)', async () => {
    const [x, y] = await Promise.all([
      ann.send('POST', items, { siteId: sites[2] }),
      bob.send('POST', items, { siteId: sites[3] }),
    ]);
    expect([x.status, y.status]).toEqual([201, 201]);
    const now = await ann.get(`/api/projects/${id}/shortlist`);
    expect(order(now.body).sort()).toEqual([0, 1, 2, 3]);
  });

  it('answers 409 for a site already listed, 404 for one not listed, 400 for bad input, 403 outside', async () => {
    const dup = await bob.send('POST', items, { siteId: sites[0] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/already in this shortlist/);
    const absent = '00000000-0000-4000-8000-000000000001';
    expect((await ann.send('PATCH', `${items}/${absent}`, { note: 'x' })).status).toBe(404);
    expect((await ann.send('DELETE', `${items}/${absent}`)).status).toBe(404);
    const unknownSite = await ann.send('POST', items, { siteId: absent });
    expect(unknownSite.status).toBe(400);
    expect(unknownSite.body.error.details[0].field).toBe('siteId');
    const badPos = await ann.send('PATCH', `${items}/${sites[0]}`, { position: 0 });
    expect(badPos.status).toBe(400);
    expect(badPos.body.error.details[0].field).toBe('position');
    expect((await ann.send('PATCH', `${items}/${sites[0]}`, { rank: 2 })).status).toBe(400);
    expect((await ann.send('DELETE', `${items}/not-a-uuid`)).status).toBe(400);
    expect((await outsider.send('POST', items, { siteId: sites[0] })).status).toBe(403);
  });
});

describe(`project soft delete and restore (${engineName})`, () => {
  it('hides a deleted project from lists and reads, then restores it with its shortlist', async () => {
    const p = (await ann.send('POST', '/api/projects', { name: 'Restaurable', sector: 'other' })).body;
    await ann.send('POST', `/api/projects/${p.id}/shortlist/items`, { siteId: sites[1], note: 'gardé' });
    expect((await withIfMatch(bob, 'DELETE', `/api/projects/${p.id}`, '"1"')).status).toBe(204);
    const list = await ann.get('/api/projects?limit=100');
    expect(list.body.projects.map((x: { id: string }) => x.id)).not.toContain(p.id);
    const gone = await ann.get(`/api/projects/${p.id}`);
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('project_deleted');
    expect((await ann.get(`/api/projects/${p.id}/shortlist`)).status).toBe(410);
    expect((await outsider.send('POST', `/api/projects/${p.id}/restore`)).status).toBe(403);
    const restored = await ann.send('POST', `/api/projects/${p.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: p.id, version: 3, deletedAt: null });
    expect(restored.res.headers.get('etag')).toBe('"3"');
    const sl = await bob.get(`/api/projects/${p.id}/shortlist`);
    expect(sl.body.items).toEqual([
      expect.objectContaining({ siteId: sites[1], note: 'gardé', siteDeleted: false }),
    ]);
    expect((await ann.send('POST', `/api/projects/${p.id}/restore`)).status).toBe(409);
    expect(
      (await ann.send('POST', '/api/projects/00000000-0000-4000-8000-000000000001/restore')).status,
    ).toBe(404);
    const actions = await app.db
      .knex('audit_log')
      .where({ entity: 'project', entity_id: p.id })
      .pluck('action');
    expect(actions).toEqual(['create', 'delete', 'restore']);
  });
});
