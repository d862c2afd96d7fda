/**
 * The match stage in SQL over `site_match` (one narrow row per site with every column the
 * knock-outs and criteria read, kept current by triggers: migrations 0005 and 0007). The rules
 * are not written twice: knock-out conditions compile through knockouts/condition.sql.ts and
 * scores through each criterion's `sql` form, both tested against their TypeScript twins.
 *
 * Four statements, each exact over the whole inventory (no sampling, no cap on what is
 * considered):
 * 1. counts — sites in scope, legally excluded, passing, near-missing (one scan of the scope);
 * 2. the top of the ranking — every passing site scored in SQL (weighted sum, or TOPSIS against
 *    column statistics over every passing site plus the plot assemblies), ordered by score
 *    rounded to 6 decimals then id, `limit + RESCORE_MARGIN` rows kept by a top-N sort;
 * 3. the closest near-misses — failing 1–2 need knock-outs, by failures then summed normalised
 *    gap then id (an implied predicate lets the planner use the indexes when they are rare);
 * 4. the full rows of the sites picked by 2 and 3, for the TypeScript re-score and explanations.
 * Values are always bound; identifiers come from the field table and constant lists.
 */
import type { Knex } from 'knex';
import { FIELD_BY_KEY } from '../sites/site.fields.ts';
import { ACCESS_KINDS, MATCH_SITE_FIELDS, type MatchSite } from './candidate.ts';
import type { CRITERIA, CriterionOptions } from './criteria/index.ts';
import {
  accessColumn,
  compileGap,
  compilePredicate,
  joinSql,
  type SqlFragment,
} from './knockouts/condition.sql.ts';
import type { Condition } from './knockouts/condition.ts';
import type { ActiveKnockout, MatchRules } from './knockouts/evaluate.ts';
import type { Direction, TopsisStats } from './mcda.ts';
import type { MatchMethod, Needs } from './needs.schema.ts';
import type { MatchCounts } from './rank.ts';
import {
  topsisClosenessSql,
  topsisPolesSql,
  topsisRawColumns,
  topsisStatsSql,
  weightedScoreSql,
} from './scoring.sql.ts';

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

/** Columns of `site_match` with an index (migration 0005), for `indexable`. */
const INDEXED_COLUMNS = new Set([
  'site_surf_comm_dispo',
  'power_available_mw',
  'available_from',
  'departement',
  'region',
  'reseau_fret_ferroviaire',
  'reseau_fluvial',
  accessColumn('rail_freight'),
  accessColumn('port'),
  accessColumn('airport'),
]);

function indexable(c: Condition): boolean {
  switch (c.kind) {
    case 'anyOf':
      return c.conditions.every(indexable);
    case 'allOf':
      return c.conditions.some(indexable);
    case 'accessMax':
      return INDEXED_COLUMNS.has(accessColumn(c.accessKind));
    case 'min':
    case 'max':
      return INDEXED_COLUMNS.has(c.column);
    case 'equals':
      return c.value === true && INDEXED_COLUMNS.has(c.column);
    default:
      return false;
  }
}

/**
 * Predicates implied by "fails at most k need knock-outs", for the planner: in any group of
 * k + 1 knock-outs at least one passes. Groups are formed from the indexable knock-outs, so each
 * group is an OR the planner can answer with a BitmapOr; redundant for the result.
 */
function impliedByAtMost(k: number, knockouts: readonly ActiveKnockout[]): SqlFragment {
  const usable = knockouts
    .filter((x) => indexable(x.condition))
    .map((x) => compilePredicate(x.condition, 'm'));
  const size = k + 1;
  const groups: SqlFragment[][] = [];
  for (let i = 0; i + size <= usable.length; i += size) groups.push(usable.slice(i, i + size));
  if (groups.length > 0) groups[groups.length - 1].push(...usable.slice(groups.length * size));
  if (groups.length === 0) return { sql: 'TRUE', bindings: [] };
  return joinSql(
    groups.map((g) => {
      const or = joinSql(g, ' OR ');
      return { sql: `(${or.sql})`, bindings: or.bindings };
    }),
    ' AND ',
  );
}

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
  legalWhere: SqlFragment;
  legalTrue: SqlFragment;
  passWhere: SqlFragment;
  failureCount: SqlFragment;
  gapSum: SqlFragment;
  implied: SqlFragment;
}

