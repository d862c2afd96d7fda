/**
 * The stage runs on the `site_match` read model (migrations 0005 and 0007), so two things are
 * checked on the test engine (PostGIS server when DATABASE_URL is set, else embedded PGlite)
 * over the demo data: the read model equals `sites` + `site_access` after writes by any writer
 * (plain SQL here), and the stage returns exactly what the in-memory pipeline (`matchSites` over
 * every site) says — the same counts, the same ranked top in the same order, the same closest
 * near-misses — for weighted and TOPSIS rankings.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import { ACCESS_KINDS } from './candidate.ts';
import { readiness } from './criteria/readiness.ts';
import { risks } from './criteria/risks.ts';
import { zoning } from './criteria/zoning.ts';
import { DEFAULT_ELECTRICAL_CONFIG } from './electrical.ts';
import { evaluateCondition } from './knockouts/condition.ts';
import { matchRules } from './knockouts/evaluate.ts';
import { KNOCKOUTS } from './knockouts/index.ts';
import { fetchMatchSites, runStage } from './matching.store.pg.ts';
import { topsisStats } from './mcda.ts';
import { type MatchMethod, needsSchema } from './needs.schema.ts';
import { matchSites, topsisRaws, weightedCriteria } from './rank.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('demo');
});
afterAll(async () => {
  await db?.drop();
});

/** site_match as it is, and as computed from the source tables right now. */
async function readModel(knex: Knex) {
  const cols = `published, status, region, departement, site_surf_comm_dispo, power_available_mw, power_voltage_kv,
    reseau_fret_ferroviaire, plu_zone, plu_destination, available_from, reserved_until, ppri_zone, soil_pollution,
    grid_hosting_capacity_mw, ${ACCESS_KINDS.map((k) => `${k}_m, ${k}_id::text AS ${k}_id`).join(', ')}`;
  const stored = await knex.raw(`SELECT site_id::text AS id, ${cols} FROM site_match ORDER BY site_id`);
  const fresh = await knex.raw(`
    SELECT s.id::text AS id, ${cols} FROM (
      SELECT s.*, ${ACCESS_KINDS.map(
        (k) => `(SELECT a.distance_m FROM site_access a WHERE a.site_id = s.id AND a.kind = '${k}') AS ${k}_m,
                (SELECT a.infrastructure_id FROM site_access a WHERE a.site_id = s.id AND a.kind = '${k}') AS ${k}_id`,
      ).join(', ')}
      FROM sites s) s
    ORDER BY s.id`);
  return { stored: stored.rows, fresh: fresh.rows };
}

describe(`site_match read model (${engineName})`, () => {
  it('mirrors sites and site_access after the seed and after writes', async () => {
    const k = db.knex;
    let m = await readModel(k);
    expect(m.stored.length).toBeGreaterThan(10);
    expect(m.stored).toEqual(m.fresh);
    const site = (await k.raw('SELECT id::text AS id FROM sites ORDER BY site_nom LIMIT 2')).rows;
    await k.transaction(async (trx) => {
      await trx.raw(
        `UPDATE sites SET site_surf_comm_dispo = 77, reseau_fret_ferroviaire = true, plu_destination = '02',
           reserved_until = '2027-06-30', grid_hosting_capacity_mw = 40 WHERE id = ?`,
        [site[0].id],
      );
      await trx.raw("DELETE FROM site_access WHERE site_id = ? AND kind = 'port'", [site[0].id]);
      await trx.raw('UPDATE site_access SET distance_m = distance_m + 1 WHERE site_id = ?', [site[1].id]);
    });
    m = await readModel(k);
    expect(m.stored).toEqual(m.fresh);
    await k.raw('DELETE FROM sites WHERE id = ?', [site[1].id]);
    m = await readModel(k);
    expect(m.stored).toEqual(m.fresh);
    expect(m.stored.some((r: { id: string }) => r.id === site[1].id)).toBe(false);
  });

  it('derives the legal-ban flag, the risks score and the zoning base as their TypeScript twins do', async () => {
    const k = db.knex;
    // Cover every state of the columns they read, on real rows.
    const ids = (await k.raw('SELECT id::text AS id FROM sites ORDER BY id')).rows.map(
      (r: { id: string }) => r.id,
    );
    const states = [
      ['red', 'none', 'A', '01', null, null],
      ['blue', 'light_red', 'AUs', '03', 'averee', true],
      [null, 'dark_red', null, '10', 'supposee', false],
      ['none', 'blue', 'N', null, null, null],
      [null, null, 'U', '02', 'inexistante', false],
      [null, null, null, null, null, null],
    ];
    for (const [i, st] of states.entries()) {
      await k.raw(
        `UPDATE sites SET ppri_zone = ?, pprt_zone = ?, plu_zone = ?, plu_destination = ?, soil_pollution = ?,
           seveso_neighbour = ?, natura2000 = ? WHERE id = ?`,
        [...st, i % 2 === 0 ? 'inside' : null, ids[i]],
      );
    }
    const rows = (await k.raw('SELECT site_id::text AS id, banned, risk_score, zoning_base FROM site_match'))
      .rows;
    const sites = await fetchMatchSites(
      k,
      rows.map((r: { id: string }) => r.id),
    );
    const needs = needsSchema.parse({ surfaceHa: { min: 1 } });
    const flagged = KNOCKOUTS.filter((x) => x.inBannedFlag);
    expect(flagged.map((x) => x.key).sort()).toEqual([
      'legal.plu_destination',
      'legal.plu_zone',
      'legal.ppri_red',
      'legal.pprt_red',
    ]);
    for (const r of rows) {
      const site = sites.get(r.id)!;
      const banned = flagged.some(
        (x) =>
          evaluateCondition(x.condition({ needs, electrical: DEFAULT_ELECTRICAL_CONFIG })!, site) !== true,
      );
      expect(r.banned, r.id).toBe(banned);
      expect(r.risk_score, r.id).toBe(risks(site, needs).score);
      const z = zoning(site, needsSchema.parse({ surfaceHa: { min: 1 } }));
      // With no ICPE/Seveso need the zoning score is the base, unless nothing is known (then 0).
      expect(z.score, r.id).toBe(site.pluZone ? Math.round(r.zoning_base * 1e12) / 1e12 : 0);
    }
  });

  it('derives readiness as the readiness criterion counts it (the last entry of an item wins)', async () => {
    const k = db.knex;
    const [one] = (await k.raw('SELECT id::text AS id FROM sites ORDER BY site_nom LIMIT 1')).rows;
    await k.raw(`UPDATE sites SET readiness = ?::jsonb WHERE id = ?`, [
      JSON.stringify([
        { item: 'urbanism', status: 'not_started' },
        { item: 'urbanism', status: 'done' },
        { item: 'networks', status: 'done' },
        { item: 'networks', status: 'in_progress' },
        { item: 'icpe', status: 'not_required' },
      ]),
      one.id,
    ]);
    const rows = (await k.raw('SELECT site_id::text AS id, readiness_done, readiness_stated FROM site_match'))
      .rows;
    const sites = await fetchMatchSites(
      k,
      rows.map((r: { id: string }) => r.id),
    );
    const needs = needsSchema.parse({ surfaceHa: { min: 1 } });
    for (const r of rows) {
      const ts = readiness(sites.get(r.id)!, needs);
      expect(r.readiness_stated, r.id).toBe(ts.known);
      if (ts.known) expect(r.readiness_done / 6, r.id).toBeCloseTo(ts.score, 12);
    }
    expect(rows.find((r: { id: string }) => r.id === one.id).readiness_done).toBe(2);
  });
});

