/**
 * Issue 12 (parcels, documents, freshness):
 * - `sites.parcels`: the site's cadastral parcels, `[{ commune, prefixe, section, numero }]`
 *   (validated by sites/site.parcels.ts); NULL = none given.
 * - `sites.facts_as_of`: `{ power?, availability?, price?, zoning?, risks? }` ISO dates, the
 *   "as of" date of each group of decisive facts (sites/site.freshness.ts); NULL = none stated.
 * - `site_documents`: photos and documents of a site, the bytes in the row (`bytea`) so that
 *   both engines and `db:backup` / `db:restore` (pg_dump, PGlite's dump) keep them with the
 *   rest; at most 10 MB each (the API's limit, and a CHECK). `site_id` has no foreign key on
 *   purpose, like `shortlist_items.site_id`: a deleted site leaves `sites` for its tombstone
 *   (`deleted_sites`, migration 0011) and its documents must wait there with it for a restore
 *   under the same id; the service checks the site exists before writing one.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE sites ADD COLUMN parcels jsonb, ADD COLUMN facts_as_of jsonb');
  await knex.raw(`
    CREATE TABLE site_documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      title text CHECK (length(title) <= 200),
      mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
      bytes integer NOT NULL CHECK (bytes BETWEEN 1 AND 10485760),
      content bytea NOT NULL CHECK (octet_length(content) = bytes),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL
    )`);
  await knex.raw('CREATE INDEX site_documents_site_idx ON site_documents (site_id, created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS site_documents');
  await knex.raw('ALTER TABLE sites DROP COLUMN IF EXISTS parcels, DROP COLUMN IF EXISTS facts_as_of');
}
