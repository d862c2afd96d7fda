/**
 * The SQL stage and the TypeScript explanations must agree on every site, or the exact ranking
 * would rank by something else than what it explains. On the test engine (PostGIS server when
 * DATABASE_URL is set, else embedded PGlite), over random sites with many unknowns in a scratch
 * `site_match`-shaped table, for random needs with every stated need made a knock-out:
 * - each knock-out's compiled predicate equals evaluateCondition (TRUE/FALSE/NULL) and its
 *   compiled gap equals conditionGap;
 * - each active criterion's SQL score and TOPSIS raw value equal the TypeScript ones;
 * - the weighted-sum and TOPSIS scores of scoring.sql.ts equal rank.ts's, so both order alike.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/test-db.ts';
import { FIELD_BY_KEY, READINESS_ITEMS } from '../sites/site.fields.ts';
import { ACCESS_KINDS, driveOf, LABOUR_POOL_MINUTES, type MatchSite, poolOf } from './candidate.ts';
import { risks } from './criteria/risks.ts';
import { DESTINATION_FACTORS, PLU_FACTORS, UNKNOWN_DESTINATION_FACTOR } from './criteria/zoning.ts';
import { DEFAULT_ELECTRICAL_CONFIG } from './electrical.ts';
import {
  accessColumn,
  compileGap,
  compilePredicate,
  driveColumn,
  joinSql,
  poolColumn,
} from './knockouts/condition.sql.ts';
import { conditionGap, evaluateCondition } from './knockouts/condition.ts';
import { matchRules } from './knockouts/evaluate.ts';
import { KNOCKOUTS } from './knockouts/index.ts';
import { topsisStats } from './mcda.ts';
import { HARD_KEYS, isHardKeyApplicable, type Needs, needsSchema } from './needs.schema.ts';
import { rankCandidates, topsisRaws, weightedCriteria } from './rank.ts';
import { topsisBoundSql, topsisRawColumns, topsisStatsSql, weightedScoreSql } from './scoring.sql.ts';

/** Scratch columns: site field → SQL type. */
const COLUMNS: Record<string, string> = {
  published: 'boolean',
  status: 'text',
  region: 'text',
  department: 'text',
  territorySiren: 'text',
  availableAreaHa: 'double precision',
  minLotHa: 'double precision',
  powerAvailableMw: 'double precision',
  powerVoltageKv: 'double precision',
  powerConnectionDelayMonths: 'integer',
  gridHostingCapacityMw: 'double precision',
  electricity: 'boolean',
  gas: 'boolean',
  gasCapacityMwhPerDay: 'double precision',
  drinkingWater: 'boolean',
  waterM3PerDay: 'double precision',
  sewerage: 'boolean',
  wastewaterM3PerDay: 'double precision',
  railSiding: 'boolean',
  quay: 'boolean',
  fibre: 'boolean',
  maxIcpeRegime: 'text',
  sevesoAllowed: 'text',
  pluZone: 'text',
  pluDestination: 'text',
  availableFrom: 'date',
  reservedUntil: 'date',
  priceEurM2: 'double precision',
  brownfield: 'boolean',
  urbanisationType: 'text',
  ppriZone: 'text',
  pprtZone: 'text',
  natura2000: 'text',
  soilPollution: 'text',
  sevesoNeighbour: 'boolean',
};
const FIELDS = Object.keys(COLUMNS);
const column = (f: string) => FIELD_BY_KEY.get(f)!.column;

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });
const pick = <T extends string>(...v: T[]) => fc.constantFrom(...v) as fc.Arbitrary<T>;

/** The access kinds the drive-time needs read (site_match `<kind>_min`). */
const ROAD_KINDS = ['motorway_access', 'rail_freight', 'port', 'airport'] as const;

