/**
 * Issue 15, access recompute ≤ 30 s per 100,000 sites. Measured on 20,000 bench plots
 * (EXPLAIN ANALYZE of one batch, pg_stat_statements of a whole recompute):
 *
 * - Foreign keys: each of the ~17 derived rows a site gets (7 `site_access`, 7
 *   `site_drive_times`, 3 `site_labour_pool`) ran one or two row-level RI checks, each a
 *   `SELECT … FOR KEY SHARE` of the parent: ~30 checks per site, 40 % of an insert's time
 *   (port kind, 20,000 rows: 160 ms of KNN probes, 340 ms of inserting, 356 ms of RI checks).
 *   The derived tables now keep their parents' rules with statement triggers on the parents —
 *   a deleted site takes its rows with it, a deleted feature leaves NULL where it was named,
 *   as ON DELETE CASCADE / SET NULL did — and the recompute locks each batch's sites once
 *   (access.store.pg.ts `lockParents`), so a concurrent delete waits for it as it waited for
 *   the RI locks, and clears a reference to a feature deleted under it.
 * - The match queue: every statement on the derived tables queued each row's site in
 *   `site_match_pending` (a 2,000-site batch: ~34,000 queued rows, then `DELETE … RETURNING`
 *   and `array_agg(DISTINCT)` at commit, and as many dead rows). A batch recompute now sets
 *   `lm.site_match_direct` for its transaction and refreshes `site_match` for its own sites
 *   once; the triggers still mark the data change (tile caches) but queue nothing then.
 *   Every other writer keeps the queue.
 * - Unused indexes: `site_access (kind, distance_m)`, `site_drive_times (kind, car_minutes)` and
 *   `site_labour_pool (minutes, active)` were never scanned (idx_scan 0 after a whole load mix
 *   and match bench on 1M plots: every reader goes by site id, the matching reads
 *   `site_match`), and each cost one index insert per derived row of every recompute.
 */
import type { Knex } from 'knex';

const DERIVED = ['site_access', 'site_drive_times', 'site_labour_pool'] as const;
/** Derived tables naming a feature (their FK said ON DELETE SET NULL). */
const NAMING = ['site_access', 'site_drive_times'] as const;

const UNUSED_INDEXES = [
  ['site_access_kind_dist_idx', 'site_access (kind, distance_m)'],
  ['site_drive_times_kind_idx', 'site_drive_times (kind, car_minutes)'],
  ['site_labour_pool_active_idx', 'site_labour_pool (minutes, active)'],
] as const;

const queueUnlessDirect = (
  fn: string,
  mark: string,
) => `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A batch recompute refreshes site_match for its own sites (access.store.pg.ts).
  IF coalesce(current_setting('lm.site_match_direct', true), '') <> 'on' THEN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO site_match_pending (site_id) SELECT DISTINCT site_id FROM new_rows;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      INSERT INTO site_match_pending (site_id) SELECT DISTINCT site_id FROM old_rows;
    END IF;
  END IF;
  PERFORM lm_mark_change('${mark}');
  RETURN NULL;
END $$`;

const STATEMENTS = [
  queueUnlessDirect('lm_site_access_changed', 'site_access'),
  queueUnlessDirect('lm_site_road_changed', 'site_access'),
  ...DERIVED.map((t) => `ALTER TABLE ${t} DROP CONSTRAINT ${t}_site_id_fkey`),
  ...NAMING.map((t) => `ALTER TABLE ${t} DROP CONSTRAINT ${t}_infrastructure_id_fkey`),
  ...UNUSED_INDEXES.map(([name]) => `DROP INDEX ${name}`),
  // ON DELETE SET NULL of site_drive_times scanned the table per deleted feature.
  `CREATE INDEX site_drive_times_infra_idx ON site_drive_times (infrastructure_id)`,
  `CREATE FUNCTION lm_sites_deleted_derived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${DERIVED.map((t) => `DELETE FROM ${t} WHERE site_id IN (SELECT id FROM old_rows);`).join('\n  ')}
  RETURN NULL;
END $$`,
  `CREATE TRIGGER sites_deleted_derived AFTER DELETE ON sites REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lm_sites_deleted_derived()`,
  `CREATE FUNCTION lm_sites_truncated_derived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${DERIVED.map((t) => `DELETE FROM ${t};`).join('\n  ')}
  RETURN NULL;
END $$`,
  `CREATE TRIGGER sites_truncated_derived AFTER TRUNCATE ON sites
  FOR EACH STATEMENT EXECUTE FUNCTION lm_sites_truncated_derived()`,
  `CREATE FUNCTION lm_infrastructure_deleted_derived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${NAMING.map((t) => `UPDATE ${t} SET infrastructure_id = NULL WHERE infrastructure_id IN (SELECT id FROM old_rows);`).join('\n  ')}
  RETURN NULL;
END $$`,
  `CREATE TRIGGER infrastructure_deleted_derived AFTER DELETE ON infrastructure REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION lm_infrastructure_deleted_derived()`,
  `CREATE FUNCTION lm_infrastructure_truncated_derived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  ${NAMING.map((t) => `UPDATE ${t} SET infrastructure_id = NULL WHERE infrastructure_id IS NOT NULL;`).join('\n  ')}
  RETURN NULL;
END $$`,
  `CREATE TRIGGER infrastructure_truncated_derived AFTER TRUNCATE ON infrastructure
  FOR EACH STATEMENT EXECUTE FUNCTION lm_infrastructure_truncated_derived()`,
];

export async function up(knex: Knex): Promise<void> {
  // One statement per call (the embedded engine's extended protocol); every identifier and
  // literal is a constant of this file.
  for (const s of STATEMENTS) await knex.raw(s);
}

const QUEUE_ALWAYS = (
  fn: string,
) => `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO site_match_pending (site_id) SELECT site_id FROM new_rows;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO site_match_pending (site_id) SELECT site_id FROM old_rows;
  END IF;
  PERFORM lm_mark_change('site_access');
  RETURN NULL;
END $$`;

export async function down(knex: Knex): Promise<void> {
  for (const s of [
    'DROP TRIGGER infrastructure_truncated_derived ON infrastructure',
    'DROP FUNCTION lm_infrastructure_truncated_derived()',
    'DROP TRIGGER infrastructure_deleted_derived ON infrastructure',
    'DROP FUNCTION lm_infrastructure_deleted_derived()',
    'DROP TRIGGER sites_truncated_derived ON sites',
    'DROP FUNCTION lm_sites_truncated_derived()',
    'DROP TRIGGER sites_deleted_derived ON sites',
    'DROP FUNCTION lm_sites_deleted_derived()',
    'DROP INDEX site_drive_times_infra_idx',
    ...UNUSED_INDEXES.map(([name, on]) => `CREATE INDEX ${name} ON ${on}`),
    ...DERIVED.map(
      (t) =>
        `ALTER TABLE ${t} ADD CONSTRAINT ${t}_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites(id) ON DELETE CASCADE`,
    ),
    ...NAMING.map(
      (t) =>
        `ALTER TABLE ${t} ADD CONSTRAINT ${t}_infrastructure_id_fkey FOREIGN KEY (infrastructure_id) REFERENCES infrastructure(id) ON DELETE SET NULL`,
    ),
    QUEUE_ALWAYS('lm_site_access_changed'),
    QUEUE_ALWAYS('lm_site_road_changed'),
  ])
    await knex.raw(s);
}
