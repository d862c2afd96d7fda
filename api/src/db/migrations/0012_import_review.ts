/**
 * Imports with a review step (issue 12): `import_previews` holds a parsed file's valid rows and
 * its dry-run report until the user commits or cancels it (24 h at most), and every site keeps
 * the values it last received from an import (`import_baseline`, column name → value as
 * `to_jsonb` gives it, `geom` as the MD5 of its WKB; `imported_at`), so a field whose current
 * value differs from its baseline was edited by hand since that import and a re-import asks
 * before overwriting it. Sites that came from a file before this migration (a source id) take
 * their current values as baseline.
 */
import type { Knex } from 'knex';

/** The baseline of a site's current values (the same expression as `SitesImportWriter`'s seed baseline). */
const CURRENT_BASELINE = `(to_jsonb(sites) - 'geom' - 'geom_l93' - 'geom_3857' - 'anchor_3857' - 'search_text'
  - 'import_baseline' - 'imported_at') || jsonb_build_object('geom', md5(ST_AsBinary(geom)))`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE import_previews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      format text NOT NULL,
      file_name text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'committed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      committed_at timestamptz,
      report jsonb NOT NULL,
      staged jsonb NOT NULL
    )`);
  await knex.raw('CREATE INDEX import_previews_expires_idx ON import_previews (expires_at)');
  await knex.raw('ALTER TABLE sites ADD COLUMN import_baseline jsonb, ADD COLUMN imported_at timestamptz');
  await knex.raw(
    `UPDATE sites SET import_baseline = ${CURRENT_BASELINE}, imported_at = updated_at WHERE source_id IS NOT NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'ALTER TABLE sites DROP COLUMN IF EXISTS import_baseline, DROP COLUMN IF EXISTS imported_at',
  );
  await knex.raw('DROP TABLE IF EXISTS import_previews');
}
