/**
 * The match stage in SQL over `site_match` (one narrow row per site with every column the
 * knock-outs and criteria read, kept current by triggers: migrations 0005 and 0007). The rules
 * are not written twice: knock-out conditions compile through knockouts/condition.sql.ts and
 * scores through each criterion's `sql` form, both tested against their TypeScript twins.
 *
 * Exact over the whole inventory (no sampling, no cap on what is considered): one statement
 * bundles independent scans of the scope — the counts (in scope, legally excluded, passing,
 * near-missing), the closest near-misses by failures, gap, id, and the top `limit +
 * RESCORE_MARGIN` passing sites by score rounded to 6 decimals then id (weighted sum) or, for
 * TOPSIS, the column statistics over every passing site, from which the poles are computed and
 * bound into a second statement that ranks by closeness. Each scan computes only what its rows
 * need and hands back only its result rows (no row of the scope leaves the scan).
 * Then the full rows of the picked sites, for the TypeScript re-score and the explanations.
 * What one site costs was cut by deriving the project-independent parts once per site write
 * (migration 0007: the legal-ban flag, the risks score, the zoning base): see README.md.
 * Values are always bound; identifiers come from the field table and constant lists.
 */
import type { Knex } from 'knex';
import type { PolygonalGeometry } from '../../shared/geo.ts';
import { FIELD_BY_KEY } from '../sites/site.fields.ts';
import { SIMPLIFIED_GEOJSON } from '../sites/sites.store.pg.ts';
import { ACCESS_KINDS, MATCH_SITE_FIELDS, type MatchSite } from './candidate.ts';
import type { CRITERIA, CriterionOptions } from './criteria/index.ts';
import { compileGap, compilePredicate, joinSql, type SqlFragment } from './knockouts/condition.sql.ts';
import type { MatchRules } from './knockouts/evaluate.ts';
import type { TopsisStats } from './mcda.ts';
import type { MatchMethod, Needs } from './needs.schema.ts';
import type { MatchCounts } from './rank.ts';
import { loadRoadFacts } from './road-facts.ts';
import { topsisBoundSql, topsisRawColumns, topsisStatsSql, weightedScoreSql } from './scoring.sql.ts';

/** Parallel workers per scan of the match stage (server engine); 0 = the backend alone (see runStage). */
const MATCH_PARALLEL_WORKERS = Math.max(
  0,
  Math.min(8, Math.trunc(Number(process.env.MATCH_PARALLEL_WORKERS ?? 0)) || 0),
);

/** A near-miss fails at least one and at most this many need knock-outs. */
export const MAX_NEAR_MISS_FAILURES = 2;
/**
 * Extra rows fetched beyond the limit for the TypeScript re-score: SQL and TypeScript compute
 * the same doubles, so the order agrees, but a score exactly on a 6-decimal rounding boundary
 * could round differently; the margin keeps the true top inside what is re-scored.
 */
export const RESCORE_MARGIN = 20;

const SELECT_FIELDS = MATCH_SITE_FIELDS.map((key) => {
  const f = FIELD_BY_KEY.get(key);
  if (!f) throw new Error(`no site field ${key}`);
  return `s."${f.column}" AS "${key}"`;
}).join(', ');
const ACCESS_SELECT = ACCESS_KINDS.map(
  (k) => `m."${k}_m" AS "${k}:m", m."${k}_id"::text AS "${k}:id", "i_${k}".name AS "${k}:name"`,
).join(', ');
const ACCESS_JOINS = ACCESS_KINDS.map(
  (k) => `LEFT JOIN infrastructure "i_${k}" ON "i_${k}".id = m."${k}_id"`,
).join('\n    ');

const and = (parts: SqlFragment[]): SqlFragment =>
  parts.length === 0
    ? { sql: 'TRUE', bindings: [] }
    : joinSql(
        parts.map((p) => ({ sql: `(${p.sql})`, bindings: p.bindings })),
        ' AND ',
      );

export interface StageInput {
  needs: Needs;
  rules: MatchRules;
  method: MatchMethod;
  defs: readonly (typeof CRITERIA)[number][];
  /** Normalised weights of `defs`. */
  weights: readonly number[];
  criterion?: CriterionOptions;
  /** Anonymous callers match against published sites only. */
  publishedOnly: boolean;
  /** Results wanted (the stage returns limit + RESCORE_MARGIN ranked ids). */
  limit: number;
  nearMissLimit: number;
  /** TOPSIS raw values of rows ranked outside SQL (plot assemblies), added to the statistics. */
  extraTopsisRows?: readonly (readonly number[])[];
}

