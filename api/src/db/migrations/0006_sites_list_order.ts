/**
 * The site list's order (name, then id) as an index, so a page of a broad filter walks the
 * index and stops after `limit` rows instead of sorting every matching site (1M plots: a
 * top-N sort of ~500,000 rows per page).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX sites_list_order_idx ON sites (site_nom, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS sites_list_order_idx');
}