function compileRules(input: StageInput): CompiledRules {
  const { rules } = input;
  const scope = rules.scope.map((s) => compilePredicate(s.condition, 'm'));
  const base = and([...(input.publishedOnly ? [{ sql: 'm.published', bindings: [] }] : []), ...scope]);
  const legal = rules.legal.map((k) => compilePredicate(k.condition, 'm'));
  const needs = rules.needs.map((k) => compilePredicate(k.condition, 'm'));
  const sum = (parts: SqlFragment[], empty: string) =>
    parts.length === 0 ? { sql: empty, bindings: [] } : joinSql(parts, ' + ');
  return {
    base,
    legalWhere: and(legal),
    legalTrue: and(legal.map((p) => ({ sql: `${p.sql} IS TRUE`, bindings: p.bindings }))),
    passWhere: and(needs),
    failureCount: sum(
      needs.map((p) => ({ sql: `((${p.sql}) IS NOT TRUE)::int`, bindings: p.bindings })),
      '0',
    ),
    gapSum: sum(
      rules.needs.map((k) => compileGap(k.condition, 'm')),
      '0::float8',
    ),
    implied: impliedByAtMost(MAX_NEAR_MISS_FAILURES, rules.needs),
  };
}

async function counts(db: Knex, c: CompiledRules): Promise<MatchCounts> {
  const r = await db.raw(
    `SELECT count(*)::int AS considered,
            count(*) FILTER (WHERE NOT legal)::int AS banned,
            count(*) FILTER (WHERE legal AND f = 0)::int AS candidates,
            count(*) FILTER (WHERE legal AND f BETWEEN 1 AND ${MAX_NEAR_MISS_FAILURES})::int AS near
     FROM (SELECT ${c.legalTrue.sql} AS legal, ${c.failureCount.sql} AS f
           FROM site_match m WHERE ${c.base.sql}) x`,
    [...c.legalTrue.bindings, ...c.failureCount.bindings, ...c.base.bindings],
  );
  const row = r.rows[0];
  return {
    considered: Number(row.considered),
    legallyExcluded: Number(row.banned),
    candidates: Number(row.candidates),
    nearMisses: Number(row.near),
  };
}

async function rankWeighted(db: Knex, input: StageInput, c: CompiledRules) {
  const score = weightedScoreSql(input.defs, input.weights, input.needs, input.criterion);
  const r = await db.raw(
    `SELECT id, score FROM (
       SELECT m.site_id AS id, ${score.sql} AS score FROM site_match m
       WHERE ${c.base.sql} AND ${c.legalWhere.sql} AND ${c.passWhere.sql}
     ) x
     ORDER BY round(score * 1e6) DESC, id
     LIMIT ?`,
    [
      ...score.bindings,
      ...c.base.bindings,
      ...c.legalWhere.bindings,
      ...c.passWhere.bindings,
      input.limit + RESCORE_MARGIN,
    ],
  );
  const rows = r.rows as { id: string; score: number }[];
  return { ranked: rows.map((x) => ({ id: String(x.id), score: Number(x.score) })), stats: null };
}

