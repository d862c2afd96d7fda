/**
 * Investor projects (confidential), their status history and their shortlist.
 *
 * Decisions, written down because they are not obvious from the columns:
 * - One shortlist per project, so the items hang off the project directly (no `shortlists`
 *   table with a single row per project).
 * - `shortlist_items.site_id` has no foreign key on purpose: an item must outlive its site.
 *   When a site is deleted, the item keeps its snapshot (facts, score, breakdown at the time it
 *   was added) and the API reports `siteDeleted: true`; a cascade would silently drop a site
 *   from a list already sent to an investor, and SET NULL would forget which site it was.
 * - `owner_territories` / `owner_organisation` are copied from the creating user: they decide
 *   who else may see the project (see modules/projects/projects.access.ts).
 * - A lost project always has a reason, and only a lost project has one (CHECK).
 */
import type { Knex } from 'knex';

// Constants, not input: kept in step with modules/projects/projects.schemas.ts.
const SECTORS = [
  'battery_cells',
  'data_centre',
  'medical_devices',
  'food_processing',
  'electric_motors',
  'metallurgy',
  'other',
];
const STATUSES = ['lead', 'qualified', 'sites_proposed', 'visit', 'decision', 'landed', 'lost'];
const LOSS_REASONS = ['land', 'power', 'delay', 'price', 'workforce', 'other'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE projects (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      company text,
      sector text NOT NULL CHECK (sector IN (${list(SECTORS)})),
      origin_country text CHECK (origin_country ~ '^[A-Z]{2}$'),
      jobs integer CHECK (jobs >= 0),
      investment_eur double precision CHECK (investment_eur >= 0),
      contact jsonb,
      needs jsonb,
      notes text,
      status text NOT NULL DEFAULT 'lead' CHECK (status IN (${list(STATUSES)})),
      loss_reason text CHECK (loss_reason IN (${list(LOSS_REASONS)})),
      loss_note text,
      status_changed_at timestamptz NOT NULL DEFAULT now(),
      owner_organisation text,
      owner_territories text[] NOT NULL DEFAULT '{}',
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'lost') = (loss_reason IS NOT NULL))
    )`);
  await knex.raw('CREATE INDEX projects_territories_gin ON projects USING gin (owner_territories)');
  await knex.raw('CREATE INDEX projects_status_idx ON projects (status, sector)');
  await knex.raw('CREATE INDEX projects_created_idx ON projects (created_at)');

  await knex.raw(`
    CREATE TABLE project_status_history (
      id bigserial PRIMARY KEY,
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      from_status text CHECK (from_status IN (${list(STATUSES)})),
      to_status text NOT NULL CHECK (to_status IN (${list(STATUSES)})),
      loss_reason text CHECK (loss_reason IN (${list(LOSS_REASONS)})),
      note text,
      changed_at timestamptz NOT NULL DEFAULT now(),
      changed_by uuid REFERENCES users(id) ON DELETE SET NULL
    )`);
  await knex.raw(
    'CREATE INDEX project_status_history_project_idx ON project_status_history (project_id, id)',
  );

  await knex.raw(`
    CREATE TABLE shortlist_items (
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      site_id uuid NOT NULL,
      rank smallint NOT NULL CHECK (rank BETWEEN 1 AND 20),
      note text,
      snapshot jsonb NOT NULL,
      added_at timestamptz NOT NULL DEFAULT now(),
      added_by uuid REFERENCES users(id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, site_id),
      UNIQUE (project_id, rank)
    )`);
  await knex.raw('CREATE INDEX shortlist_items_site_idx ON shortlist_items (site_id)');
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['shortlist_items', 'project_status_history', 'projects']) {
    await knex.raw('DROP TABLE IF EXISTS ??', [t]);
  }
}
