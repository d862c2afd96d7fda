/**
 * Experiments on COPIES of the access recomputation SQL (api/src/modules/access/access.store.pg.ts),
 * to measure what a change would gain before proposing it to the lead. Nothing here is used by
 * the product. Every variant writes the same `site_access` rows as the product code; the bench
 * checks that against a reference copy of the product's output.
 */
import type { Knex } from 'knex';
import { ACCESS_SPECS } from '../../api/src/modules/access/access-kinds.ts';

/**
 * The product's per-kind statement, copied verbatim in shape (one INSERT per kind, lateral KNN
 * on the kind's partial GiST index), for EXPLAIN ANALYZE of one batch.
 */
export const PRODUCT_STATEMENT_COPY = ACCESS_SPECS.map((s) => ({
  kind: s.kind,
  sql: `
  INSERT INTO site_access (site_id, kind, infrastructure_id, name, distance_m, computed_at)
  SELECT s.id, '${s.kind}', n.id, n.name, ST_Distance(s.geom_l93, n.geom_l93), now()
  FROM sites s
  CROSS JOIN LATERAL (
    SELECT i.id, i.name, i.geom_l93 FROM infrastructure i
    WHERE ${s.predicate('i')}
    ORDER BY i.geom_l93 <-> s.geom_l93
    LIMIT 1
  ) n
  WHERE s.id = ANY(?::uuid[])`,
}));

/**
 * Variant A: one statement per batch, the seven KNN probes as one LATERAL UNION ALL (each site
 * read once). `target` is site_access, or the shadow table of variant E.
 */
export function allKindsStatement(target: 'site_access' | 'bench_access_shadow' = 'site_access'): string {
  return `
  INSERT INTO ${target} (site_id, kind, infrastructure_id, name, distance_m, computed_at)
  SELECT s.id, n.kind, n.id, n.name, ST_Distance(s.geom_l93, n.geom_l93), now()
  FROM sites s
  CROSS JOIN LATERAL (
    ${ACCESS_SPECS.map(
      (sp) => `(SELECT '${sp.kind}'::text AS kind, i.id, i.name, i.geom_l93 FROM infrastructure i
      WHERE ${sp.predicate('i')} ORDER BY i.geom_l93 <-> s.geom_l93 LIMIT 1)`,
    ).join('\n    UNION ALL\n    ')}
  ) n
  WHERE s.id = ANY(?::uuid[])`;
}

export interface Variant {
  key: string;
  label: string;
  /** Site ids in batch order. */
  order: 'id' | 'spatial';
  /** per-kind = the product's 7 INSERTs; all-kinds = A; shadow = E (bulk rebuild into a new table). */
  statement: 'per-kind' | 'all-kinds' | 'shadow';
  batchSize: number;
  concurrency: number;
}

export const VARIANTS: readonly Variant[] = [
  {
    key: 'product-copy',
    label: 'product shape (7 INSERTs per batch), 2000 ids/batch, 2 in flight',
    order: 'id',
    statement: 'per-kind',
    batchSize: 2000,
    concurrency: 2,
  },
  {
    key: 'all-kinds',
    label: 'A: one INSERT per batch (7 probes in one LATERAL), 2000/batch, 2 in flight',
    order: 'id',
    statement: 'all-kinds',
    batchSize: 2000,
    concurrency: 2,
  },
  {
    key: 'all-kinds-spatial',
    label: 'B: A + batches in spatial order (ORDER BY geom_l93, Hilbert)',
    order: 'spatial',
    statement: 'all-kinds',
    batchSize: 2000,
    concurrency: 2,
  },
  {
    key: 'all-kinds-spatial-5000',
    label: 'C: B with 5000 ids/batch',
    order: 'spatial',
    statement: 'all-kinds',
    batchSize: 5000,
    concurrency: 2,
  },
  {
    key: 'all-kinds-spatial-c3',
    label: 'D: B with 3 batches in flight',
    order: 'spatial',
    statement: 'all-kinds',
    batchSize: 2000,
    concurrency: 3,
  },
  {
    key: 'shadow',
    label:
      'E: B written to a new table without indexes or foreign keys, which are then built in bulk (the table would be swapped in; not swapped here)',
    order: 'spatial',
    statement: 'shadow',
    batchSize: 2000,
    concurrency: 2,
  },
];

