/**
 * Experiment on the matching hard-constraint stage (matching.store.pg.ts): the product now reads
 * the `site_match` read model (migration 0005) with bounded id-order walks; this variant scores
 * EVERY in-scope site in one pass over a narrow copy ("facts": the columns the constraints read
 * plus one distance column per access kind), the unbounded way the stage worked before, and
 * checks that both pick the same sites. It shows what the bounded walks save over a full pass
 * on the same narrow rows. Nothing here is used by the product.
 */
import type { Knex } from 'knex';
import type { AccessKind } from '../../api/src/modules/matching/candidate.ts';
import { compileHardConstraints } from '../../api/src/modules/matching/hard-constraints.sql.ts';
import type { HardConstraintSpec } from '../../api/src/modules/matching/hard-constraints.ts';
import type { CompiledStage } from '../../api/src/modules/matching/matching.store.pg.ts';

const FACTS = 'bench_match_facts';
const ACCESS_COLUMNS: readonly AccessKind[] = [
  'motorway_access',
  'rail_freight',
  'port',
  'airport',
  'substation_63kv',
  'substation_225kv',
  'substation_400kv',
];
const IDENT = /^[a-z_][a-z0-9_]*$/;

/** The `f."column"` names a compiled stage reads (besides the access distances). */
function columnsOf(sql: string): string[] {
  return [...sql.matchAll(/"f"\."([a-z0-9_]+)"/g)].map((m) => m[1]);
}

/** Rewrites `"acc_<kind>".distance_m` into the facts table's `f."d_<kind>"`. */
function toFacts(sql: string): string {
  return sql.replace(/"acc_([a-z0-9_]+)"\.distance_m/g, (_m, kind: string) => `"f"."d_${kind}"`);
}

/**
 * Builds the facts table for the columns the given specs read; returns its build time (ms) and size.
 * @example await buildFacts(knex, PROFILES.map((p) => hardConstraintSpecs(needs(p))))
 */
export async function buildFacts(
  knex: Knex,
  specSets: readonly HardConstraintSpec[][],
): Promise<{ ms: number; size: string; columns: string[] }> {
  const cols = new Set<string>(['status', 'published']);
  for (const specs of specSets) {
    const c = compileHardConstraints(specs, { siteAlias: 'f' });
    for (const col of [...columnsOf(c.failureCountSql.sql), ...columnsOf(c.scopeSql.sql)]) cols.add(col);
  }
  const columns = [...cols].filter((c) => IDENT.test(c)).sort();
  const t0 = performance.now();
  await knex.raw(`DROP TABLE IF EXISTS ${FACTS}`);
  // Column names come from the compiled constraints (FIELD_BY_KEY), checked against IDENT.
  await knex.raw(`
    CREATE TABLE ${FACTS} AS
    SELECT s.id, ${columns.map((c) => `s."${c}"`).join(', ')},
      ${ACCESS_COLUMNS.map((k) => `max(a.distance_m) FILTER (WHERE a.kind = '${k}') AS "d_${k}"`).join(',\n      ')}
    FROM sites s LEFT JOIN site_access a ON a.site_id = s.id
    GROUP BY s.id`);
  await knex.raw(`ALTER TABLE ${FACTS} ADD PRIMARY KEY (id)`);
  await knex.raw(`VACUUM ANALYZE ${FACTS}`);
  const ms = performance.now() - t0;
  const size = await knex.raw(`SELECT pg_size_pretty(pg_total_relation_size('${FACTS}')) AS s`);
  return { ms, size: String(size.rows[0].s), columns };
}

/**
 * The product's stage statement with the scoring pass on the facts table; the final SELECT (site
 * fields and access rows of the picked sites) is the product's own text.
 */
export function factsStage(
  specs: HardConstraintSpec[],
  product: CompiledStage,
  publishedOnly: boolean,
  limits: [number, number],
  lean = false,
): CompiledStage {
  const c = compileHardConstraints(specs, { siteAlias: 'f' });
  const finalStart = product.sql.indexOf('SELECT s.id::text AS id');
  if (finalStart < 0) {
    throw new Error('the product stage statement changed shape; update bench/experiments/match-variants.ts');
  }
  // lean: the picked rows come back from the facts table alone (what ranking reads), without the
  // wide site row and the per-site access JSON; the full fields would be fetched for the top N only.
  const finalSelect = lean
    ? `SELECT f.*, p.failures FROM picked p JOIN ${FACTS} f ON f.id = p.id ORDER BY p.failures, f.id`
    : product.sql.slice(finalStart);
  const where = ["f.status <> 'taken'", ...(publishedOnly ? ['f.published'] : []), toFacts(c.scopeSql.sql)];
  const sql = `
    WITH scored AS (
      SELECT f.id, ${toFacts(c.failureCountSql.sql)} AS failures
      FROM ${FACTS} f
      WHERE ${where.join(' AND ')}
    ), picked AS (
      (SELECT id, failures FROM scored WHERE failures = 0 ORDER BY id LIMIT ?)
      UNION ALL
      (SELECT id, failures FROM scored WHERE failures BETWEEN 1 AND 2 ORDER BY failures, id LIMIT ?)
    )
    ${finalSelect}`;
  return {
    sql,
    bindings: [...c.failureCountSql.bindings, ...c.scopeSql.bindings, limits[0], limits[1]] as Knex.Value[],
  };
}

/** Drops the facts table. */
export async function dropFacts(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS ${FACTS}`);
}