async function rankTopsis(db: Knex, input: StageInput, c: CompiledRules) {
  const m = input.defs.length;
  const directions: Direction[] = input.defs.map((d) => d.direction);
  const raws = topsisRawColumns(input.defs, input.needs, input.criterion);
  let extra: { sumSq: number[]; max: (number | null)[]; min: (number | null)[] } | null = null;
  if (input.extraTopsisRows && input.extraTopsisRows.length > 0) {
    extra = { sumSq: new Array(m).fill(0), max: new Array(m).fill(null), min: new Array(m).fill(null) };
    for (const row of input.extraTopsisRows) {
      row.forEach((x, j) => {
        extra!.sumSq[j] += x * x;
        extra!.max[j] = extra!.max[j] === null ? x : Math.max(extra!.max[j]!, x);
        extra!.min[j] = extra!.min[j] === null ? x : Math.min(extra!.min[j]!, x);
      });
    }
  }
  const stats = topsisStatsSql(m, extra);
  const poles = topsisPolesSql(input.weights, directions);
  const close = topsisClosenessSql(input.weights);
  const statCols = Array.from({ length: m }, (_, j) => `st.s${j}, st.hi${j}, st.lo${j}`).join(', ');
  const r = await db.raw(
    `WITH p AS MATERIALIZED (
       SELECT m.site_id AS id, ${raws.sql} FROM site_match m
       WHERE ${c.base.sql} AND ${c.legalWhere.sql} AND ${c.passWhere.sql}
     ), st AS (
       SELECT ${stats.sql} FROM p
     ), pl AS (
       SELECT ${poles.sql} FROM st
     ), ranked AS (
       SELECT id, score FROM (
         SELECT p.id, ${close.closeness.sql} AS score
         FROM p CROSS JOIN pl CROSS JOIN LATERAL (SELECT ${close.values.sql}) v
       ) q
       ORDER BY round(score * 1e6) DESC, id
       LIMIT ?
     )
     SELECT ranked.id, ranked.score, ${statCols} FROM ranked CROSS JOIN st
     ORDER BY round(ranked.score * 1e6) DESC, ranked.id`,
    [
      ...raws.bindings,
      ...c.base.bindings,
      ...c.legalWhere.bindings,
      ...c.passWhere.bindings,
      ...stats.bindings,
      ...poles.bindings,
      ...close.closeness.bindings,
      ...close.values.bindings,
      input.limit + RESCORE_MARGIN,
    ],
  );
  const rows = r.rows as Record<string, unknown>[];
  const statsOut: TopsisStats | null =
    rows.length === 0
      ? null
      : {
          sumSq: Array.from({ length: m }, (_, j) => Number(rows[0][`s${j}`])),
          max: Array.from({ length: m }, (_, j) => Number(rows[0][`hi${j}`])),
          min: Array.from({ length: m }, (_, j) => Number(rows[0][`lo${j}`])),
        };
  return { ranked: rows.map((x) => ({ id: String(x.id), score: Number(x.score) })), stats: statsOut };
}

async function closestNearMisses(
  db: Knex,
  input: StageInput,
  c: CompiledRules,
): Promise<{ id: string; failures: number; gapSum: number }[]> {
  if (input.rules.needs.length === 0 || input.nearMissLimit === 0) return [];
  const r = await db.raw(
    `SELECT id, f, g FROM (
       SELECT m.site_id AS id, ${c.failureCount.sql} AS f, ${c.gapSum.sql} AS g FROM site_match m
       WHERE ${c.base.sql} AND ${c.legalWhere.sql} AND ${c.implied.sql}
     ) x
     WHERE f BETWEEN 1 AND ${MAX_NEAR_MISS_FAILURES}
     ORDER BY f, round(g * 1e6), id
     LIMIT ?`,
    [
      ...c.failureCount.bindings,
      ...c.gapSum.bindings,
      ...c.base.bindings,
      ...c.legalWhere.bindings,
      ...c.implied.bindings,
      input.nearMissLimit,
    ],
  );
  return (r.rows as { id: string; f: number; g: number }[]).map((x) => ({
    id: String(x.id),
    failures: Number(x.f),
    gapSum: Number(x.g),
  }));
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
  return out;
}

/**
 * Runs the stage. On the server the statements share one read-only transaction (one snapshot,
 * so the counts and the lists agree) and may use parallel workers for the scans.
 */
export async function runStage(db: Knex, input: StageInput): Promise<StageOutput> {
  const c = compileRules(input);
  return db.transaction(async (trx) => {
    // The server's pg client is configured by name; the embedded engine's by class.
    if (typeof db.client.config?.client === 'string') {
      await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await trx.raw('SET LOCAL max_parallel_workers_per_gather = 2');
    }
    const totals = await counts(trx, c);
    const top =
      totals.candidates === 0
        ? { ranked: [], stats: null }
        : input.method === 'topsis'
          ? await rankTopsis(trx, input, c)
          : await rankWeighted(trx, input, c);
    const near = totals.nearMisses === 0 ? [] : await closestNearMisses(trx, input, c);
    const sites = await fetchMatchSites(trx, [...top.ranked.map((x) => x.id), ...near.map((x) => x.id)]);
    return { counts: totals, ranked: top.ranked, nearMisses: near, topsisStats: top.stats, sites };
  });
}
