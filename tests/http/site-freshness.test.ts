/**
 * Issue 12: cadastral parcels (validated like DGFiP identifiers, 2A/2B included) and the
 * freshness of decisive facts (a write dates the groups it changes; the editors' "to refresh"
 * list, its threshold, territory filter and order by shortlists + matches).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthsBefore } from '../../api/src/modules/sites/freshness/freshness.service.ts';
import { isoToday } from '../../api/src/modules/sites/site.freshness.ts';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;
let editor: Client;
let staff: Client;
const today = isoToday();

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.login('admin');
  editor = await app.login('editor', { territories: ['200059889'] });
  staff = await app.login('staff', { territories: ['200059889'] });
});
afterAll(async () => {
  await app?.close();
});

const create = async (props: Record<string, unknown>, lon: number) => {
  const r = await admin.send('POST', '/api/sites', siteBody(props, rect(lon, 48.99)));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

describe(`site parcels (${engineName})`, () => {
  it('stores parcels given as objects or identifiers, normalised (section and number padded)', async () => {
    const site = await create(
      {
        parcels: [
          { commune: '78335', prefixe: '000', section: 'AB', numero: '0123' },
          { commune: '78335', section: 'c', numero: '45' },
          '2A004000AB0012',
          { commune: '2B033', prefixe: '000', section: '0A', numero: '0001' },
        ],
      },
      1.7,
    );
    expect(site.properties.parcels).toEqual([
      { commune: '78335', prefixe: '000', section: 'AB', numero: '0123' },
      { commune: '78335', prefixe: '000', section: '0C', numero: '0045' },
      { commune: '2A004', prefixe: '000', section: 'AB', numero: '0012' },
      { commune: '2B033', prefixe: '000', section: '0A', numero: '0001' },
    ]);
    const read = await app.anonymous.get(`/api/sites/${site.id}`);
    expect(read.body.properties.parcels).toHaveLength(4);
    const cleared = await admin.send('PATCH', `/api/sites/${site.id}`, { properties: { parcels: null } });
    expect(cleared.body.properties.parcels).toBeNull();
  });

  it.each([
    [
      { commune: '7833', prefixe: '000', section: 'AB', numero: '0123' },
      'parcels.0.commune',
      /5-character INSEE/,
    ],
    [{ commune: '2C004', prefixe: '000', section: 'AB', numero: '0123' }, 'parcels.0.commune', /2A\/2B/],
    [{ commune: '78335', prefixe: '00', section: 'AB', numero: '0123' }, 'parcels.0.prefixe', /3 digits/],
    [
      { commune: '78335', prefixe: '000', section: 'A1', numero: '0123' },
      'parcels.0.section',
      /ending with a letter/,
    ],
    [
      { commune: '78335', prefixe: '000', section: 'ABC', numero: '0123' },
      'parcels.0.section',
      /1–2 characters/,
    ],
    [{ commune: '78335', prefixe: '000', section: 'AB', numero: '12345' }, 'parcels.0.numero', /1–4 digits/],
    [{ commune: '78335', prefixe: '000', section: 'AB', numero: '0000' }, 'parcels.0.numero', /0000/],
    [{ commune: '78335', section: 'AB', numero: '1', lot: 3 }, 'parcels.0.lot', /unknown field\(s\): lot/],
    ['78335000AB012', 'parcels.0', /14-character identifier/],
  ])('refuses parcel %j naming %s', async (parcel, field, message) => {
    const r = await admin.send('POST', '/api/sites', siteBody({ parcels: [parcel] }, rect(1.75, 48.99)));
    expect(r.status).toBe(400);
    const detail = r.body.error.details.find((d: { field: string }) => d.field === `properties.${field}`);
    expect(detail, JSON.stringify(r.body.error.details)).toBeDefined();
    expect(detail.message).toMatch(message);
  });
});

describe(`fact freshness (${engineName})`, () => {
  let fresh: { id: string };
  let old: { id: string };
  let undated: { id: string };
  const fourteenMonthsAgo = monthsBefore(today, 14);

  it('dates the groups a create sets, and a PATCH the groups it changes (unless it gives a date)', async () => {
    fresh = await create({ name: 'Frais', priceEurM2: 40 }, 1.72);
    // siteBody sets power (powerAvailableMw) and price (negotiatedPriceEurM2).
    expect((fresh as any).properties.factsAsOf).toEqual({ power: today, price: today, availability: today });
    const same = await admin.send('PATCH', `/api/sites/${fresh.id}`, {
      properties: { powerAvailableMw: 12, factsAsOf: { power: '2025-01-15' } },
    });
    expect(same.body.properties.factsAsOf).toEqual({
      power: '2025-01-15',
      price: today,
      availability: today,
    });
    // The same value again is not a change: the date stays.
    const unchanged = await admin.send('PATCH', `/api/sites/${fresh.id}`, {
      properties: { powerAvailableMw: 12 },
    });
    expect(unchanged.body.properties.factsAsOf.power).toBe('2025-01-15');
    const changed = await editor.send('PATCH', `/api/sites/${fresh.id}`, {
      properties: { powerAvailableMw: 20, ppriZone: 'none' },
    });
    expect(changed.body.properties.factsAsOf).toEqual({
      power: today,
      price: today,
      availability: today,
      risks: today,
    });
    const bad = await admin.send('PATCH', `/api/sites/${fresh.id}`, {
      properties: { factsAsOf: { power: '2025-13-01', weather: '2025-01-01' } },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['properties.factsAsOf.power']));
  });

  it('lists editors the sites of their territories with old or undated facts, most shortlisted first', async () => {
    old = await create({ name: 'Ancien', factsAsOf: { power: fourteenMonthsAgo, price: today } }, 1.73);
    undated = await create({ name: 'Sans date', negotiatedPriceEurM2: null, powerAvailableMw: null }, 1.74);
    await app.db
      .knex('sites')
      .where('id', undated.id)
      .update({ facts_as_of: JSON.stringify({ availability: today }), ppri_zone: 'blue' });
    await create(
      {
        name: 'Ailleurs',
        territorySiren: '200058014',
        factsAsOf: { power: fourteenMonthsAgo, price: today },
      },
      1.76,
    );
    // Shortlists: "Sans date" in two projects (one added from a match result), "Ancien" in one.
    const projects = await app.db
      .knex('projects')
      .insert([
        { name: 'P1', sector: 'other' },
        { name: 'P2', sector: 'other' },
      ])
      .returning('id');
    await app.db.knex('shortlist_items').insert([
      {
        project_id: projects[0].id,
        site_id: undated.id,
        rank: 1,
        snapshot: JSON.stringify({ source: 'match' }),
      },
      {
        project_id: projects[1].id,
        site_id: undated.id,
        rank: 1,
        snapshot: JSON.stringify({ source: 'none' }),
      },
      { project_id: projects[1].id, site_id: old.id, rank: 2, snapshot: JSON.stringify({ source: 'none' }) },
    ]);

    const { status, body } = await editor.get('/api/sites/to-refresh');
    expect(status).toBe(200);
    expect(body.months).toBe(12);
    expect(body.features.map((f: { name: string }) => f.name)).toEqual(['Sans date', 'Ancien']);
    const [u, o] = body.features;
    expect(u).toMatchObject({ shortlistCount: 2, matchCount: 1 });
    expect(u.stale).toEqual([{ group: 'risks', asOf: null, ageMonths: null }]);
    expect(o).toMatchObject({ shortlistCount: 1, matchCount: 0 });
    expect(o.stale).toEqual([{ group: 'power', asOf: fourteenMonthsAgo, ageMonths: 14 }]);

    const all = await admin.get('/api/sites/to-refresh');
    expect(all.body.features.map((f: { name: string }) => f.name)).toEqual([
      'Sans date',
      'Ancien',
      'Ailleurs',
    ]);
  });

  it('takes the threshold from ?months and refuses a bad one; staff have no list', async () => {
    const wide = await editor.get('/api/sites/to-refresh?months=15');
    expect(wide.body.months).toBe(15);
    expect(wide.body.features.map((f: { name: string }) => f.name)).toEqual(['Sans date']);
    const bad = await editor.get('/api/sites/to-refresh?months=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('months');
    expect((await staff.get('/api/sites/to-refresh')).status).toBe(403);
    expect((await app.anonymous.get('/api/sites/to-refresh')).status).toBe(401);
  });
});
