/**
 * Imports with a review step (issue 12): preview (counts, lines, reasons, changes), cancel
 * (nothing changes), conflicts with hand edits since the last import (keep / incoming),
 * editors limited to their territories, the 400/403/404/409 paths, and one audit row per site
 * an import creates or changes (direct path included).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rect } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;
let otherAdmin: Client;

const GPSO = '200059889';
const OTHER = '200058519';
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (sourceId: string, props: Record<string, unknown> = {}, lon = 1.74) => ({
  type: 'Feature',
  properties: {
    source: 'review-test',
    sourceId,
    name: `Parcelle ${sourceId}`,
    communeInsee: '78335',
    territorySiren: GPSO,
    published: true,
    powerAvailableMw: 10,
    ...props,
  },
  geometry: rect(lon, 48.99),
});
const BASE = [feature('a'), feature('b', {}, 1.75), feature('o', { territorySiren: OTHER }, 1.76)];

async function preview(client: Client, body: string, format = 'sites-geojson') {
  const res = await client.fetch(`/api/imports/${format}/preview?name=review.geojson`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}
const commit = (client: Client, id: string, json: unknown = {}) =>
  client.send('POST', `/api/imports/previews/${id}/commit`, json);
const siteId = async (sourceId: string): Promise<string> =>
  String((await app.db.knex('sites').where({ source: 'review-test', source_id: sourceId }).first('id')).id);

/** Every row of the tables an import or a preview may touch. */
async function snapshot() {
  const out: Record<string, string> = {};
  for (const t of ['sites', 'site_access', 'audit_log', 'infrastructure']) {
    const r = await app.db.knex.raw(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${t} t`,
    );
    out[t] = `${r.rows[0].n}:${r.rows[0].h}`;
  }
  return out;
}

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.tokenClient('admin', { name: 'Alice Admin' });
  otherAdmin = await app.tokenClient('admin');
  const res = await admin.fetch('/api/import/sites-geojson?name=first.geojson', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: fc(BASE),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await app?.close();
});

describe(`import review (${engineName})`, () => {
  it('the direct import audits one row per created site, with its snapshot and request id', async () => {
    const rows = await app.db
      .knex('audit_log')
      .where({ entity: 'site', action: 'import' })
      .whereIn('entity_id', [await siteId('a'), await siteId('b'), await siteId('o')]);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.before).toBeNull();
      expect(r.after.properties.source).toBe('review-test');
      expect(r.request_id).toMatch(/[\w-]{8,}/);
      expect(r.user_id).not.toBeNull();
    }
  });

  it("a re-import's change shows in the site's history as an import entry, field by field", async () => {
    const id = await siteId('b');
    const res = await admin.fetch('/api/import/sites-geojson?name=second.geojson', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: fc([feature('b', { powerAvailableMw: 14 }, 1.75)]),
    });
    expect(res.status).toBe(200);
    const { status, body } = await admin.get(`/api/sites/${id}/history`);
    expect(status).toBe(200);
    const entry = body.entries.find(
      (e: { action: string; changes: unknown[] }) => e.action === 'import' && e.changes.length > 0,
    );
    expect(entry).toBeDefined();
    expect(entry.actor?.name).toBe('Alice Admin');
    expect(entry.changes).toContainEqual({ field: 'powerAvailableMw', before: 10, after: 14 });
    // Put back as it was for the tests that follow.
    await admin.fetch('/api/import/sites-geojson?name=third.geojson', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: fc([feature('b', {}, 1.75)]),
    });
  });

  it('a command-line import audits each site it writes, as `cli`', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lm-review-')), 'cli.geojson');
    fs.writeFileSync(file, fc([feature('cli-1', { territorySiren: OTHER }, 1.9)]));
    const report = await app.services.imports.run({ format: 'sites-geojson', file }, 'cli');
    expect(report).toMatchObject({ ok: true, inserted: 1 });
    const rows = await app.db
      .knex('audit_log')
      .where({ entity: 'site', entity_id: report.changedSiteIds[0] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'import', request_id: 'cli', user_id: null, before: null });
    expect(rows[0].after.properties.name).toBe('Parcelle cli-1');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('previews new, changed, unchanged and invalid rows with lines, reasons and changes', async () => {
    const file = fc([
      feature('a'),
      feature('b', { name: 'Parcelle B renommée' }, 1.75),
      feature('c', {}, 1.77),
      feature('d', { availableAreaHa: -3 }, 1.78),
      feature('c', {}, 1.79),
    ]);
    const before = await snapshot();
    const p = await preview(admin, file);
    expect(p.status).toBe(201);
    expect(p.body.counts).toEqual({ new: 1, changed: 1, unchanged: 1, invalid: 2, conflicts: 0 });
    const byLine = new Map(p.body.rows.map((r: { line: number }) => [r.line, r]));
    expect(byLine.get(1)).toMatchObject({ status: 'unchanged', siteId: await siteId('a') });
    expect(byLine.get(2)).toMatchObject({
      status: 'changed',
      changes: [{ field: 'name', before: 'Parcelle b', after: 'Parcelle B renommée' }],
    });
    expect(byLine.get(3)).toMatchObject({ status: 'new', name: 'Parcelle c' });
    expect(byLine.get(4)).toMatchObject({ status: 'invalid' });
    expect((byLine.get(4) as { reasons: string[] }).reasons[0]).toMatch(/availableAreaHa/);
    expect((byLine.get(5) as { reasons: string[] }).reasons[0]).toMatch(
      /duplicate source id 'c' \(already at line 3\)/,
    );
    expect(
      p.body.geojson.features.map((f: { properties: { status: string } }) => f.properties.status).sort(),
    ).toEqual(['changed', 'new']);
    // A preview writes nothing but itself.
    expect(await snapshot()).toEqual(before);
    await admin.send('DELETE', `/api/imports/previews/${p.body.id}`);
  });

  it('a cancelled import changes nothing, and the cancelled preview cannot be committed', async () => {
    const before = await snapshot();
    const p = await preview(admin, fc([feature('a', { name: 'Jamais' }), feature('z', {}, 1.8)]));
    expect(p.body.counts).toMatchObject({ new: 1, changed: 1 });
    const del = await admin.send('DELETE', `/api/imports/previews/${p.body.id}`);
    expect(del.status).toBe(204);
    expect(await snapshot()).toEqual(before);
    expect(await app.db.knex('import_previews').where('id', p.body.id).first()).toBeUndefined();
    expect((await commit(admin, p.body.id)).status).toBe(404);
  });

  it('reports a hand edit as a conflict; keep holds the hand value, the rest is applied and audited', async () => {
    const b = await siteId('b');
    const patched = await admin.send('PATCH', `/api/sites/${b}`, { properties: { powerAvailableMw: 33 } });
    expect(patched.status).toBe(200);
    const file = fc([feature('b', { name: 'Parcelle B v2', powerAvailableMw: 12 }, 1.75)]);
    const p = await preview(admin, file);
    expect(p.body.counts).toMatchObject({ changed: 1, conflicts: 1 });
    const row = p.body.rows[0];
    expect(row.changes).toEqual([{ field: 'name', before: 'Parcelle b', after: 'Parcelle B v2' }]);
    expect(row.conflicts).toHaveLength(1);
    expect(row.conflicts[0]).toMatchObject({ field: 'powerAvailableMw', current: 33, incoming: 12 });
    expect(row.conflicts[0].editedBy.name).toBe('Alice Admin');
    expect(Date.parse(row.conflicts[0].editedAt)).not.toBeNaN();

    // Unresolved: 400 naming the site and the field; nothing written.
    const before = await snapshot();
    const refused = await commit(admin, p.body.id);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(b);
    expect(refused.body.error.message).toContain('powerAvailableMw');
    expect(refused.body.error.details[0].field).toBe(`resolutions.${b}.powerAvailableMw`);
    expect(await snapshot()).toEqual(before);

    const done = await admin.fetch(`/api/imports/previews/${p.body.id}/commit`, {
      method: 'POST',
      json: { resolutions: { [b]: { powerAvailableMw: 'keep' } } },
    });
    expect(done.status).toBe(200);
    const report = await done.json();
    expect(report).toMatchObject({ ok: true, updated: 1, inserted: 0, changedSiteIds: [b] });
    expect(await powerOf(b)).toBe(33);
    expect(await nameOf(b)).toBe('Parcelle B v2');

    const audit = await app.db
      .knex('audit_log')
      .where({ entity: 'site', entity_id: b, action: 'import' })
      .orderBy('id', 'desc')
      .first();
    expect(audit.request_id).toBe(done.headers.get('x-request-id'));
    expect(audit.before.properties).toMatchObject({ name: 'Parcelle b', powerAvailableMw: 33 });
    expect(audit.after.properties).toMatchObject({ name: 'Parcelle B v2', powerAvailableMw: 33 });

    // Committing twice: 409. The next import of the same file asks again (the hand value stays hand-edited).
    expect((await commit(admin, p.body.id)).status).toBe(409);
    const again = await preview(admin, file);
    expect(again.body.counts).toMatchObject({ changed: 1, conflicts: 1 });
    // Taking the file's value this time.
    const taken = await commit(admin, again.body.id, {
      resolutions: { [b]: { powerAvailableMw: 'incoming' } },
    });
    expect(taken.status).toBe(200);
    expect(await powerOf(b)).toBe(12);
    // Now current = baseline: a re-import is unchanged and conflict-free.
    const calm = await preview(admin, file);
    expect(calm.body.counts).toMatchObject({ changed: 0, unchanged: 1, conflicts: 0 });
  });

  it('preview ids: unknown 404, malformed 400, another user 403, expired 404', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await commit(admin, unknown)).status).toBe(404);
    expect((await admin.send('DELETE', `/api/imports/previews/${unknown}`)).status).toBe(404);
    expect((await commit(admin, 'nope')).status).toBe(400);
    const p = await preview(admin, fc([feature('a', { name: 'Autre' })]));
    const foreign = await commit(otherAdmin, p.body.id);
    expect(foreign.status).toBe(403);
    expect((await otherAdmin.send('DELETE', `/api/imports/previews/${p.body.id}`)).status).toBe(403);
    const bad = await commit(admin, p.body.id, { resolutions: { x: { name: 'maybe' } } });
    expect(bad.status).toBe(400);
    await app.db
      .knex('import_previews')
      .where('id', p.body.id)
      .update({ expires_at: app.db.knex.raw("now() - interval '1 minute'") });
    expect((await commit(admin, p.body.id)).status).toBe(404);
    expect(await nameOf(await siteId('a'))).toBe('Parcelle a');
  });

  it('refuses bad uploads with a 4xx naming the problem', async () => {
    expect((await preview(admin, '{"type":"FeatureCollection","features":[', 'sites-geojson')).status).toBe(
      400,
    );
    const wrong = await preview(admin, 'x', 'wpi');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/format/);
    const staff = await app.tokenClient('staff');
    expect((await preview(staff, fc([feature('a')]))).status).toBe(403);
  });

  it('editors review rows of their territories only; the others are invalid with the reason', async () => {
    const editor = await app.tokenClient('editor', { territories: [GPSO] });
    const file = fc([
      feature('a', { name: 'Parcelle a (éditeur)' }),
      feature('o', { name: 'Pas chez moi' }, 1.76),
      feature('n', { territorySiren: OTHER }, 1.81),
      feature('m', { territorySiren: null }, 1.82),
    ]);
    const p = await preview(editor, file);
    expect(p.status).toBe(201);
    expect(p.body.counts).toMatchObject({ changed: 1, invalid: 3 });
    const reasons = p.body.rows
      .filter((r: { status: string }) => r.status === 'invalid')
      .map((r: { reasons: string[] }) => r.reasons[0]);
    expect(reasons[0]).toMatch(new RegExp(`belongs to territory ${OTHER}, not one of yours \\(${GPSO}\\)`));
    expect(reasons[1]).toMatch(new RegExp(`territorySiren ${OTHER} is not one of your territories`));
    expect(reasons[2]).toMatch(/territorySiren is required/);
    const done = await commit(editor, p.body.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ updated: 1, inserted: 0, invalidCount: 3 });
    expect(await nameOf(await siteId('a'))).toBe('Parcelle a (éditeur)');
    expect(await nameOf(await siteId('o'))).toBe('Parcelle o');
  });
});

async function nameOf(id: string): Promise<string> {
  return (await app.db.knex('sites').where('id', id).first('site_nom')).site_nom;
}
async function powerOf(id: string): Promise<number> {
  const r = await admin.get(`/api/sites/${id}`);
  return r.body.properties.powerAvailableMw;
}
