/**
 * The hard-constraint stage in SQL. The rules are not written twice: `hardConstraintSpecs`
 * (hard-constraints.ts) describes each knock-out declaratively and `compileHardConstraints`
 * (hard-constraints.sql.ts, tested against the TypeScript evaluator) turns it into predicates
 * over `site_match`, a narrow read model with one row per site: the columns the constraints read
 * and one precomputed distance column per access kind (migration 0005, kept current by triggers
 * on `sites` and `site_access`; never a nearest-neighbour search at query time). Values are
 * always bound; column names come from the field table, never from input.
 *
 * Bounded semantics (what a large inventory gets; with fewer sites than the bounds nothing is
 * cut and every passing site is ranked):
 * - candidates: the first `candidateLimit` sites in id order among those passing every hard
 *   constraint. Ids are random uuids, so when more sites pass this is a deterministic uniform
 *   sample of them; the ranking stage scores and orders that sample.
 * - near-misses: the first `nearMissLimit` sites by (number of failed constraints, id) among
 *   those failing 1 or 2 (unknown data counts as a failure, "to confirm"); the ranking stage
 *   then keeps the best few by failures, proven failures and score.
 * Each bound is an `ORDER BY site_id LIMIT n`: when qualifying sites are common the planner
 * walks the primary key and stops at n rows (cost ~ n / share qualifying, not the inventory
 * size); when they are rare it gathers them through the indexes of selective knock-outs
 * (migration 0005) and sorts them. The near-miss branches (one per failure count, the second
 * read only when the first falls short) carry implied predicates for that second path
 * (`impliedByFailures`). Measured on 1M plots: ~40–60 ms for the bench profiles; worst case
 * ~0.5 s when almost no site misses by one or two constraints (bench `strict` profile).
 */
import type { Knex } from 'knex';
import { FIELD_BY_KEY } from '../../../sites/site.fields.ts';
import { ACCESS_KINDS, MATCH_SITE_FIELDS, type MatchSite } from '../../candidate.ts';
import { accessColumn, type CompiledConstraint, compileHardConstraints } from './hard-constraints.sql.ts';
import type { Condition, HardConstraintSpec } from './hard-constraints.ts';

export interface CompiledStage {
  sql: string;
  bindings: Knex.Value[];
}

const SELECT_FIELDS = MATCH_SITE_FIELDS.map((key) => {
  const f = FIELD_BY_KEY.get(key);
  if (!f) throw new Error(`no site field ${key}`);
  return `s."${f.column}" AS "${key}"`;
}).join(', ');

// The nearest feature of each kind from the read model's pivot (distance and id; the name from
// `infrastructure`, a small table that stays cached): one narrow row per picked site instead of
// 7 site_access rows on 7 pages, which was most of the statement (~0.08 ms per site on 1M plots).
const ACCESS_SELECT = ACCESS_KINDS.map(
  (k) => `m."${k}_m" AS "${k}:m", m."${k}_id"::text AS "${k}:id", "i_${k}".name AS "${k}:name"`,
).join(', ');
const ACCESS_JOINS = ACCESS_KINDS.map(
  (k) => `LEFT JOIN infrastructure "i_${k}" ON "i_${k}".id = m."${k}_id"`,
).join('\n    ');

/** A near-miss fails at least one and at most this many hard constraints. */
export const MAX_NEAR_MISS_FAILURES = 2;

/** Columns of `site_match` with an index (migration 0005 MATCH_INDEXES), for `indexable`. */
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

/**
 * Whether the planner can fetch the sites passing `c` through indexes (a bitmap scan): an
 * atom on an indexed column, an OR of such conditions, or an AND with one such part.
 */
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
 * Predicates implied by "fails exactly k constraints", for the planner: in any group of k + 1
 * constraints at least one passes. Groups are formed from the indexable knock-outs, so each
 * group is an OR the planner can answer with a BitmapOr, and the groups AND together. When
 * near-misses are rare (strict needs on 1M plots: 3 sites failing one constraint), the walk in
 * id order would otherwise visit the whole table (1.3 s measured) before finding them; when
 * they are common the planner still walks and stops early. Redundant for the result.
 */
