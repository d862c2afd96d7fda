/**
 * Planner statistics after bulk changes. An import, a seed or an access recompute rewrites
 * many rows at once; until autovacuum gets to the tables (a minute or more on the server,
 * never on the embedded engine, which has no autovacuum), the planner would plan the first
 * queries after it on the old statistics — e.g. an empty `site_match` planned as empty right
 * after 100,000 sites arrived. Every bulk writer calls `analyzeTables` with what it changed,
 * after its commit, so the first queries already run on good plans.
 */
import type { Knex } from 'knex';

/** Tables a bulk change refreshes the statistics of (fixed names: never input). */
export type AnalyzedTable =
  | 'sites'
  | 'infrastructure'
  | 'communes'
  | 'users'
  | 'site_access'
  | 'site_drive_times'
  | 'site_labour_pool'
  | 'site_match'
  | 'site_tile_cells'
  | 'road_edges'
  | 'road_vertices'
  | 'road_extracts'
  | 'road_vertex_access';

/** What a site write rewrites: the rows and what triggers derive from them. */
export const SITE_TABLES: readonly AnalyzedTable[] = ['sites', 'site_match', 'site_tile_cells'];
/** What an infrastructure write rewrites (tile cells count the features near sites). */
export const INFRASTRUCTURE_TABLES: readonly AnalyzedTable[] = ['infrastructure', 'site_tile_cells'];
/** What an access recompute rewrites: the per-site read models and their match/tile rows. */
export const ACCESS_TABLES: readonly AnalyzedTable[] = [
  'site_access',
  'site_drive_times',
  'site_labour_pool',
  'site_match',
  'site_tile_cells',
];

/**
 * `ANALYZE` of the given tables (duplicates dropped), after the change's commit, without the
 * API's statement timeout (a sample of 30,000 rows per table: seconds at most on the largest).
 * @example await analyzeTables(knex, [...SITE_TABLES, 'communes'])
 */
export async function analyzeTables(knex: Knex, tables: readonly AnalyzedTable[]): Promise<void> {
  const unique = [...new Set(tables)];
  if (!unique.length) return;
  await knex.transaction(async (trx) => {
    await trx.raw('SET LOCAL statement_timeout = 0');
    await trx.raw('ANALYZE ??', [unique]);
  });
}
