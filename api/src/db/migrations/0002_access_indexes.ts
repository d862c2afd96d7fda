/**
 * One partial GiST index per access kind, so the nearest-neighbour probe of each kind walks
 * an index of that kind only (a filtered KNN over the whole table degrades badly for rare
 * kinds such as 400 kV substations among ~10k points).
 */
import type { Knex } from 'knex';
import { ACCESS_SPECS } from '../../modules/access/access-kinds.ts';

export async function up(knex: Knex): Promise<void> {
  for (const s of ACCESS_SPECS) {
    // Index names and predicates are constants from ACCESS_SPECS.
    await knex.raw(
      `CREATE INDEX infrastructure_knn_${s.kind} ON infrastructure USING gist (geom_l93) WHERE ${s.predicate()}`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const s of ACCESS_SPECS) await knex.raw('DROP INDEX IF EXISTS ??', [`infrastructure_knn_${s.kind}`]);
}
