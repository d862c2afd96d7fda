/**
 * `data_versions` (migration 0005): one counter per source table, bumped at commit by the
 * triggers of any write or import of it. Caches key their entries on these (tiles, match
 * results) so an entry never outlives a change, on one instance or many.
 */
import type { Knex } from 'knex';

/**
 * The sum of the named counters (0 for a name without a row). Each counter only grows, so the
 * sum changes whenever one of them does.
 * @example await dataVersion(knex, ['sites', 'site_access'])
 */
export async function dataVersion(knex: Knex, names: readonly string[]): Promise<number> {
  const r = await knex.raw(
    'SELECT coalesce(sum(version), 0)::float8 AS v FROM data_versions WHERE name = ANY(?::text[])',
    [[...names]],
  );
  return Number(r.rows[0].v);
}