/** Site ids in the variant's batch order. */
export async function orderedIds(knex: Knex, order: Variant['order']): Promise<string[]> {
  // The btree order of geometry in PostGIS 3 follows a Hilbert curve over the bbox centres.
  const sql =
    order === 'spatial' ? 'SELECT id FROM sites ORDER BY geom_l93' : 'SELECT id FROM sites ORDER BY id';
  const r = await knex.raw(sql);
  return r.rows.map((x: { id: string }) => String(x.id));
}

const SHADOW_DDL = [
  'DROP TABLE IF EXISTS bench_access_shadow',
  'CREATE TABLE bench_access_shadow (LIKE site_access INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
];
const SHADOW_FINISH = [
  'ALTER TABLE bench_access_shadow ADD PRIMARY KEY (site_id, kind)',
  'CREATE INDEX ON bench_access_shadow (kind, distance_m)',
  'CREATE INDEX ON bench_access_shadow (infrastructure_id)',
  'ALTER TABLE bench_access_shadow ADD FOREIGN KEY (site_id) REFERENCES sites(id) ON DELETE CASCADE',
  'ALTER TABLE bench_access_shadow ADD FOREIGN KEY (infrastructure_id) REFERENCES infrastructure(id) ON DELETE SET NULL',
  'ANALYZE bench_access_shadow',
];

/**
 * Recomputes every site's access rows the variant's way; returns the wall time (ms) and the
 * table the rows are in.
 */
export async function runVariant(
  knex: Knex,
  v: Variant,
): Promise<{ ms: number; orderMs: number; table: 'site_access' | 'bench_access_shadow' }> {
  const t0 = performance.now();
  const ids = await orderedIds(knex, v.order);
  const orderMs = performance.now() - t0;
  if (v.statement === 'shadow') for (const sql of SHADOW_DDL) await knex.raw(sql);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += v.batchSize) batches.push(ids.slice(i, i + v.batchSize));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (v.statement === 'shadow') {
        await knex.raw(allKindsStatement('bench_access_shadow'), [batch]);
        continue;
      }
      await knex.transaction(async (trx) => {
        await trx.raw('DELETE FROM site_access WHERE site_id = ANY(?::uuid[])', [batch]);
        if (v.statement === 'all-kinds') await trx.raw(allKindsStatement(), [batch]);
        else for (const s of PRODUCT_STATEMENT_COPY) await trx.raw(s.sql, [batch]);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(v.concurrency, batches.length) }, worker));
  if (v.statement === 'shadow') for (const sql of SHADOW_FINISH) await knex.raw(sql);
  return {
    ms: performance.now() - t0,
    orderMs,
    table: v.statement === 'shadow' ? 'bench_access_shadow' : 'site_access',
  };
}

/** Saves the product's output as the reference the variants are checked against. */
export async function saveReference(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS bench_access_ref');
  await knex.raw('CREATE TABLE bench_access_ref AS SELECT site_id, kind, distance_m FROM site_access');
  await knex.raw('ALTER TABLE bench_access_ref ADD PRIMARY KEY (site_id, kind)');
}

/** Rows of `table` that differ from the reference (missing, extra, or distance off by > 1 cm). */
export async function differencesFromReference(
  knex: Knex,
  table: 'site_access' | 'bench_access_shadow' = 'site_access',
): Promise<number> {
  // The table name is one of two constants, never input.
  const r = await knex.raw(`
    SELECT count(*)::int AS n FROM bench_access_ref r
    FULL JOIN ${table} a USING (site_id, kind)
    WHERE a.site_id IS NULL OR r.site_id IS NULL OR abs(a.distance_m - r.distance_m) > 0.01`);
  return Number(r.rows[0].n);
}

/** Drops the experiment tables. */
export async function dropExperimentTables(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS bench_access_shadow');
  await knex.raw('DROP TABLE IF EXISTS bench_access_ref');
}
