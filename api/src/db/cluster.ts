/**
 * Maintenance of the `sites` heap: `npm run db:cluster` (scripts/db-cluster.ts) and the load
 * bench after it builds its plots.
 */
import type { Knex } from 'knex';
import { analyzeTables } from './analyze.ts';

/**
 * Rewrites `sites` in the order of its outline index (`CLUSTER … USING sites_geom_gix`), then
 * analyzes it. Plots arrive in import order, so the sites of one map view, one tile's one-site
 * cells or one commune's text search sit on as many heap pages as they are sites; once
 * clustered, neighbours share pages (1M bench plots: 109.7 req/s and p99 408 ms under the load
 * mix, against 73.7 req/s and p99 619 ms before). CLUSTER locks the table for its duration
 * (38 s for 1M plots on 2 cores): run it after a national bulk load or in a maintenance window
 * (`npm run db:cluster`), not on a live server's every import. Later writes append unordered;
 * run it again when the inventory has changed much.
 * @example const { ms } = await clusterSites(knex)
 */
export async function clusterSites(knex: Knex): Promise<{ ms: number; rows: number }> {
  const t0 = Date.now();
  await knex.transaction(async (trx) => {
    await trx.raw('SET LOCAL statement_timeout = 0');
    await trx.raw('CLUSTER sites USING sites_geom_gix');
  });
  await analyzeTables(knex, ['sites']);
  const r = await knex.raw('SELECT count(*)::int AS n FROM sites');
  return { ms: Date.now() - t0, rows: r.rows[0].n };
}