export interface StageOutput {
  counts: MatchCounts;
  ranked: { id: string; score: number }[];
  nearMisses: { id: string; failures: number; gapSum: number }[];
  /** TOPSIS statistics over every passing site and the extra rows (null for weighted, or none pass). */
  topsisStats: TopsisStats | null;
  sites: Map<string, MatchSite>;
}

interface CompiledRules {
  base: SqlFragment;
  /** TRUE when no legal ban applies (never NULL). */
  legal: SqlFragment;
  /** AND of the need knock-outs (NULL or FALSE when one is not met). */
  pass: SqlFragment;
  failureCount: SqlFragment;
  gapSum: SqlFragment;
}

export function compileRules(input: StageInput): CompiledRules {
  const { rules } = input;
  const scope = rules.scope.map((s) => compilePredicate(s.condition, 'm'));
  const base = and([...(input.publishedOnly ? [{ sql: 'm.published', bindings: [] }] : []), ...scope]);
  // Project-independent bans are one precomputed flag; the others (Natura 2000) compile here.
  const legal: SqlFragment[] = rules.legal.some((k) => k.def.inBannedFlag)
    ? [{ sql: 'NOT m.banned', bindings: [] }]
    : [];
  for (const k of rules.legal.filter((x) => !x.def.inBannedFlag)) {
    const p = compilePredicate(k.condition, 'm');
    legal.push({ sql: `${p.sql} IS TRUE`, bindings: p.bindings });
  }
  const needs = rules.needs.map((k) => compilePredicate(k.condition, 'm'));
  const sum = (parts: SqlFragment[], empty: string) =>
    parts.length === 0 ? { sql: empty, bindings: [] } : joinSql(parts, ' + ');
  return {
    base,
    legal: and(legal),
    pass: and(needs),
    failureCount: sum(
      needs.map((p) => ({ sql: `((${p.sql}) IS NOT TRUE)::int`, bindings: p.bindings })),
      '0',
    ),
    gapSum: sum(
      rules.needs.map((k) => compileGap(k.condition, 'm')),
      '0::float8',
    ),
  };
}

type Value = string | number | boolean | null;

/**
 * The stage's first statement with its bindings (benchmarks run it raw, beside the HTTP
 * figures); TOPSIS ranks in a second one, `compileTopsisRanking`, once the statistics are known.
 */
export function compileStage(input: StageInput): Statement {
  return stageStatement(input, compileRules(input));
}

interface Statement {
  sql: string;
  bindings: Value[];
}

/** Failure counts of 1 to MAX_NEAR_MISS_FAILURES as one ScalarArrayOp (the count is evaluated once). */
const NEAR_FAILURES = `IN (${Array.from({ length: MAX_NEAR_MISS_FAILURES }, (_, i) => i + 1).join(', ')})`;

const passingWhere = (c: CompiledRules) =>
  and([c.base, c.legal, { sql: `${c.pass.sql} IS TRUE`, bindings: c.pass.bindings }]);

/**
 * The stage as independent scans of the scope, bundled in one statement (UNION ALL: one round
 * trip, one snapshot), each of which sends back only its few result rows: the counts (one aggregate: in scope, legally excluded, passing,
 * near-missing), the closest near-misses (a top-N sort by failures, gap rounded to 6 decimals,
 * id), and the exact top of the ranking: for the weighted sum a top-N sort of the passing sites
 * by score rounded to 6 decimals, then id; for TOPSIS the column statistics over every passing
 * site (Σx², max, min, with the plot assemblies' rows as bound values), from which the poles are
 * computed and the ranking runs as a second statement. Each scan computes only what its rows
 * need: the score of passing sites, the gap of near-misses.
 */
