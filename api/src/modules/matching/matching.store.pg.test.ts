/**
 * The stage runs on the `site_match` read model (migration 0005), so two things are checked on
 * the test engine (PostGIS server when DATABASE_URL is set, else embedded PGlite) over the demo
 * data: the read model equals `sites` + `site_access` after writes by any writer (plain SQL
 * here), and the bounded stage picks exactly what its documented semantics say — the first
 * `candidateLimit` passing sites by id, the first `nearMissLimit` by (failures, id) among those
 * failing 1–2 — computed independently with the TypeScript evaluator.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import { ACCESS_KINDS } from './candidate.ts';
import { evaluateHardConstraints, hardConstraintSpecs } from './hard-constraints.ts';
import { compileStage, runStage } from './matching.store.pg.ts';
import { needsSchema } from './needs.schema.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('demo');
});
afterAll(async () => {
  await db?.drop();
});

/** site_match as it is, and as computed from the source tables right now. */
async function readModel(knex: Knex) {
  const cols = `published, status, region, departement, site_surf_comm_dispo, power_available_mw,
    reseau_fret_ferroviaire, plu_zone, available_from, ppri_zone,
    ${ACCESS_KINDS.map((k) => `${k}_m, ${k}_id::text AS ${k}_id`).join(', ')}`;
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
        'UPDATE sites SET site_surf_comm_dispo = 77, reseau_fret_ferroviaire = true WHERE id = ?',
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
});

describe(`bounded hard-constraint stage (${engineName})`, () => {
  const cases = [
    { surfaceHa: { min: 1 } },
    { surfaceHa: { min: 5 }, powerMw: 20, maxDistanceKm: { motorway: 15, railFreight: 20 } },
    { surfaceHa: { min: 20, max: 80 }, railSiding: 'required', excludeRisks: ['ppri_red'], regions: ['44'] },
    { surfaceHa: { min: 5 }, powerMw: 1500, hard: ['surfaceHa', 'powerMw'] },
  ];

  it.each(cases.map((c) => [JSON.stringify(c), c]))(
    'picks the first candidates by id and the first near-misses by failures, then id: %s',
    async (_label, raw) => {
      const needs = needsSchema.parse(raw);
      const specs = hardConstraintSpecs(needs);
      // Reference: every site evaluated in TypeScript.
      const all = await runStage(
        db.knex,
        compileStage(hardConstraintSpecs(needsSchema.parse({ surfaceHa: { min: 0.01 }, hard: [] })), {
          publishedOnly: false,
          candidateLimit: 100_000,
          nearMissLimit: 0,
        }),
      );
      const evaluated = all
        .map((r) => ({ id: r.site.id, ev: evaluateHardConstraints(r.site, needs) }))
        .filter((x) => x.ev.inScope && x.ev.failed.length <= 2)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const passing = evaluated.filter((x) => x.ev.pass).map((x) => x.id);
      const misses = evaluated
        .filter((x) => !x.ev.pass)
        .sort((a, b) => a.ev.failed.length - b.ev.failed.length)
        .map((x) => `${x.id}:${x.ev.failed.length}`);
      for (const [candidateLimit, nearMissLimit] of [
        [3, 2],
        [1000, 1000],
      ]) {
        const rows = await runStage(
          db.knex,
          compileStage(specs, { publishedOnly: false, candidateLimit, nearMissLimit }),
        );
        expect(rows.filter((r) => r.failures === 0).map((r) => r.site.id)).toEqual(
          passing.slice(0, candidateLimit),
        );
        expect(rows.filter((r) => r.failures > 0).map((r) => `${r.site.id}:${r.failures}`)).toEqual(
          misses.slice(0, nearMissLimit),
        );
      }
    },
  );
});
