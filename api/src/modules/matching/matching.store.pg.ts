/**
 * The match stage in SQL over `site_match` (one narrow row per site with every column the
 * knock-outs and criteria read, kept current by triggers: migrations 0005 and 0007). The rules
 * are not written twice: knock-out conditions compile through knockouts/condition.sql.ts and
 * scores through each criterion's `sql` form, both tested against their TypeScript twins.
 *
 * One statement, exact over the whole inventory (no sampling, no cap on what is considered):
 * a single scan of the scope computes, per site, whether a legal ban applies and how many need
 * knock-outs it fails, then only where it matters the score (passing sites: weighted sum, or
 * TOPSIS against column statistics over every passing site plus the plot assemblies) or the
 * summed normalised gap (near-misses). From that materialised scan come the counts (in scope,
 * legally excluded, passing, near-missing), the top `limit + RESCORE_MARGIN` by score rounded to
 * 6 decimals then id (a top-N sort), and the closest near-misses by failures, gap, id. Then the
 * full rows of the picked sites, for the TypeScript re-score and the explanations. What one site
 * costs was cut by deriving the project-independent parts once per site write (migration 0007:
 * the legal-ban flag, the risks score, the zoning base): see README.md for the measured cost.
 * Values are always bound; identifiers come from the field table and constant lists.
 */
import type { Knex } from 'knex';
import { FIELD_BY_KEY } from '../sites/site.fields.ts';
import { ACCESS_KINDS, MATCH_SITE_FIELDS, type MatchSite } from './candidate.ts';
import type { CRITERIA, CriterionOptions } from './criteria/index.ts';
import { compileGap, compilePredicate, joinSql, type SqlFragment } from './knockouts/condition.sql.ts';
import type { MatchRules } from './knockouts/evaluate.ts';
import type { TopsisStats } from './mcda.ts';
import type { MatchMethod, Needs } from './needs.schema.ts';
import type { MatchCounts } from './rank.ts';
import { loadRoadFacts } from './road-facts.ts';
import { topsisClosenessSql, topsisPolesSql, topsisStatsSql, weightedScoreSql } from './scoring.sql.ts';

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

/** The stage's one statement with its bindings (benchmarks run it raw, beside the HTTP figures). */
export function compileStage(input: StageInput): { sql: string; bindings: Value[] } {
  return stageStatement(input, compileRules(input));
}

/**
 * The whole stage in one scan of the scope: per site whether a legal ban applies, how many
 * need knock-outs it fails, and — only where it matters — its score (passing sites) or summed
 * normalised gap (near-misses), kept in a materialised relation `s` from which the counts, the
 * exact top of the ranking and the closest near-misses are read. For TOPSIS `s` keeps the raw
 * value of each criterion of the passing sites instead of a score, and the column statistics
 * (with the extra rows of plot assemblies) are aggregated from it before the closeness is
 * computed.
 */