describe(`exact stage (${engineName})`, () => {
  const cases: [string, Record<string, unknown>][] = [
    ['broad', { surfaceHa: { min: 1 } }],
    [
      'power and distances',
      {
        surfaceHa: { min: 5 },
        powerMw: 20,
        rampUpMonths: 36,
        maxDistanceKm: { motorway: 15, railFreight: 20 },
      },
    ],
    [
      'siding in Grand Est',
      {
        surfaceHa: { min: 20, max: 80 },
        railSiding: 'required',
        excludeRisks: ['ppri_blue'],
        regions: ['44'],
      },
    ],
    [
      'Seveso authorisation',
      { surfaceHa: { min: 10 }, icpeRegime: 'A', sevesoTier: 'lower', availableBy: '2027-12-31' },
    ],
    ['no one passes', { surfaceHa: { min: 5 }, powerMw: 1500, hard: ['surfaceHa', 'powerMw'] }],
  ];
  const methods: MatchMethod[] = ['weighted', 'topsis'];

  for (const [label, raw] of cases) {
    for (const method of methods) {
      it(`returns what the in-memory pipeline says over every site: ${label}, ${method}`, async () => {
        const needs = needsSchema.parse(raw);
        const all = await fetchMatchSites(
          db.knex,
          (await db.knex.raw('SELECT id::text AS id FROM sites')).rows.map((r: { id: string }) => r.id),
        );
        const sites = [...all.values()];
        const { defs, weights } = weightedCriteria(needs);
        const stage = await runStage(db.knex, {
          needs,
          rules: matchRules(needs),
          method,
          defs,
          weights,
          publishedOnly: false,
          limit: 5,
          nearMissLimit: 4,
        });
        const reference = matchSites(sites, needs, {
          method,
          nearMissLimit: 4,
          ...(method === 'topsis'
            ? {
                topsisStats: topsisStats(
                  sites
                    .filter((s) => matchSites([s], needs).results.length === 1)
                    .map((s) => topsisRaws(s, needs)),
                  defs.length,
                ),
              }
            : {}),
        });
        expect(stage.counts).toEqual(reference.counts);
        const top = stage.ranked.slice(0, 5).map((r) => `${r.id}:${Math.round(r.score * 1e6) / 1e6}`);
        expect(top).toEqual(reference.results.slice(0, 5).map((r) => `${r.siteId}:${r.score}`));
        expect(stage.nearMisses.map((n) => `${n.id}:${n.failures}`)).toEqual(
          reference.nearMisses.map((n) => `${n.siteId}:${n.failures}`),
        );
      });
    }
  }
});
