/**
 * The SQL stage and the TypeScript explanations must agree on every site: this test compiles
 * random needs to SQL, runs it on the test engine (PostGIS server when DATABASE_URL is set,
 * else embedded PGlite) over random sites with many unknowns, in scratch tables of a throwaway
 * database, and compares each constraint's TRUE/FALSE/NULL with evaluateCondition, and the
 * pass / failure count with evaluateHardConstraints.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import { FIELD_BY_KEY } from '../sites/site.fields.ts';
import { ACCESS_KINDS, type AccessKind, type MatchSite } from './candidate.ts';
import { accessColumn, compileHardConstraints } from './hard-constraints.sql.ts';
import {
  type ConditionField,
  evaluateCondition,
  evaluateHardConstraints,
  hardConstraintSpecs,
} from './hard-constraints.ts';
import { HARD_KEYS, isHardKeyApplicable, type Needs, needsSchema } from './needs.schema.ts';

const COLUMNS: Record<ConditionField, string> = {
  availableAreaHa: 'double precision',
  minLotHa: 'double precision',
  powerAvailableMw: 'double precision',
  electricity: 'boolean',
  gas: 'boolean',
  gasCapacityMwhPerDay: 'double precision',
  waterM3PerDay: 'double precision',
  wastewaterM3PerDay: 'double precision',
  railSiding: 'boolean',
  quay: 'boolean',
  fibre: 'boolean',
  maxIcpeRegime: 'text',
  sevesoAllowed: 'text',
  pluZone: 'text',
  availableFrom: 'date',
  priceEurM2: 'double precision',
  brownfield: 'boolean',
  urbanisationType: 'text',
  ppriZone: 'text',
  pprtZone: 'text',
  natura2000: 'text',
  region: 'text',
  department: 'text',
  territorySiren: 'text',
  status: 'text',
};
const FIELDS = Object.keys(COLUMNS) as ConditionField[];
const column = (f: ConditionField) => FIELD_BY_KEY.get(f)!.column;

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });
const siteArb = (id: string): fc.Arbitrary<MatchSite> =>
  fc
    .record({
      availableAreaHa: maybe(fc.integer({ min: 0, max: 200 })),
      minLotHa: maybe(fc.integer({ min: 1, max: 100 })),
      powerAvailableMw: maybe(fc.constantFrom(0, 0.2, 5, 12, 50, 150)),
      electricity: maybe(fc.boolean()),
      gas: maybe(fc.boolean()),
      gasCapacityMwhPerDay: maybe(fc.constantFrom(0, 100, 500, 2000)),
      waterM3PerDay: maybe(fc.constantFrom(0, 500, 3000)),
      wastewaterM3PerDay: maybe(fc.constantFrom(0, 500, 3000)),
      railSiding: maybe(fc.boolean()),
      quay: maybe(fc.boolean()),
      fibre: maybe(fc.boolean()),
      maxIcpeRegime: maybe(
        fc.constantFrom('NC', 'D', 'DC', 'E', 'A') as fc.Arbitrary<'NC' | 'D' | 'DC' | 'E' | 'A'>,
      ),
      sevesoAllowed: maybe(
        fc.constantFrom('none', 'lower', 'upper') as fc.Arbitrary<'none' | 'lower' | 'upper'>,
      ),
      pluZone: maybe(
        fc.constantFrom('U', 'AUc', 'AUs', 'A', 'N') as fc.Arbitrary<'U' | 'AUc' | 'AUs' | 'A' | 'N'>,
      ),
      availableFrom: maybe(fc.constantFrom('2025-01-01', '2026-06-30', '2026-07-01', '2028-01-01')),
      priceEurM2: maybe(fc.constantFrom(5, 30, 40, 90)),
      brownfield: maybe(fc.boolean()),
      urbanisationType: maybe(
        fc.constantFrom('extension urbaine', 'renouvellement urbain', 'mixte') as fc.Arbitrary<
          'extension urbaine' | 'renouvellement urbain' | 'mixte'
        >,
      ),
      ppriZone: maybe(fc.constantFrom('none', 'blue', 'red') as fc.Arbitrary<'none' | 'blue' | 'red'>),
      pprtZone: maybe(
        fc.constantFrom('none', 'blue', 'light_red', 'dark_red') as fc.Arbitrary<
          'none' | 'blue' | 'light_red' | 'dark_red'
        >,
      ),
      natura2000: maybe(
        fc.constantFrom('none', 'adjacent', 'inside') as fc.Arbitrary<'none' | 'adjacent' | 'inside'>,
      ),
      region: fc.constantFrom('44', '11', '84'),
      department: fc.constantFrom('57', '78', '69'),
      territorySiren: maybe(fc.constantFrom('200059889', '200058485')),
      status: fc.constantFrom('available', 'under_option', 'taken') as fc.Arbitrary<
        'available' | 'under_option' | 'taken'
      >,
      access: fc.dictionary(
        fc.constantFrom(...ACCESS_KINDS),
        fc
          .constantFrom(0, 3000, 8000, 10_000, 12_000, 25_000, 80_000)
          .map((d) => ({ name: null, distanceM: d, infrastructureId: null })),
      ),
    })
    .map((r) => ({ id, name: id, ...r }));

const needsArb: fc.Arbitrary<Needs> = fc
  .record({
    surfaceHa: fc
      .record({
        min: fc.integer({ min: 1, max: 100 }),
        extra: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      })
      .map(({ min, extra }) => (extra === undefined ? { min } : { min, max: min + extra })),
    powerMw: fc.option(fc.constantFrom(0.2, 5, 12, 40, 120), { nil: undefined }),
    rampUpMonths: fc.option(fc.constantFrom(12, 30, 36, 48), { nil: undefined }),
    gas: fc.option(
      fc.record({
        required: fc.constant(true),
        capacityMwhPerDay: fc.option(fc.constantFrom(100, 500), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    waterM3PerDay: fc.option(fc.constantFrom(500, 3000), { nil: undefined }),
    wastewaterM3PerDay: fc.option(fc.constantFrom(500, 3000), { nil: undefined }),
    railSiding: fc.constantFrom('required', 'preferred', 'indifferent'),
    quay: fc.constantFrom('required', 'preferred', 'indifferent'),
    fibre: fc.constantFrom('required', 'indifferent'),
    maxDistanceKm: fc.record(
      {
        motorway: fc.constantFrom(5, 10, 20),
        railFreight: fc.constantFrom(5, 10),
        port: fc.constantFrom(10, 60),
        airport: fc.constantFrom(10, 80),
      },
      { requiredKeys: [] },
    ),
    icpeRegime: fc.option(fc.constantFrom('NC', 'D', 'DC', 'E', 'A'), { nil: undefined }),
    sevesoTier: fc.option(fc.constantFrom('none', 'lower', 'upper'), { nil: undefined }),
    availableBy: fc.option(fc.constantFrom('2026-06-30', '2027-01-01'), { nil: undefined }),
    maxPriceEurM2: fc.option(fc.constantFrom(30, 40), { nil: undefined }),
    brownfield: fc.constantFrom('required', 'preferred', 'indifferent'),
    excludeRisks: fc.subarray(['ppri_red', 'pprt', 'natura2000']),
    regions: fc.subarray(['44', '84']),
    excludeDepartments: fc.subarray(['78']),
    territories: fc.subarray(['200059889']),
  })
  .map((raw) => {
    const parsed = needsSchema.parse(JSON.parse(JSON.stringify(raw)));
    // Make every stated need a knock-out, to exercise every rule.
    return needsSchema.parse({
      ...JSON.parse(JSON.stringify(raw)),
      hard: HARD_KEYS.filter((k) => isHardKeyApplicable(parsed, k)),
    });
  });

let db: TestDatabase;

// Scratch tables in their own schema, so the real `sites` (NOT NULL area, geometry…) is untouched
// and every field can be unknown; queries run with `search_path` pointing there.
beforeAll(async () => {
  db = await createTestDatabase('empty');
  const cols = FIELDS.map((f) => `${column(f)} ${COLUMNS[f]}`).join(', ');
  // The access distances also as columns, the shape of the site_match read model.
  const accessCols = ACCESS_KINDS.map((k) => `${accessColumn(k)} double precision`).join(', ');
  await db.knex.raw('CREATE SCHEMA hc');
  await db.knex.raw(`CREATE TABLE hc.sites (id text PRIMARY KEY, ${cols}, ${accessCols})`);
  await db.knex.raw(
    'CREATE TABLE hc.site_access (site_id text, kind text, distance_m double precision, PRIMARY KEY (site_id, kind))',
  );
});
afterAll(async () => {
  await db?.drop();
});

async function inScratch<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.knex.transaction(async (trx) => {
    await trx.raw('SET LOCAL search_path TO hc, public');
    return fn(trx);
  });
}

async function load(trx: Knex.Transaction, sites: MatchSite[]) {
  await trx.raw('TRUNCATE sites, site_access');
  const rows = sites.map((s) => ({
    id: s.id,
    ...Object.fromEntries(FIELDS.map((f) => [column(f), s[f] === undefined ? null : s[f]])),
    ...Object.fromEntries(ACCESS_KINDS.map((k) => [accessColumn(k), s.access?.[k]?.distanceM ?? null])),
  }));
  await trx('sites').insert(rows);
  const access = sites.flatMap((s) =>
    (Object.entries(s.access ?? {}) as [AccessKind, { distanceM: number } | null][])
      .filter(([, a]) => a)
      .map(([kind, a]) => ({ site_id: s.id, kind, distance_m: a!.distanceM })),
  );
  if (access.length) await trx('site_access').insert(access);
}

describe('compileHardConstraints', () => {
  it('compiles to bound SQL with one LEFT JOIN per access kind read', () => {
    const needs = needsSchema.parse({
      surfaceHa: { min: 10 },
      maxDistanceKm: { railFreight: 10 },
      excludeRisks: ['pprt'],
    });
    const c = compileHardConstraints(hardConstraintSpecs(needs));
    expect(c.accessJoins.map((j) => [j.kind, j.bindings])).toEqual([['rail_freight', ['rail_freight']]]);
    const rail = c.constraints.find((k) => k.key === 'maxDistanceKm.railFreight')!;
    expect(rail.sql).toBe(
      '(("s"."reseau_fret_ferroviaire" = ?::boolean) OR ("acc_rail_freight".distance_m <= ?))',
    );
    expect(rail.bindings).toEqual([true, 10_000]);
    expect(c.passSql.sql).not.toMatch(/\d{2}/); // values are bindings, never inlined
  });

  it('reads access distances from <kind>_m columns without joins when asked', () => {
    const needs = needsSchema.parse({ surfaceHa: { min: 10 }, maxDistanceKm: { railFreight: 10 } });
    const c = compileHardConstraints(hardConstraintSpecs(needs), { siteAlias: 'm', accessColumns: true });
    expect(c.accessJoins).toEqual([]);
    const rail = c.constraints.find((k) => k.key === 'maxDistanceKm.railFreight')!;
    expect(rail.sql).toBe('(("m"."reseau_fret_ferroviaire" = ?::boolean) OR ("m"."rail_freight_m" <= ?))');
    // WHERE forms: the same conditions without IS TRUE, so the planner can use indexes.
    expect(c.passWhere.sql).not.toMatch(/IS TRUE/);
    expect(c.passWhere.bindings).toEqual(c.passSql.bindings);
  });

  it('agrees with evaluateCondition and evaluateHardConstraints on random sites and needs', async () => {
    const sample = fc.sample(fc.tuple(needsArb, fc.array(fc.nat(), { minLength: 25, maxLength: 25 })), {
      numRuns: 30,
      seed: 42,
    });
    let compared = 0;
    const outcomes = new Set<string>();
    for (const [i, [needs]] of sample.entries()) {
      const sites = fc.sample(fc.tuple(...Array.from({ length: 25 }, (_, j) => siteArb(`s${i}-${j}`))), {
        numRuns: 1,
        seed: 1000 + i,
      })[0];
      const specs = hardConstraintSpecs(needs);
      const byId = new Map(sites.map((s) => [s.id, s]));
      // Both ways of reading access distances: LEFT JOINs of site_access, or site_match columns.
      for (const accessColumns of [false, true]) {
        const c = compileHardConstraints(specs, { accessColumns });
        const joins = c.accessJoins.map((j) => j.sql).join(' ');
        const select = c.constraints.map((k, n) => `${k.sql} AS c${n}`).join(', ');
        const sql = `SELECT s.id, ${select}, ${c.scopeSql.sql} AS in_scope, ${c.passSql.sql} AS pass,
          ${c.failureCountSql.sql} AS failures FROM sites s ${joins} ORDER BY s.id`;
        // Bindings in the order their placeholders appear in the text.
        const bindings = [
          ...c.constraints.flatMap((k) => k.bindings),
          ...c.scopeSql.bindings,
          ...c.passSql.bindings,
          ...c.failureCountSql.bindings,
          ...c.accessJoins.flatMap((j) => j.bindings),
        ];
        const whereSql = `SELECT s.id FROM sites s ${joins} WHERE ${c.scopeWhere.sql} AND ${c.passWhere.sql} ORDER BY s.id`;
        const whereBindings = [
          ...c.accessJoins.flatMap((j) => j.bindings),
          ...c.scopeWhere.bindings,
          ...c.passWhere.bindings,
        ];
        const [rows, passing] = await inScratch(async (trx) => {
          await load(trx, sites);
          const r = await trx.raw(sql, bindings);
          const w = await trx.raw(whereSql, whereBindings);
          return [
            r.rows as Record<string, boolean | number | string | null>[],
            (w.rows as Array<{ id: string }>).map((x) => x.id),
          ] as const;
        });
        const expectedPassing: string[] = [];
        for (const row of rows) {
          const site = byId.get(String(row.id))!;
          specs.forEach((spec, n) => {
            const js = evaluateCondition(spec.condition, site);
            outcomes.add(String(js));
            expect(row[`c${n}`], `${spec.key} on ${site.id}`).toBe(js);
          });
          const ev = evaluateHardConstraints(site, needs);
          expect(row.in_scope, site.id).toBe(ev.inScope);
          if (ev.inScope) {
            expect(row.pass, site.id).toBe(ev.pass);
            expect(Number(row.failures), site.id).toBe(ev.failed.length);
          }
          if (ev.pass) expectedPassing.push(site.id);
          compared++;
        }
        // The WHERE forms keep exactly the sites that pass (NULL dropped like FALSE).
        expect(passing).toEqual(expectedPassing);
      }
    }
    expect(compared).toBe(2 * 30 * 25);
    expect(outcomes).toEqual(new Set(['true', 'false', 'null']));
  });
});
