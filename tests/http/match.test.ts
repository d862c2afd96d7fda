import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

const TEMPLATES = JSON.parse(
  fs.readFileSync(path.join(projectRoot, 'geodata/templates/project-templates.json'), 'utf8'),
).templates as Array<{ id: string; needs: any }>;

let app: TestApp;
let staff: Client;

beforeAll(async () => {
  app = await startTestApp('demo');
  staff = await app.login('staff');
});
afterAll(async () => {
  await app?.close();
});

const DIST_KIND: Record<string, string> = {
  motorway: 'motorway_access',
  railFreight: 'rail_freight',
  port: 'port',
  airport: 'airport',
};

/** Words of the engine's French explanations that have no place in an English answer. */
const FRENCH_WORDS = [
  ' demandés',
  ' demandée',
  ' disponibles',
  'à confirmer',
  ' mois',
  'raccordement',
  ' pondérée',
];

/** Each explanation of a match answer: the text shown, and its French and English versions. */
function englishTexts(body: any): Array<{ shown: string; fr: string; en: string }> {
  const out: Array<{ shown: string; fr: string; en: string }> = [];
  for (const r of body.results) {
    for (const c of r.criteria) {
      out.push({ shown: c.label, fr: c.label_fr, en: c.label_en });
      out.push({ shown: c.reason, fr: c.reason_fr, en: c.reason_en });
    }
    for (const n of [...r.confidenceNotes, ...r.flags])
      out.push({ shown: n.text, fr: n.text_fr, en: n.text_en });
  }
  for (const m of body.nearMisses)
    for (const f of m.failed) out.push({ shown: f.reason, fr: f.reason_fr, en: f.reason_en });
  return out;
}

/** Plain SQL checks of a result, written independently of the engine's SQL compiler. */
async function assertSatisfiesHardConstraints(siteIds: string[], needs: any) {
  const rows = await app.db.knex('sites').whereIn('id', siteIds).select('*');
  expect(rows).toHaveLength(siteIds.length);
  const area = rows.reduce((s: number, r: any) => s + r.site_surf_comm_dispo, 0);
  expect(area).toBeGreaterThanOrEqual(needs.surfaceHa.min - 1e-6);
  for (const r of rows) {
    expect(r.status).not.toBe('taken');
    if (needs.railSiding === 'required' && siteIds.length === 1) expect(r.reseau_fret_ferroviaire).toBe(true);
    if (needs.quay === 'required' && siteIds.length === 1) expect(r.reseau_fluvial).toBe(true);
    if (needs.availableBy) expect(r.available_from <= needs.availableBy).toBe(true);
    for (const risk of needs.excludeRisks ?? []) {
      if (risk === 'ppri_red') expect(r.ppri_zone).not.toBe('red');
      if (risk === 'natura2000') expect(r.natura2000).not.toBe('inside');
      if (risk === 'pprt') expect(['light_red', 'dark_red']).not.toContain(r.pprt_zone);
    }
    if (needs.regions?.length) expect(needs.regions).toContain(r.region);
  }
  for (const [need, km] of Object.entries(needs.maxDistanceKm ?? {})) {
    const d = await app.db
      .knex('site_access')
      .whereIn('site_id', siteIds)
      .where('kind', DIST_KIND[need])
      .min({ m: 'distance_m' })
      .first();
    expect(Number((d as any).m)).toBeLessThanOrEqual((km as number) * 1000 + 1e-6);
  }
}

