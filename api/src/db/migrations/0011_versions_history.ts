/**
 * Issue 12, "keep the inventory alive": versions for optimistic concurrency, who changed a row
 * last, and deletes that can be undone.
 *
 * - `sites.version` / `projects.version` start at 1 and grow by one at every write; the API
 *   answers them as the `ETag` and refuses a write whose `If-Match` is stale (412).
 *   A row trigger bumps `sites.version` on every UPDATE that did not set it itself, so importers
 *   and scripts that never heard of versions still invalidate the editors' copies.
 *   `projects.shortlist_version` versions the shortlist apart from the project, so editing a
 *   project's notes does not conflict with a colleague re-ordering its shortlist (its last
 *   writer: `shortlist_updated_at` / `shortlist_updated_by`).
 * - `updated_by`: the last writer (the 412 message names them).
 * - Sites are deleted as **tombstones**: the row leaves `sites` for `deleted_sites` (its
 *   non-generated columns as JSON, its outline as a geometry so nothing is rounded), and its
 *   derived rows (access, drive times, labour pool, match facts, tile cells) go with it through
 *   the existing cascades and triggers. Every reader of `sites` (list, tiles, OGC, exports,
 *   matching, PDF neighbours, the frozen legacy engine) therefore excludes a deleted site
 *   without a filter that could be forgotten; a restore inserts the row back with its id and
 *   recomputes the derived rows like a create. Shortlist items reference sites without a
 *   foreign key, so they survive and show the site again.
 * - Projects are deleted softly in place (`deleted_at`): they have one store that reads them and
 *   their children (status history, shortlist items) would otherwise be lost by the cascades.
 */
import type { Knex } from 'knex';

const UP = [
  'ALTER TABLE sites ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1)',
  'ALTER TABLE sites ADD COLUMN updated_by uuid REFERENCES users(id) ON DELETE SET NULL',
  `CREATE FUNCTION lm_site_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END $$`,
  `CREATE TRIGGER sites_version_bump BEFORE UPDATE ON sites FOR EACH ROW
     WHEN (NEW.version = OLD.version) EXECUTE FUNCTION lm_site_version_bump()`,
  `CREATE TABLE deleted_sites (
      id uuid PRIMARY KEY,
      row_data jsonb NOT NULL,
      geom geometry(MultiPolygon, 4326) NOT NULL,
      name text NOT NULL,
      commune_insee text,
      territory_siren text,
      source text,
      source_id text,
      version integer NOT NULL,
      deleted_at timestamptz NOT NULL DEFAULT now(),
      deleted_by uuid REFERENCES users(id) ON DELETE SET NULL
    )`,
  'CREATE INDEX deleted_sites_territory_idx ON deleted_sites (territory_siren, deleted_at)',
  'ALTER TABLE projects ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1)',
  'ALTER TABLE projects ADD COLUMN shortlist_version integer NOT NULL DEFAULT 1 CHECK (shortlist_version >= 1)',
  'ALTER TABLE projects ADD COLUMN updated_by uuid REFERENCES users(id) ON DELETE SET NULL',
  'ALTER TABLE projects ADD COLUMN shortlist_updated_at timestamptz',
  'ALTER TABLE projects ADD COLUMN shortlist_updated_by uuid REFERENCES users(id) ON DELETE SET NULL',
  'ALTER TABLE projects ADD COLUMN deleted_at timestamptz',
  'ALTER TABLE projects ADD COLUMN deleted_by uuid REFERENCES users(id) ON DELETE SET NULL',
  'CREATE INDEX projects_deleted_idx ON projects (deleted_at) WHERE deleted_at IS NOT NULL',
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of UP) await knex.raw(sql);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS projects_deleted_idx');
  for (const c of [
    'deleted_by',
    'deleted_at',
    'shortlist_updated_by',
    'shortlist_updated_at',
    'updated_by',
    'shortlist_version',
    'version',
  ]) {
    await knex.raw(`ALTER TABLE projects DROP COLUMN IF EXISTS ${c}`);
  }
  await knex.raw('DROP TABLE IF EXISTS deleted_sites');
  await knex.raw('DROP TRIGGER IF EXISTS sites_version_bump ON sites');
  await knex.raw('DROP FUNCTION IF EXISTS lm_site_version_bump()');
  await knex.raw('ALTER TABLE sites DROP COLUMN IF EXISTS updated_by');
  await knex.raw('ALTER TABLE sites DROP COLUMN IF EXISTS version');
}
