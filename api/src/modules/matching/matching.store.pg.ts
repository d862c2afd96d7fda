/**
 * The hard-constraint stage in SQL. The rules are not written twice: `hardConstraintSpecs`
 * (hard-constraints.ts) describes each knock-out declaratively and `compileHardConstraints`
 * (hard-constraints.sql.ts, tested against the TypeScript evaluator) turns it into predicates over indexed `sites` columns and precomputed `site_access` rows (never a
 * nearest-neighbour search at query time). Candidates pass every constraint; near-misses fail
 * one or two (unknown data counts as a failure, "to confirm"). Values are always bound;
 * column names come from the field table, never from input.
 */
import type { Knex } from 'knex';
import { FIELD_BY_KEY } from '../sites/site.fields.ts';
import { ACCESS_KINDS, type AccessKind, MATCH_SITE_FIELDS, type MatchSite } from './candidate.ts';
import { compileHardConstraints } from './hard-constraints.sql.ts';
import type { HardConstraintSpec } from './hard-constraints.ts';

export interface CompiledStage {
  sql: string;
  bindings: Knex.Value[];
}

const SELECT_FIELDS = MATCH_SITE_FIELDS.map((key) => {
  const f = FIELD_BY_KEY.get(key);
  if (!f) throw new Error(`no site field ${key}`);
  return `s."${f.column}" AS "${key}"`;
}).join(', ');

export interface StageOptions {
  /** Anonymous callers match against published sites only. */
  publishedOnly: boolean;
  /** Most candidates returned (ranking happens in TypeScript over them). */
  candidateLimit: number;
  nearMissLimit: number;
}

/**
 * One statement: every in-scope site with its number of failed hard constraints (0 = candidate,
 * 1–2 = near-miss), its fields and all its access rows, ordered deterministically.
 */
export function compileStage(specs: HardConstraintSpec[], opts: StageOptions): CompiledStage {
  const c = compileHardConstraints(specs, { siteAlias: 's' });
  const where = ["s.status <> 'taken'", ...(opts.publishedOnly ? ['s.published'] : []), c.scopeSql.sql];
  const sql = `
    WITH scored AS (
      SELECT s.id, ${c.failureCountSql.sql} AS failures
      FROM sites s
      ${c.accessJoins.map((j) => j.sql).join('\n')}
      WHERE ${where.join(' AND ')}
    ), picked AS (
      (SELECT id, failures FROM scored WHERE failures = 0 ORDER BY id LIMIT ?)
      UNION ALL
      (SELECT id, failures FROM scored WHERE failures BETWEEN 1 AND 2 ORDER BY failures, id LIMIT ?)
    )
    SELECT s.id::text AS id, p.failures, ${SELECT_FIELDS},
      (SELECT json_agg(json_build_object('kind', a.kind, 'name', a.name, 'distanceM', a.distance_m, 'infrastructureId', a.infrastructure_id))
         FROM site_access a WHERE a.site_id = s.id) AS access
    FROM picked p JOIN sites s ON s.id = p.id
    ORDER BY p.failures, s.id`;
  // Placeholders in text order: failure count (SELECT), access joins, scope (WHERE), limits.
  const bindings: Knex.Value[] = [
    ...c.failureCountSql.bindings,
    ...c.accessJoins.flatMap((j) => j.bindings),
    ...c.scopeSql.bindings,
    opts.candidateLimit,
    opts.nearMissLimit,
  ];
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
    for (const a of (row.access as Array<{
      kind: string;
      name: string | null;
      distanceM: number;
      infrastructureId: string | null;
    }>) ?? []) {
      if ((ACCESS_KINDS as readonly string[]).includes(a.kind)) {
        access[a.kind as AccessKind] = {
          name: a.name,
          distanceM: Number(a.distanceM),
          infrastructureId: a.infrastructureId,
        };
      }
    }
    const site = { id: String(row.id), access } as MatchSite;
    for (const key of MATCH_SITE_FIELDS) (site as unknown as Record<string, unknown>)[key] = row[key] ?? null;
    return { site, failures: Number(row.failures) };
  });
}
