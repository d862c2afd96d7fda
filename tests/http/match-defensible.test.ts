/**
 * The matching issue's acceptance, over HTTP on the test engine: legal bans are knock-outs
 * whatever the request says, an attempt to lift one is a 400, both languages come back, the
 * previous engine still runs, and the ranking is exact past any sample size — 2,600 identical
 * plots imported through the importer, the one with the largest id made clearly the best, ranked
 * first with true counts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../api/src/config.ts';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

const TEMPLATES = JSON.parse(
  fs.readFileSync(path.join(projectRoot, 'geodata/templates/project-templates.json'), 'utf8'),
).templates as Array<{ id: string; needs: Record<string, unknown> }>;

let app: TestApp;
let staff: Client;
let admin: Client;

beforeAll(async () => {
  app = await startTestApp('demo');
  staff = await app.login('staff');
  admin = await app.tokenClient('admin');
});
afterAll(async () => {
  await app?.close();
});

const match = (body: unknown, client?: Client) =>
  (client ?? staff).send('POST', '/api/match', body) as Promise<{ status: number; body: any }>;

describe(`legal bans (${engineName})`, () => {
  it('never offers a site in a PPRI red, PPRT red or PLU A/N zone, for any template, even with hard: []', async () => {
    const banned = (
      await app.db.knex.raw(
        `SELECT id::text AS id FROM sites WHERE ppri_zone = 'red' OR pprt_zone IN ('light_red', 'dark_red') OR plu_zone IN ('A', 'N')`,
      )
    ).rows.map((r: { id: string }) => r.id);
    expect(banned.length).toBeGreaterThan(0);
    for (const t of TEMPLATES) {
      for (const needs of [t.needs, { ...t.needs, hard: [], excludeRisks: [] }]) {
        const r = await match({ needs, limit: 200 });
        expect(r.status).toBe(200);
        const offered = [
          ...r.body.results.flatMap((x: any) => x.siteIds ?? [x.siteId]),
          ...r.body.nearMisses.flatMap((x: any) => x.siteIds ?? [x.siteId]),
        ];
        expect(
          offered.filter((id) => banned.includes(id)),
          t.id,
        ).toEqual([]);
        expect(r.body.counts.legallyExcluded, t.id).toBeGreaterThan(0);
      }
    }
  });

  it('refuses an attempt to lift a legal ban with a 400 naming the field', async () => {
    const r = await match({ needs: { surfaceHa: { min: 5 }, relax: ['surfaceHa', 'legal.ppri_red'] } });
    expect(r.status).toBe(400);
    const detail = r.body.error.details.find((d: any) => d.field === 'needs.relax.1');
    expect(detail.message).toMatch(/legal ban .* cannot be lifted/);
  });

  it('matches sub-normal figures (5e-324 MW) as the smallest stated quantity, not a 400', async () => {
    const r = await match({
      needs: { surfaceHa: { min: 0.01 }, powerMw: 5e-324, maxDistanceKm: { port: 5e-324 } },
    });
    expect(r.status).toBe(200);
  });

  it('refuses an unknown risk key with a 400 naming the field', async () => {
    const r = await match({ needs: { surfaceHa: { min: 5 }, excludeRisks: ['ppri_red', 'volcano'] } });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: any) => d.field)).toContain('needs.excludeRisks.1');
  });

  it('relaxes a need knock-out on request, turning it into a preference', async () => {
    const needs = { surfaceHa: { min: 5 }, availableBy: '2025-01-01' };
    const strict = await match({ needs });
    const relaxed = await match({ needs: { ...needs, relax: ['availableBy'] } });
    expect(relaxed.body.counts.candidates).toBeGreaterThan(strict.body.counts.candidates);
    expect(relaxed.body.knockouts.map((k: any) => k.key)).not.toContain('availableBy');
    expect(relaxed.body.knockouts.filter((k: any) => k.kind === 'legal').length).toBeGreaterThan(0);
  });
});

describe(`results an expert can read (${engineName})`, () => {
  it('gives reasons, flags and confidence notes in both languages, and names the method', async () => {
    const r = await match({ needs: TEMPLATES[0].needs, method: 'topsis', limit: 3 });
    expect(r.status).toBe(200);
    expect(r.body.algorithmVersion).toBe('landmatch-match/2.0.0');
    expect(r.body.scoreKind).toBe('topsis_closeness');
    expect(r.body.scoreLabel).toEqual({
      fr: "proximité TOPSIS à l'idéal",
      en: 'TOPSIS closeness to the ideal',
    });
    const first = r.body.results[0];
    for (const c of first.criteria) {
      expect(c.reason_fr).toBe(c.reason);
      expect(c.reason_en.length).toBeGreaterThan(0);
      expect(c.reason_en).not.toBe(c.reason_fr);
    }
    for (const f of first.flags) expect(f.text_en.length).toBeGreaterThan(0);
    expect(first.confidenceNotes.length).toBeGreaterThan(0);
    for (const m of r.body.nearMisses) for (const f of m.failed) expect(f.reason_en).toBeTruthy();
  });

  it('lowers confidence where the seed marks decisive fields illustrative', async () => {
    const r = await match({ needs: { surfaceHa: { min: 5 }, powerMw: 5 }, limit: 50 });
    const demo = (
      await app.db.knex.raw('SELECT count(*)::int AS n FROM sites WHERE cardinality(illustrative_fields) > 0')
    ).rows[0].n;
    expect(demo).toBeGreaterThan(0);
    expect(Math.max(...r.body.results.map((x: any) => x.confidence))).toBeLessThan(0.9);
  });

  it('still runs the previous engine on request, for comparison', async () => {
    const r = await match({ needs: TEMPLATES[0].needs, algorithmVersion: 'landmatch-match/1.0.0', limit: 3 });
    expect(r.status).toBe(200);
    expect(r.body.algorithmVersion).toBe('landmatch-match/1.0.0');
    expect(r.body.counts).toHaveProperty('sampled');
  });
});

describe(`exact ranking at any size (${engineName})`, () => {
  it('ranks first the best of 2,600 identical passing plots, the one with the largest id, with true counts', async () => {
    // 2,600 identical plots on one outline in Creuse (23), where no demo site lies.
    const feature = (i: number) => ({
      type: 'Feature',
      properties: {
        source: 'exactness-test',
        sourceId: `plot-${i}`,
        name: `Plot ${i}`,
        communeInsee: '23096',
        published: true,
        availableAreaHa: 12,
        status: 'available',
        pluZone: 'U',
        ppriZone: 'none',
        pprtZone: 'none',
      },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [1.87, 46.17],
            [1.875, 46.17],
            [1.875, 46.174],
            [1.87, 46.174],
            [1.87, 46.17],
          ],
        ],
      },
    });
    const body = JSON.stringify({
      type: 'FeatureCollection',
      features: Array.from({ length: 2600 }, (_, i) => feature(i)),
    });
    const imported = await admin.fetch('/api/import/sites-geojson', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(imported.status).toBe(200);
    const [{ id: best }] = (
      await app.db.knex.raw("SELECT max(id::text) AS id FROM sites WHERE source = 'exactness-test'")
    ).rows;
    await app.db.knex.raw(
      `UPDATE sites SET reseau_fret_ferroviaire = true, brownfield = true, readiness = ?::jsonb WHERE id = ?`,
      [
        JSON.stringify(
          ['urbanism', 'archaeology', 'environment', 'icpe', 'networks', 'land_control'].map((item) => ({
            item,
            status: 'done',
          })),
        ),
        best,
      ],
    );
    for (const method of ['weighted', 'topsis']) {
      const r = await match({
        needs: { surfaceHa: { min: 10 }, departments: ['23'], railSiding: 'preferred' },
        method,
        limit: 20,
      });
      expect(r.status).toBe(200);
      expect(r.body.counts).toMatchObject({
        considered: 2600,
        candidates: 2600,
        legallyExcluded: 0,
        ranked: 20,
      });
      expect(r.body.results[0].siteId, method).toBe(best);
      expect(r.body.results[0].score).toBeGreaterThan(r.body.results[1].score);
      // The rest tie and come in id order.
      const rest = r.body.results.slice(1).map((x: any) => x.siteId);
      expect(rest).toEqual([...rest].sort());
    }
  });
});