const siteArb = (id: string): fc.Arbitrary<MatchSite> =>
  fc
    .record({
      availableAreaHa: fc.constantFrom(0.5, 4, 9.5, 12, 25, 48, 60, 150),
      minLotHa: maybe(fc.constantFrom(1, 5, 20, 100)),
      powerAvailableMw: maybe(fc.constantFrom(0, 0.2, 5, 8, 12, 40, 80, 150)),
      powerVoltageKv: maybe(fc.constantFrom(0.4, 20, 63, 90, 225, 400)),
      powerConnectionDelayMonths: maybe(fc.constantFrom(0, 6, 18, 40)),
      gridHostingCapacityMw: maybe(fc.constantFrom(10, 50, 200)),
      electricity: maybe(fc.boolean()),
      gas: maybe(fc.boolean()),
      gasCapacityMwhPerDay: maybe(fc.constantFrom(0, 100, 500, 2000)),
      drinkingWater: maybe(fc.boolean()),
      waterM3PerDay: maybe(fc.constantFrom(0, 500, 3000)),
      sewerage: maybe(fc.boolean()),
      wastewaterM3PerDay: maybe(fc.constantFrom(0, 500, 3000)),
      railSiding: maybe(fc.boolean()),
      quay: maybe(fc.boolean()),
      fibre: maybe(fc.boolean()),
      maxIcpeRegime: maybe(pick('NC', 'D', 'DC', 'E', 'A')),
      sevesoAllowed: maybe(pick('none', 'lower', 'upper')),
      pluZone: maybe(pick('U', 'AUc', 'AUs', 'A', 'N')),
      pluDestination: maybe(pick('00', '01', '02', '03', '08', '99')),
      availableFrom: maybe(fc.constantFrom('2025-01-01', '2026-06-30', '2026-07-01', '2028-01-01')),
      reservedUntil: maybe(fc.constantFrom('2026-03-31', '2027-06-30')),
      priceEurM2: maybe(fc.constantFrom(0, 5, 30, 40, 90)),
      brownfield: maybe(fc.boolean()),
      urbanisationType: maybe(pick('extension urbaine', 'renouvellement urbain', 'mixte')),
      ppriZone: maybe(pick('none', 'blue', 'red')),
      pprtZone: maybe(pick('none', 'blue', 'light_red', 'dark_red')),
      natura2000: maybe(pick('none', 'adjacent', 'inside')),
      soilPollution: maybe(pick('inexistante', 'peu_probable', 'supposee', 'averee')),
      sevesoNeighbour: maybe(fc.boolean()),
      readiness: fc.array(
        fc.record({
          item: pick(...READINESS_ITEMS),
          status: pick('done', 'in_progress', 'not_started', 'not_required'),
        }),
        { maxLength: 7 },
      ),
      region: pick('44', '11', '84'),
      department: pick('57', '78', '69'),
      territorySiren: maybe(pick('200059889', '200058485')),
      status: pick('available', 'in_preparation', 'under_option', 'committed', 'taken'),
      access: fc.dictionary(
        fc.constantFrom(...ACCESS_KINDS),
        fc
          .constantFrom(0, 900, 3000, 4200, 8000, 10_000, 12_000, 25_000, 80_000)
          .map((d) => ({ name: null, distanceM: d, infrastructureId: null })),
      ),
      drive: fc.dictionary(
        fc.constantFrom(...ROAD_KINDS),
        fc.record({
          name: fc.constant(null),
          carMinutes: fc.constantFrom(0, 4.5, 12, 20, 31.7, 60, 95),
          truckMinutes: fc.option(fc.constantFrom(5, 13.2, 22, 40, 70), { nil: null }),
          method: pick('road', 'estimate'),
        }),
      ),
      labourPool: fc.subarray([...LABOUR_POOL_MINUTES]).chain((ms) =>
        fc.tuple(
          ...ms.map((minutes) =>
            fc.record({
              minutes: fc.constant(minutes),
              population: fc.constantFrom(0, 15_000, 400_000),
              active: fc.constantFrom(0, 900, 7893, 20_000, 185_981),
              unemployed: fc.constantFrom(0, 500, 12_000),
              method: pick('road', 'estimate'),
            }),
          ),
        ),
      ),
    })
    .map((r) => ({ id: id, name: id, published: true, ...r }) as MatchSite);