function stageStatement(input: StageInput, c: CompiledRules): Statement {
  const m = input.defs.length;
  const passing = passingWhere(c);
  const near = and([
    c.base,
    c.legal,
    { sql: `${c.failureCount.sql} ${NEAR_FAILURES}`, bindings: c.failureCount.bindings },
  ]);
  const parts: string[] = [];
  const bindings: Value[] = [];
  if (input.method === 'topsis') {
    const raws = topsisRawColumns(input.defs, input.needs, input.criterion);
    const st = topsisStatsSql(m, extraStats(input.extraTopsisRows ?? [], m));
    const cols = Array.from({ length: m }, (_, j) => `st.s${j}, st.hi${j}, st.lo${j}`).join(', ');
    parts.push(`SELECT 'stats' AS part, NULL::text AS id, NULL::float8 AS value, NULL::int AS f, ARRAY[${cols}] AS stats
    FROM (SELECT ${st.sql} FROM (SELECT ${raws.sql} FROM site_match m WHERE ${passing.sql}) p) st`);
    bindings.push(...st.bindings, ...raws.bindings, ...passing.bindings);
  } else {
    // Ordered by the output column (the score rounded to 6 decimals), so the score is computed
    // once per passing site; the value returned is that rounded score (TypeScript re-scores).
    const score = weightedScoreSql(input.defs, input.weights, input.needs, input.criterion);
    parts.push(`SELECT 'ranked' AS part, id::text AS id, k / 1e6 AS value, NULL::int AS f, NULL::float8[] AS stats
    FROM (SELECT m.site_id AS id, round((${score.sql}) * 1e6) AS k FROM site_match m WHERE ${passing.sql}
          ORDER BY k DESC, m.site_id LIMIT ?) r`);
    bindings.push(...score.bindings, ...passing.bindings, input.limit + RESCORE_MARGIN);
  }
  parts.push(`SELECT 'near', id::text, k / 1e6, f, NULL
    FROM (SELECT m.site_id AS id, ${c.failureCount.sql} AS f, round((${c.gapSum.sql}) * 1e6) AS k FROM site_match m
          WHERE ${near.sql} ORDER BY f, k, m.site_id LIMIT ?) n`);
  bindings.push(...c.failureCount.bindings, ...c.gapSum.bindings, ...near.bindings, input.nearMissLimit);
  parts.push(`SELECT 'counts', NULL, NULL, NULL,
           ARRAY[count(*), count(*) FILTER (WHERE NOT (${c.legal.sql})),
                 count(*) FILTER (WHERE (${c.legal.sql}) AND (${c.pass.sql}) IS TRUE),
                 count(*) FILTER (WHERE (${c.legal.sql}) AND ${c.failureCount.sql} ${NEAR_FAILURES})]::float8[]
    FROM site_match m WHERE ${c.base.sql}`);
  bindings.push(
    ...c.legal.bindings,
    ...c.legal.bindings,
    ...c.pass.bindings,
    ...c.legal.bindings,
    ...c.failureCount.bindings,
    ...c.base.bindings,
  );
  return { sql: parts.join('\n    UNION ALL\n    '), bindings };
}

/**
 * TOPSIS ranking once the statistics over every passing site are known: the poles are bound
 * values, each passing site's scaled values are computed once (materialised), then its
 * distances to the poles and its closeness, and the exact top by closeness rounded to 6
 * decimals, then id.
 */
export function compileTopsisRanking(input: StageInput, stats: TopsisStats): Statement {
  const c = compileRules(input);
  const passing = passingWhere(c);
  const b = topsisBoundSql(
    stats,
    input.weights,
    input.defs.map((d) => d.direction),
    (j) => input.defs[j].sql(input.needs, input.criterion).raw,
  );
  return {
    sql: `WITH v AS MATERIALIZED (SELECT m.site_id AS id, ${b.values.sql} FROM site_match m WHERE ${passing.sql})
    SELECT 'ranked' AS part, id::text AS id, k / 1e6 AS value, NULL::int AS f, NULL::float8[] AS stats
    FROM (SELECT d.id, round((${b.closeness.sql}) * 1e6) AS k
          FROM (SELECT v.id, ${b.distances.sql} FROM v) d
          ORDER BY k DESC, d.id LIMIT ?) r`,
    bindings: [
      ...b.values.bindings,
      ...passing.bindings,
      ...b.closeness.bindings,
      ...b.distances.bindings,
      input.limit + RESCORE_MARGIN,
    ],
  };
}

function extraStats(rows: readonly (readonly number[])[], m: number) {
  if (rows.length === 0) return null;
  const extra = {
    sumSq: new Array<number>(m).fill(0),
    max: new Array<number | null>(m).fill(null),
    min: new Array<number | null>(m).fill(null),
  };
  for (const row of rows) {
    row.forEach((x, j) => {
      extra.sumSq[j] += x * x;
      extra.max[j] = extra.max[j] === null ? x : Math.max(extra.max[j] as number, x);
      extra.min[j] = extra.min[j] === null ? x : Math.min(extra.min[j] as number, x);
    });
  }
  return extra;
}

/** Full MatchSite rows (site fields and nearest features) of the given ids. */
/**
 * The outlines of sites as lists send them (big ones simplified), by id: what the map draws
 * for match results, so the client needs no request per result.
 */
