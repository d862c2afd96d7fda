/**
 * Drive times and labour pools in the matching read model (issue 11): `site_match` gains the
 * drive time the engine uses per access kind (`<kind>_min`: heavy-goods minutes for the motorway
 * access, rail freight and port, car minutes for an airport; candidate.ts `driveOf`) and the
 * active population within 20, 30 and 45 minutes (`active_20`…). They are copied from
 * `site_drive_times` / `site_labour_pool` by `lm_update_site_match_road(ids)`, run with the
 * existing refresh: statement triggers on both tables queue the changed sites in
 * `site_match_pending` like `site_access` does, and the commit-time apply refreshes them.
 */
import type { Knex } from 'knex';

export const KINDS = ['motorway_access', 'rail_freight', 'port', 'airport'] as const;
export const POOLS = [20, 30, 45] as const;
export const COLUMNS = [
  ...KINDS.map((k) => [`${k}_min`, 'double precision'] as const),
  ...POOLS.map((m) => [`active_${m}`, 'double precision'] as const),
];

export const minutesOf = (k: (typeof KINDS)[number]) =>
  k === 'airport' ? 't.car_minutes' : 'coalesce(t.truck_minutes, t.car_minutes)';

export const UPDATE_FUNCTION = `CREATE FUNCTION lm_update_site_match_road(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE site_match m SET ${COLUMNS.map(([c]) => `${c} = r.${c}`).join(', ')}
  FROM (
    SELECT u.id,
      ${KINDS.map((k) => `(SELECT ${minutesOf(k)} FROM site_drive_times t WHERE t.site_id = u.id AND t.kind = '${k}') AS ${k}_min`).join(',\n      ')},
      ${POOLS.map((p) => `(SELECT l.active::float8 FROM site_labour_pool l WHERE l.site_id = u.id AND l.minutes = ${p}) AS active_${p}`).join(',\n      ')}
    FROM unnest(ids) AS u(id)
  ) r
  WHERE m.site_id = r.id
    AND (${COLUMNS.map(([c]) => `m.${c}`).join(', ')}) IS DISTINCT FROM (${COLUMNS.map(([c]) => `r.${c}`).join(', ')})
$$`;

const REFRESH = (
  withRoad: boolean,
) => `CREATE OR REPLACE FUNCTION lm_refresh_site_match() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  WITH d AS (DELETE FROM site_match_pending RETURNING site_id)
  SELECT array_agg(DISTINCT site_id) INTO ids FROM d;
  IF ids IS NOT NULL THEN
    -- Deleted sites left site_match through the FK cascade.
    PERFORM lm_upsert_site_match(ids);${withRoad ? '\n    PERFORM lm_update_site_match_road(ids);' : ''}
  END IF;
END $$`;

const REBUILD = (
  withRoad: boolean,
) => `CREATE OR REPLACE FUNCTION lm_rebuild_site_match() RETURNS void LANGUAGE sql AS $$
  DELETE FROM site_match_pending;
  DELETE FROM site_match;
  SELECT lm_upsert_site_match(array_agg(id)) FROM sites;${withRoad ? '\n  SELECT lm_update_site_match_road(array_agg(site_id)) FROM site_match;' : ''}
$$`;

const CHANGED = `CREATE FUNCTION lm_site_road_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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

const TRIGGERS = ['site_drive_times', 'site_labour_pool'].flatMap((table) => [
  `CREATE TRIGGER ${table}_inserted AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lm_site_road_changed()`,
  `CREATE TRIGGER ${table}_updated AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lm_site_road_changed()`,
  `CREATE TRIGGER ${table}_deleted AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lm_site_road_changed()`,
]);

export async function up(knex: Knex): Promise<void> {
  // One statement per call (the embedded engine's extended protocol); every identifier and
  // literal below is a constant of this file.
  for (const [c, t] of COLUMNS) await knex.raw(`ALTER TABLE site_match ADD COLUMN ${c} ${t}`);
  await knex.raw(UPDATE_FUNCTION);
  await knex.raw(REFRESH(true));
  await knex.raw(REBUILD(true));
  await knex.raw(CHANGED);
  for (const t of TRIGGERS) await knex.raw(t);
  await knex.raw('SELECT lm_update_site_match_road(array_agg(site_id)) FROM site_match');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['site_drive_times', 'site_labour_pool'])
    for (const op of ['inserted', 'updated', 'deleted'])
      await knex.raw(`DROP TRIGGER IF EXISTS ${table}_${op} ON ${table}`);
  await knex.raw('DROP FUNCTION IF EXISTS lm_site_road_changed()');
  await knex.raw(REFRESH(false));
  await knex.raw(REBUILD(false));
  await knex.raw('DROP FUNCTION IF EXISTS lm_update_site_match_road(uuid[])');
  for (const [c] of COLUMNS) await knex.raw(`ALTER TABLE site_match DROP COLUMN ${c}`);
}