function impliedByFailures(k: number, specs: HardConstraintSpec[], compiled: CompiledConstraint[]): Sql {
  const usable = compiled.filter((cc, i) => !cc.scope && indexable(specs[i].condition));
  const size = k + 1;
  const groups: CompiledConstraint[][] = [];
  for (let i = 0; i + size <= usable.length; i += size) groups.push(usable.slice(i, i + size));
  // Leftovers join the last group (a larger group is still implied).
  if (groups.length > 0) groups[groups.length - 1].push(...usable.slice(groups.length * size));
  if (groups.length === 0) return { sql: 'TRUE', bindings: [] };
  return {
    sql: groups.map((g) => `(${g.map((cc) => cc.sql).join(' OR ')})`).join(' AND '),
    bindings: groups.flatMap((g) => g.flatMap((cc) => cc.bindings)),
  };
}

export interface StageOptions {
  /** Anonymous callers match against published sites only. */
  publishedOnly: boolean;
  /** Most candidates returned (ranking happens in TypeScript over them). */
  candidateLimit: number;
  nearMissLimit: number;
}

interface Sql {
  sql: string;
  bindings: Knex.Value[];
}

/**
 * One statement: the bounded candidates (0 failures) and near-misses (1–2), then their full
 * site fields and nearest features, ordered by failures and id.
 */
export function compileStage(specs: HardConstraintSpec[], opts: StageOptions): CompiledStage {
  const c = compileHardConstraints(specs, { siteAlias: 'm', accessColumns: true });
  const where = [
    "m.status <> 'taken'",
    ...(opts.publishedOnly ? ['m.published'] : []),
    c.scopeWhere.sql,
  ].join(' AND ');
  const bindings: Knex.Value[] = [...c.scopeWhere.bindings, ...c.passWhere.bindings, opts.candidateLimit];
  const missBranches: string[] = [];
  for (let k = 1; k <= MAX_NEAR_MISS_FAILURES; k++) {
    const implied = impliedByFailures(k, specs, c.constraints);
    missBranches.push(`(SELECT m.site_id AS id, ${k} AS failures FROM site_match m
        WHERE ${where} AND ${implied.sql} AND ${c.failureCountSql.sql} = ${k}
        ORDER BY m.site_id LIMIT ?)`);
    bindings.push(
      ...c.scopeWhere.bindings,
      ...implied.bindings,
      ...c.failureCountSql.bindings,
      opts.nearMissLimit,
    );
  }
  bindings.push(opts.nearMissLimit);
  const sql = `
    WITH candidates AS (
      SELECT m.site_id AS id, 0 AS failures FROM site_match m
      WHERE ${where} AND ${c.passWhere.sql}
      ORDER BY m.site_id LIMIT ?
    ), near_misses AS (
      -- Branches in failure order: LIMIT stops pulling once the first ones have enough.
      SELECT id, failures FROM (${missBranches.join('\n      UNION ALL\n      ')}) q LIMIT ?
    ), picked AS (
      SELECT id, failures FROM candidates UNION ALL SELECT id, failures FROM near_misses
    )
    SELECT s.id::text AS id, p.failures, ${SELECT_FIELDS}, ${ACCESS_SELECT}
    FROM picked p
    JOIN sites s ON s.id = p.id
    JOIN site_match m ON m.site_id = p.id
    ${ACCESS_JOINS}
    ORDER BY p.failures, s.id`;
  return { sql, bindings };
}

export interface StageRow {
  site: MatchSite;
  failures: number;
}

export async function runStage(knex: Knex, stage: CompiledStage): Promise<StageRow[]> {
  const r = await knex.raw(stage.sql, stage.bindings);
  return r.rows.map((row: Record<string, unknown>) => {
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
    return { site, failures: Number(row.failures) };
  });
}