describe(`POST /api/match (${engineName})`, () => {
  it('lists criteria with default weights and units, and the project templates', async () => {
    const c = await app.anonymous.get('/api/match/criteria');
    expect(c.status).toBe(200);
    expect(c.body.criteria.length).toBeGreaterThanOrEqual(10);
    for (const k of c.body.criteria)
      expect(k).toMatchObject({ key: expect.any(String), defaultWeight: expect.any(Number) });
    const t = await app.anonymous.get('/api/match/templates');
    expect(t.body.templates.map((x: any) => x.id)).toEqual(TEMPLATES.map((x) => x.id));
  });

  it.each(TEMPLATES.map((t) => [t.id, t]))(
    'ranks sites for the %s template whose top results satisfy every hard constraint',
    async (_id, template) => {
      const { status, body } = await staff.send('POST', '/api/match', { needs: template.needs, limit: 5 });
      expect(status).toBe(200);
      expect(body.algorithmVersion).toMatch(/\d/);
      expect(body.results.length + body.nearMisses.length).toBeGreaterThan(0);
      body.results.forEach((r: any, i: number) => {
        expect(r.rank).toBe(i + 1);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.confidence).toBeGreaterThan(0);
        expect(r.criteria.length).toBeGreaterThan(0);
        for (const c of r.criteria) expect(typeof c.reason).toBe('string');
      });
      for (const r of body.results.slice(0, 3))
        await assertSatisfiesHardConstraints(r.siteIds ?? [r.siteId], template.needs);
      for (const m of body.nearMisses) {
        expect(m.failed.length).toBeGreaterThanOrEqual(1);
        expect(m.failed.length).toBeLessThanOrEqual(2);
        for (const f of m.failed) {
          expect(f.key).toEqual(expect.any(String));
          expect(f.reason.length).toBeGreaterThan(5);
        }
      }
    },
  );

  it('returns zero results and near-misses naming power with the gap when no site has enough power', async () => {
    const needs = { surfaceHa: { min: 5 }, powerMw: 1500, hard: ['surfaceHa', 'powerMw'] };
    const { status, body } = await staff.send('POST', '/api/match', { needs });
    expect(status).toBe(200);
    expect(body.results).toEqual([]);
    expect(body.nearMisses.length).toBeGreaterThan(0);
    const power = body.nearMisses[0].failed.find((f: any) => f.key === 'powerMw');
    expect(power).toBeDefined();
    expect(power.required).toBe(1500);
    expect(power.reason).toMatch(/MW/);
  });

  it('answers in English when asked, deterministically', async () => {
    const req = { needs: TEMPLATES[0].needs, method: 'topsis', limit: 10 };
    const a = await staff.fetch('/api/match', {
      method: 'POST',
      json: req,
      headers: { 'accept-language': 'en' },
    });
    const b = await staff.fetch('/api/match', {
      method: 'POST',
      json: req,
      headers: { 'accept-language': 'en' },
    });
    const [ja, jb] = [(await a.json()) as any, (await b.json()) as any];
    expect(ja).toEqual(jb);
    expect(ja.method).toBe('topsis');
    const fr = (await staff.send('POST', '/api/match', req)).body;
    expect(fr.results.map((r: any) => r.siteId)).toEqual(ja.results.map((r: any) => r.siteId));

    // Every text shown is the English one of its pair, and reads as English.
    const texts = englishTexts(ja);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) {
      expect(t.shown).toBe(t.en);
      for (const w of FRENCH_WORDS) expect(t.shown, t.shown).not.toContain(w);
    }
    expect(ja.results[0].criteria.map((c: any) => c.label)).toEqual(
      expect.arrayContaining(['Surface', 'Electric power']),
    );
    // The French answer shows the French of the same pairs, and they differ: the switch is seen.
    const frTexts = englishTexts(fr);
    expect(frTexts.map((t) => t.shown)).toEqual(frTexts.map((t) => t.fr));
    const differ = texts.filter((t, i) => t.shown !== frTexts[i].shown);
    expect(differ.length).toBeGreaterThan(0);
  });

  it('never shows unpublished sites to anonymous callers', async () => {
    const unpublished = (await app.db.knex('sites').where('published', false).select('id')).map((r) =>
      String(r.id),
    );
    expect(unpublished.length).toBeGreaterThan(0);
    const { body } = await app.anonymous.send('POST', '/api/match', {
      needs: { surfaceHa: { min: 0.5 } },
      limit: 200,
    });
    const seen = [...body.results, ...body.nearMisses].flatMap((r: any) => r.siteIds ?? [r.siteId]);
    expect(seen.length).toBeGreaterThan(0);
    for (const id of unpublished) expect(seen).not.toContain(id);
    const asStaff = await staff.send('POST', '/api/match', {
      needs: { surfaceHa: { min: 0.5 } },
      limit: 200,
    });
    const staffSeen = asStaff.body.results.map((r: any) => r.siteId);
    expect(unpublished.some((id) => staffSeen.includes(id))).toBe(true);
  });

  it('offers adjacent plots together when one plot is too small and assembly is allowed', async () => {
    // Two touching 1-ha plots in Limay, each too small for a 1.8 ha need.
    const admin = await app.login('admin');
    const plot = (lon: number, name: string) => ({
      type: 'Feature',
      properties: {
        name,
        communeInsee: '78335',
        published: true,
        status: 'available',
        source: 'test',
        pluZone: 'U',
      },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [lon, 48.96],
            [lon + 0.0014, 48.96],
            [lon + 0.0014, 48.9609],
            [lon, 48.9609],
            [lon, 48.96],
          ],
        ],
      },
    });
    await admin.send('POST', '/api/sites', plot(1.7, 'Lot assemblage A'));
    await admin.send('POST', '/api/sites', plot(1.7014, 'Lot assemblage B'));
    const needs = { surfaceHa: { min: 1.8, max: 2.2 }, allowAssembly: true, regions: ['11'] };
    const { body } = await staff.send('POST', '/api/match', { needs, limit: 50 });
    const assembly = body.results.find((r: any) => r.siteIds?.length === 2 && /Lot assemblage/.test(r.name));
    expect(assembly).toBeDefined();
    const without = await staff.send('POST', '/api/match', {
      needs: { ...needs, allowAssembly: false },
      limit: 50,
    });
    expect(without.body.results.some((r: any) => r.siteIds)).toBe(false);
  });

  it.each([
    [{ needs: { surfaceHa: { min: 10, max: 5 } } }, 'needs.surfaceHa'],
    [{ needs: { surfaceHa: { min: -1 } } }, 'needs.surfaceHa.min'],
    [{ needs: { surfaceHa: { min: 5 }, powerMw: 10000 } }, 'needs.powerMw'],
    [{ needs: { surfaceHa: { min: 5 } }, weights: { astrology: 1 } }, 'weights'],
    [{ needs: { surfaceHa: { min: 5 } }, weights: { surface: 0 } }, 'weights'],
    [{ needs: { surfaceHa: { min: 5 }, regions: ['99'] } }, 'needs.regions'],
    [{ needs: { surfaceHa: { min: 5 }, departments: ['7A'] } }, 'needs.departments'],
    [{ needs: { surfaceHa: { min: 5 } }, method: 'vibes' }, 'method'],
    [{ needs: { surfaceHa: { min: 5 }, colour: 'red' } }, 'needs'],
  ])('rejects %j with a 400 naming %s', async (body, field) => {
    const r = await app.anonymous.send('POST', '/api/match', body);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field.startsWith(field)).toBe(true);
  });

  it('refuses an inconsistent AHP matrix with its consistency ratio', async () => {
    const r = await app.anonymous.send('POST', '/api/match', {
      needs: { surfaceHa: { min: 5 }, powerMw: 10, maxDistanceKm: { motorway: 20 } },
      ahp: {
        criteria: ['surface', 'power', 'motorway'],
        matrix: [
          [1, 9, 1 / 9],
          [1 / 9, 1, 9],
          [9, 1 / 9, 1],
        ],
      },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error)).toMatch(/CR|consisten/i);
  });
});