function stageStatement(input: StageInput, c: CompiledRules): { sql: string; bindings: Value[] } {
  const topsis = input.method === 'topsis';
  const m = input.defs.length;
  const passing = 'legal AND f = 0';
  const near = `legal AND f BETWEEN 1 AND ${MAX_NEAR_MISS_FAILURES}`;
  // Scored only where every knock-out holds: the weighted sum, or each criterion's raw value.
  const guard = (e: SqlFragment, name: string): SqlFragment => ({
    sql: `CASE WHEN ${c.legal.sql} AND ${c.pass.sql} THEN ${e.sql} END AS ${name}`,
    bindings: [...c.legal.bindings, ...c.pass.bindings, ...e.bindings],
  });
  const scored = topsis
    ? joinSql(
        input.defs.map((d, j) => guard(d.sql(input.needs, input.criterion).raw, `r${j}`)),
        ', ',
      )
    : guard(weightedScoreSql(input.defs, input.weights, input.needs, input.criterion), 'score');
  const parts: string[] = [];
  const bindings: Value[] = [];
  // One flat scan so the planner may run it in parallel workers: the failure count is computed
  // once (its own column), the score and the gap are guarded by the knock-out conditions
  // themselves (cheap, short-circuited), never by a reference to the count.
  parts.push(`WITH s AS MATERIALIZED (
      SELECT CASE WHEN ${c.legal.sql} THEN m.site_id END AS id, ${c.legal.sql} AS legal,
             ${c.failureCount.sql} AS f,
             ${scored.sql},
             CASE WHEN ${c.legal.sql} AND NOT coalesce(${c.pass.sql}, false) THEN ${c.gapSum.sql} END AS gap
      FROM site_match m WHERE ${c.base.sql}
    )`);
  bindings.push(
    ...c.legal.bindings,
    ...c.legal.bindings,
    ...c.failureCount.bindings,
    ...scored.bindings,
    ...c.legal.bindings,
    ...c.pass.bindings,
    ...c.gapSum.bindings,
    ...c.base.bindings,
  );
  let stats = 'NULL::float8[] AS stats';
  if (topsis) {
    const extra = extraStats(input.extraTopsisRows ?? [], m);
    const st = topsisStatsSql(m, extra);
    const poles = topsisPolesSql(
      input.weights,
      input.defs.map((d) => d.direction),
    );
    const close = topsisClosenessSql(input.weights);
    parts.push(`, st AS (SELECT ${st.sql} FROM s p WHERE p.r0 IS NOT NULL),
      pl AS (SELECT ${poles.sql} FROM st),
      scored AS (
        SELECT p.id, ${close.closeness.sql} AS score
        FROM s p CROSS JOIN pl CROSS JOIN LATERAL (SELECT ${close.values.sql}) v
        WHERE p.r0 IS NOT NULL
      )`);
    bindings.push(...st.bindings, ...poles.bindings, ...close.closeness.bindings, ...close.values.bindings);
    const cols = Array.from({ length: m }, (_, j) => `st.s${j}, st.hi${j}, st.lo${j}`).join(', ');
    stats = `(SELECT ARRAY[${cols}] FROM st) AS stats`;
  } else {
    parts.push(', scored AS (SELECT id, score FROM s WHERE score IS NOT NULL)');
  }
  parts.push(`
    SELECT 'ranked' AS part, id::text AS id, score AS value, NULL::int AS f, NULL::float8[] AS stats
    FROM (SELECT id, score FROM scored ORDER BY round(score * 1e6) DESC, id LIMIT ?) r
    UNION ALL
    SELECT 'near', id::text, gap, f, NULL
    FROM (SELECT id, gap, f FROM s WHERE ${near} ORDER BY f, round(gap * 1e6), id LIMIT ?) n
    UNION ALL
    SELECT 'counts', NULL, NULL, NULL,
           ARRAY[count(*), count(*) FILTER (WHERE NOT legal), count(*) FILTER (WHERE ${passing}),
                 count(*) FILTER (WHERE ${near})]::float8[]
    FROM s
    UNION ALL
    SELECT 'stats', NULL, NULL, NULL, ${stats.replace(' AS stats', '')}`);
  bindings.push(input.limit + RESCORE_MARGIN, input.nearMissLimit);
  return { sql: parts.join(''), bindings };
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
 * Runs the stage: one statement (one scan), then the rows of the picked sites. On the server
 * both share one read-only transaction (one snapshot), the materialised scan keeps to memory
 * (a few tens of bytes per site in scope) and may use parallel workers.
 */
export async function runStage(db: Knex, input: StageInput): Promise<StageOutput> {
  const statement = compileStage(input);
  return db.transaction(async (trx) => {
    // The server's pg client is configured by name; the embedded engine's by class.
    if (typeof db.client.config?.client === 'string') {
      await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await trx.raw("SET LOCAL work_mem = '64MB'");
      await trx.raw('SET LOCAL max_parallel_workers_per_gather = 2');
    }
    const r = await trx.raw(statement.sql, statement.bindings);
    const rows = r.rows as {
      part: string;
      id: string | null;
      value: number | null;
      f: number | null;
      stats: number[] | null;
    }[];
    const counts = rows.find((x) => x.part === 'counts')!.stats!.map(Number);
    const statsRow = rows.find((x) => x.part === 'stats')?.stats ?? null;
    const m = input.defs.length;
    const ranked = rows
      .filter((x) => x.part === 'ranked')
      .map((x) => ({ id: String(x.id), score: Number(x.value) }));
    const nearMisses = rows
      .filter((x) => x.part === 'near')
      .map((x) => ({ id: String(x.id), failures: Number(x.f), gapSum: Number(x.value) }));
    const topsisStats: TopsisStats | null =
      input.method === 'topsis' && statsRow && ranked.length > 0
        ? {
            sumSq: Array.from({ length: m }, (_, j) => Number(statsRow[3 * j])),
            max: Array.from({ length: m }, (_, j) => Number(statsRow[3 * j + 1])),
            min: Array.from({ length: m }, (_, j) => Number(statsRow[3 * j + 2])),
          }
        : null;
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
