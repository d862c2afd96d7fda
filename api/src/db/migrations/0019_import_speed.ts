/**
 * Issue 15, site import ≥ 5,000 sites/s. Measured with bench/bulk.bench.ts (100,000 sites,
 * `--import-only`, pg_stat_statements, and a system-wide CPU profile with perf):
 *
 * - Audit snapshots compressed with lz4. `pglz_compress` was PostgreSQL's first function in
 *   the profile: every audit row of an import carries the site's whole snapshot (`after`,
 *   ~2.1 kB of jsonb, ~60 fields), just over the size at which PostgreSQL compresses a row's
 *   largest values, so each one went through pglz (to ~1.27 kB). lz4 compresses the same
 *   values several times faster to nearly the same size (~1.33 kB): the import's batch
 *   statements took 9 % less time (14.4–14.8 s → 13.2–13.4 s per 100,000 sites). Only values
 *   written from now on use lz4; older ones stay pglz and read as before. A PostgreSQL built
 *   without lz4 — the embedded engine — keeps pglz (`feature_not_supported`, caught).
 * - `lm_update_site_match_road` set-based. The commit-time refresh of `site_match` copies
 *   each queued site's drive times and labour pools (migration 0010) with seven correlated
 *   lookups per site: 1.7–1.8 s for the 100,000 sites of an import, which have none yet.
 *   Two grouped reads of `site_drive_times` and `site_labour_pool` joined to the ids do the
 *   same in 0.22 s, and a recompute batch of 2,000 sites whose copies changed in 83 ms
 *   instead of 166 ms. The values are the same: each (site, kind) and (site, minutes) has
 *   one row (primary keys), so the `min() FILTER` of a group is that row's value, and a
 *   site without one gets NULL as the lookup gave.
 */
import type { Knex } from 'knex';
import { COLUMNS, KINDS, minutesOf, POOLS, UPDATE_FUNCTION } from './0010_drive_time_matching.ts';

const setCompression = (method: 'lz4' | 'pglz') => `DO $$
BEGIN
  ALTER TABLE audit_log ALTER COLUMN before SET COMPRESSION ${method}, ALTER COLUMN after SET COMPRESSION ${method};
EXCEPTION WHEN feature_not_supported THEN
  -- Built without lz4 (the embedded engine): pglz stays.
  NULL;
END $$`;

const SET_BASED_ROAD_UPDATE = `CREATE OR REPLACE FUNCTION lm_update_site_match_road(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE site_match m SET ${COLUMNS.map(([c]) => `${c} = r.${c}`).join(', ')}
  FROM (
    SELECT u.id, ${KINDS.map((k) => `t.${k}_min`).join(', ')}, ${POOLS.map((p) => `l.active_${p}`).join(', ')}
    FROM unnest(ids) AS u(id)
    LEFT JOIN (
      SELECT t.site_id,
        ${KINDS.map((k) => `min(${minutesOf(k)}) FILTER (WHERE t.kind = '${k}') AS ${k}_min`).join(',\n        ')}
      FROM site_drive_times t WHERE t.site_id = ANY(ids) GROUP BY t.site_id
    ) t ON t.site_id = u.id
    LEFT JOIN (
      SELECT l.site_id,
        ${POOLS.map((p) => `min(l.active::float8) FILTER (WHERE l.minutes = ${p}) AS active_${p}`).join(',\n        ')}
      FROM site_labour_pool l WHERE l.site_id = ANY(ids) GROUP BY l.site_id
    ) l ON l.site_id = u.id
  ) r
  WHERE m.site_id = r.id
    AND (${COLUMNS.map(([c]) => `m.${c}`).join(', ')}) IS DISTINCT FROM (${COLUMNS.map(([c]) => `r.${c}`).join(', ')})
$$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(setCompression('lz4'));
  await knex.raw(SET_BASED_ROAD_UPDATE);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(UPDATE_FUNCTION.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
  await knex.raw(setCompression('pglz'));
}
