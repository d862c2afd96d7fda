/**
 * Issue 13 item 9: requests sent by visitors from the public map ("Je suis intéressé").
 *
 * A request becomes an ordinary project (status `lead`, owned by the site's territory, the site in
 * its shortlist): what the visitor typed lives in that project's columns (company, contact,
 * needs, jobs, notes) and nowhere else. `leads` only links the project to the site it came from
 * and says where it came from; `lead_reads` records which staff member has read which request, so
 * each one has their own unread count. No IP address, user agent or other trace of the visitor is
 * kept (the rate limiter hashes the IP into `rate_limit_hits`, which forgets it after the window).
 *
 * - `leads.site_id` has no foreign key, like `shortlist_items.site_id`: the request outlives a
 *   deleted site. `territory` is the site's at the time (the project's owner territory).
 * - The request exists only if the visitor ticked the consent box: `created_at` is when they
 *   consented to be contacted.
 * - `app_secrets` holds the key that signs the form's fill-time tokens (made on first use, shared
 *   by every API instance on the database so a token from one instance passes on another).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE leads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      site_id uuid NOT NULL,
      territory text CHECK (territory ~ '^\\d{9}$'),
      source text NOT NULL DEFAULT 'public_map' CHECK (source IN ('public_map')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id)
    )`);
  await knex.raw('CREATE INDEX leads_created_idx ON leads (created_at DESC)');
  await knex.raw(`
    CREATE TABLE lead_reads (
      lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      read_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, lead_id)
    )`);
  await knex.raw(`
    CREATE TABLE app_secrets (
      name text PRIMARY KEY,
      value text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['lead_reads', 'leads', 'app_secrets']) {
    await knex.raw('DROP TABLE IF EXISTS ??', [t]);
  }
}