const needsArb: fc.Arbitrary<Needs> = fc
  .record({
    surfaceHa: fc
      .record({
        min: fc.constantFrom(1, 5, 10, 30, 50),
        extra: fc.option(fc.constantFrom(0, 5, 100), { nil: undefined }),
      })
      .map(({ min, extra }) => (extra === undefined ? { min } : { min, max: min + extra })),
    powerMw: fc.option(fc.constantFrom(0.2, 5, 12.5, 35, 60, 120, 300), { nil: undefined }),
    rampUpMonths: fc.option(fc.constantFrom(12, 24, 36, 48), { nil: undefined }),
    gas: fc.option(
      fc.record({
        required: fc.constant(true),
        capacityMwhPerDay: fc.option(fc.constantFrom(100, 500), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    waterM3PerDay: fc.option(fc.constantFrom(500, 3000), { nil: undefined }),
    wastewaterM3PerDay: fc.option(fc.constantFrom(500, 3000), { nil: undefined }),
    railSiding: pick('required', 'preferred', 'indifferent'),
    quay: pick('required', 'preferred', 'indifferent'),
    fibre: pick('required', 'indifferent'),
    maxDistanceKm: fc.record(
      {
        motorway: fc.constantFrom(5, 10, 20),
        railFreight: fc.constantFrom(5, 10),
        port: fc.constantFrom(10, 60),
        airport: fc.constantFrom(10, 80),
      },
      { requiredKeys: [] },
    ),
    maxDriveMinutes: fc.record(
      {
        motorway: fc.constantFrom(10, 20, 30),
        railFreight: fc.constantFrom(15, 45),
        port: fc.constantFrom(20, 60),
        airport: fc.constantFrom(30, 90),
      },
      { requiredKeys: [] },
    ),
    labourPool: fc.option(
      fc.record({ minutes: fc.constantFrom(20, 30, 45), minActive: fc.constantFrom(1000, 20_000, 100_000) }),
      { nil: undefined },
    ),
    icpeRegime: fc.option(pick('NC', 'D', 'DC', 'E', 'A'), { nil: undefined }),
    sevesoTier: fc.option(pick('none', 'lower', 'upper'), { nil: undefined }),
    availableBy: fc.option(fc.constantFrom('2026-06-30', '2027-01-01'), { nil: undefined }),
    maxPriceEurM2: fc.option(fc.constantFrom(30, 40), { nil: undefined }),
    brownfield: pick('required', 'preferred', 'indifferent'),
    excludeRisks: fc.subarray([
      'ppri_red',
      'pprt',
      'natura2000',
      'ppri_blue',
      'seveso_neighbour',
      'soil_pollution',
    ]),
    regions: fc.subarray(['44', '84']),
    excludeDepartments: fc.subarray(['78']),
  })
  .map((raw) => {
    const parsed = needsSchema.parse(JSON.parse(JSON.stringify(raw)));
    return needsSchema.parse({
      ...JSON.parse(JSON.stringify(raw)),
      hard: HARD_KEYS.filter((k) => isHardKeyApplicable(parsed, k)),
    });
  });

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('empty');
  const cols = FIELDS.map((f) => `${column(f)} ${COLUMNS[f]}`).join(', ');
  const access = [
    ...ACCESS_KINDS.map((k) => `${accessColumn(k)} double precision`),
    ...ROAD_KINDS.map((k) => `${driveColumn(k)} double precision`),
    ...LABOUR_POOL_MINUTES.map((m) => `${poolColumn(m)} double precision`),
  ].join(', ');
  await db.knex.raw('CREATE SCHEMA hc');
  await db.knex.raw(
    `CREATE TABLE hc.site_match (site_id text PRIMARY KEY, ${cols}, ${access}, readiness_done smallint,
       readiness_stated boolean, banned boolean, risk_score double precision, zoning_base double precision)`,
  );
});
afterAll(async () => {
  await db?.drop();
});

/**
 * What migration 0007 derives per site (matching.store.pg.test.ts checks the real columns
 * against the same TypeScript): readiness counts, the project-independent legal bans, the risks
 * score, the zoning base.
 */
function derivedColumns(site: MatchSite) {
  const list = site.readiness ?? [];
  const last = new Map(list.map((r) => [r.item, r.status]));
  const needs = needsSchema.parse({ surfaceHa: { min: 1 } });
  const banned = KNOCKOUTS.filter((k) => k.inBannedFlag).some(
    (k) => evaluateCondition(k.condition({ needs, electrical: DEFAULT_ELECTRICAL_CONFIG })!, site) !== true,
  );
  const plu = site.pluZone ? PLU_FACTORS[site.pluZone] : 0.5;
  const dest = site.pluDestination
    ? (DESTINATION_FACTORS[site.pluDestination] ?? UNKNOWN_DESTINATION_FACTOR)
    : UNKNOWN_DESTINATION_FACTOR;
  return {
    readiness_done: [...last.values()].filter((s) => s === 'done' || s === 'not_required').length,
    readiness_stated: list.length > 0,
    banned,
    risk_score: risks(site, needs).score,
    zoning_base: 1 * plu * dest,
  };
}

async function withSites<T>(sites: MatchSite[], fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.knex.transaction(async (trx) => {
    await trx.raw('SET LOCAL search_path TO hc, public');
    await trx.raw('TRUNCATE site_match');
    await trx('site_match').insert(
      sites.map((s) => ({
        site_id: s.id,
        ...Object.fromEntries(
          FIELDS.map((f) => [column(f), (s as unknown as Record<string, unknown>)[f] ?? null]),
        ),
        ...Object.fromEntries(ACCESS_KINDS.map((k) => [accessColumn(k), s.access?.[k]?.distanceM ?? null])),
        ...Object.fromEntries(ROAD_KINDS.map((k) => [driveColumn(k), driveOf(s, k)?.minutes ?? null])),
        ...Object.fromEntries(LABOUR_POOL_MINUTES.map((m) => [poolColumn(m), poolOf(s, m)?.active ?? null])),
        ...derivedColumns(s),
      })),
    );
    return fn(trx);
  });
}

const sample = fc.sample(needsArb, { numRuns: 40, seed: 42 });
const sitesFor = (i: number) =>
  fc.sample(
    fc.tuple(
      ...Array.from({ length: 30 }, (_, j) =>
        siteArb(`s${String(i).padStart(2, '0')}-${String(j).padStart(2, '0')}`),
      ),
    ),
    {
      numRuns: 1,
      seed: 1000 + i,
    },
  )[0];

describe('knock-outs: SQL = TypeScript', () => {
  it('predicates and normalised gaps agree on random sites and needs', async () => {
    const outcomes = new Set<string>();
    let compared = 0;
    for (const [i, needs] of sample.entries()) {
      const sites = sitesFor(i);
      const rules = matchRules(needs);
      const all = [
        ...rules.scope,
        ...rules.legal.map((k) => ({ key: k.def.key, condition: k.condition })),
        ...rules.needs.map((k) => ({ key: k.def.key, condition: k.condition })),
      ];
      const parts = all.flatMap((k, n) => {
        const p = compilePredicate(k.condition, 'm');
        const g = compileGap(k.condition, 'm');
        return [
          { sql: `${p.sql} AS p${n}`, bindings: p.bindings },
          { sql: `${g.sql} AS g${n}`, bindings: g.bindings },
        ];
      });
      const select = joinSql(parts, ', ');
      const rows = await withSites(
        sites,
        async (trx) =>
          (
            await trx.raw(
              `SELECT m.site_id AS id, ${select.sql} FROM site_match m ORDER BY m.site_id`,
              select.bindings,
            )
          ).rows as Record<string, unknown>[],
      );
      for (const row of rows) {
        const site = sites.find((s) => s.id === row.id)!;
        all.forEach((k, n) => {
          const js = evaluateCondition(k.condition, site);
          outcomes.add(String(js));
          expect(row[`p${n}`], `${k.key} on ${site.id}`).toBe(js);
          expect(Number(row[`g${n}`]), `gap of ${k.key} on ${site.id}`).toBeCloseTo(
            conditionGap(k.condition, site),
            12,
          );
          compared++;
        });
      }
    }
    expect(outcomes).toEqual(new Set(['true', 'false', 'null']));
    expect(compared).toBeGreaterThan(10_000);
  });
});

describe('criteria and aggregation: SQL = TypeScript', () => {
  it('every active criterion scores alike, and the weighted sum and TOPSIS closeness agree', async () => {
    let compared = 0;
    for (const [i, needs] of sample.entries()) {
      const sites = sitesFor(i).filter((s) => s.status !== 'taken');
      const { defs, weights } = weightedCriteria(needs);
      const crit = defs.flatMap((c, n) => {
        const s = c.sql(needs);
        return [
          { sql: `${s.score.sql} AS c${n}`, bindings: s.score.bindings },
          { sql: `${s.raw.sql} AS r${n}`, bindings: s.raw.bindings },
        ];
      });
      const weighted = weightedScoreSql(defs, weights, needs);
      const select = joinSql([...crit, { sql: `${weighted.sql} AS ws`, bindings: weighted.bindings }], ', ');
      const rows = await withSites(
        sites,
        async (trx) =>
          (
            await trx.raw(
              `SELECT m.site_id AS id, ${select.sql} FROM site_match m ORDER BY m.site_id`,
              select.bindings,
            )
          ).rows as Record<string, unknown>[],
      );
      const ts = rankCandidates(sites, needs);
      const tsById = new Map(ts.map((r) => [r.siteId, r]));
      for (const row of rows) {
        const site = sites.find((s) => s.id === row.id)!;
        defs.forEach((c, n) => {
          const r = c.evaluate(site, needs);
          expect(Number(row[`c${n}`]), `${c.key} score on ${site.id}`).toBeCloseTo(r.score, 12);
          expect(Number(row[`r${n}`]), `${c.key} raw on ${site.id}`).toBeCloseTo(r.raw, 9);
          compared++;
        });
        expect(Math.round(Number(row.ws) * 1e6) / 1e6, `weighted score of ${site.id}`).toBe(
          tsById.get(site.id)!.score,
        );
      }

      // TOPSIS over the same set: statistics in SQL, then the closeness in SQL with the poles
      // bound (as the stage runs it), against topsisWithStats.
      const raws = topsisRawColumns(defs, needs);
      const stats = topsisStatsSql(defs.length, null);
      const m = defs.length;
      const topsisRows = await withSites(sites, async (trx) => {
        const st = (
          await trx.raw(`SELECT ${stats.sql} FROM (SELECT ${raws.sql} FROM site_match m) p`, [
            ...stats.bindings,
            ...raws.bindings,
          ])
        ).rows[0] as Record<string, number>;
        const col = (prefix: string) => Array.from({ length: m }, (_, j) => Number(st[`${prefix}${j}`]));
        const b = topsisBoundSql(
          { sumSq: col('s'), max: col('hi'), min: col('lo') },
          weights,
          defs.map((d) => d.direction),
          (j) => defs[j].sql(needs).raw,
        );
        return (
          await trx.raw(
            `SELECT d.id, ${b.closeness.sql} AS score
             FROM (SELECT v.id, ${b.distances.sql} FROM (SELECT m.site_id AS id, ${b.values.sql} FROM site_match m) v) d
             ORDER BY d.id`,
            [...b.closeness.bindings, ...b.distances.bindings, ...b.values.bindings],
          )
        ).rows as { id: string; score: number }[];
      });
      const statsTs = topsisStats(
        sites.map((s) => topsisRaws(s, needs)),
        defs.length,
      );
      const tsTopsis = new Map(
        rankCandidates(sites, needs, { method: 'topsis', topsisStats: statsTs }).map((r) => [
          r.siteId,
          r.score,
        ]),
      );
      for (const row of topsisRows) {
        expect(Math.round(Number(row.score) * 1e6) / 1e6, `TOPSIS of ${row.id}`).toBe(
          tsTopsis.get(String(row.id)),
        );
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });
});