export async function fetchOutlines(
  db: Knex,
  ids: readonly string[],
): Promise<Map<string, PolygonalGeometry>> {
  if (ids.length === 0) return new Map();
  const r = await db.raw(
    `SELECT sites.id::text AS id, ${SIMPLIFIED_GEOJSON} FROM sites WHERE sites.id = ANY(?::uuid[])`,
    [[...ids]],
  );
  const rows = r.rows as { id: string; geometry: PolygonalGeometry | string }[];
  // The embedded engine may hand json back as text.
  return new Map(
    rows.map((row) => [row.id, typeof row.geometry === 'string' ? JSON.parse(row.geometry) : row.geometry]),
  );
}

export async function fetchMatchSites(db: Knex, ids: readonly string[]): Promise<Map<string, MatchSite>> {
  const out = new Map<string, MatchSite>();
  if (ids.length === 0) return out;
  const r = await db.raw(
    `SELECT s.id::text AS id, ${SELECT_FIELDS}, ${ACCESS_SELECT}
     FROM sites s
     JOIN site_match m ON m.site_id = s.id
     ${ACCESS_JOINS}
     WHERE s.id = ANY(?::uuid[])`,
    [[...ids]],
  );
  for (const row of r.rows as Record<string, unknown>[]) {
    const access: MatchSite['access'] = {};
    for (const kind of ACCESS_KINDS) {
      const distanceM = row[`${kind}:m`];
      if (distanceM === null || distanceM === undefined) continue;
      access[kind] = {
        name: (row[`${kind}:name`] as string | null) ?? null,
        distanceM: Number(distanceM),
        infrastructureId: (row[`${kind}:id`] as string | null) ?? null,
      };
    }
    const site = { id: String(row.id), access } as MatchSite;
    for (const key of MATCH_SITE_FIELDS) (site as unknown as Record<string, unknown>)[key] = row[key] ?? null;
    out.set(site.id, site);
  }
  for (const [id, facts] of await loadRoadFacts(db, [...out.keys()])) {
    const site = out.get(id)!;
    site.drive = facts.drive;
    site.labourPool = facts.labourPool;
  }
  return out;
}

/**
 * Runs the stage: one statement (TOPSIS: two), then the rows of the picked sites, in one
 * read-only transaction (one snapshot). The scans run in the backend alone: on the 2-core
 * benchmark machine, starting parallel workers (three Gathers per match) cost more than they
 * saved — 1,000,000 plots, broad profile: 806 ms serial vs 1,120 ms with 2 workers (weighted),
 * 1,413 vs 2,309 ms (TOPSIS); dense: 180 vs 528 ms. `MATCH_PARALLEL_WORKERS` lets a larger
 * server use them.
 */
export async function runStage(db: Knex, input: StageInput): Promise<StageOutput> {
  const statement = compileStage(input);
  return db.transaction(async (trx) => {
    // The server's pg client is configured by name; the embedded engine's by class.
    if (typeof db.client.config?.client === 'string') {
      await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await trx.raw("SET LOCAL work_mem = '64MB'");
      await trx.raw(`SET LOCAL max_parallel_workers_per_gather = ${MATCH_PARALLEL_WORKERS}`);
    }
    type Row = {
      part: string;
      id: string | null;
      value: number | null;
      f: number | null;
      stats: number[] | null;
    };
    const rows = (await trx.raw(statement.sql, statement.bindings)).rows as Row[];
    const counts = rows.find((x) => x.part === 'counts')!.stats!.map(Number);
    const m = input.defs.length;
    const statsRow = rows.find((x) => x.part === 'stats')?.stats ?? null;
    const topsisStats: TopsisStats | null =
      input.method === 'topsis' && statsRow && counts[2] > 0
        ? {
            sumSq: Array.from({ length: m }, (_, j) => Number(statsRow[3 * j])),
            max: Array.from({ length: m }, (_, j) => Number(statsRow[3 * j + 1])),
            min: Array.from({ length: m }, (_, j) => Number(statsRow[3 * j + 2])),
          }
        : null;
    if (topsisStats) {
      const ranking = compileTopsisRanking(input, topsisStats);
      rows.push(...((await trx.raw(ranking.sql, ranking.bindings)).rows as Row[]));
    }
    const ranked = rows
      .filter((x) => x.part === 'ranked')
      .map((x) => ({ id: String(x.id), score: Number(x.value) }));
    const nearMisses = rows
      .filter((x) => x.part === 'near')
      .map((x) => ({ id: String(x.id), failures: Number(x.f), gapSum: Number(x.value) }));
    const sites = await fetchMatchSites(trx, [...ranked.map((x) => x.id), ...nearMisses.map((x) => x.id)]);
    return {
      counts: {
        considered: counts[0],
        legallyExcluded: counts[1],
        candidates: counts[2],
        nearMisses: counts[3],
      },
      ranked,
      nearMisses,
      topsisStats,
      sites,
    };
  });
}
