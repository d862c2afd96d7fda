/**
 * Safety (issue 14):
 * - `login_budget`: failed-login budgets per client IP and per email+IP, shared by every API
 *   instance on the database; a login reserves one unit atomically before any hashing;
 * - `api_tokens.expires_at`: tokens expire (existing ones one year after their creation);
 * - indexes to purge expired sessions and budgets cheaply.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE login_budget (
      key text PRIMARY KEY,
      window_end timestamptz NOT NULL,
      used integer NOT NULL
    )`);
  await knex.raw('CREATE INDEX login_budget_window_end_idx ON login_budget (window_end)');
  await knex.raw('ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz');
  await knex.raw("UPDATE api_tokens SET expires_at = created_at + interval '365 days'");
  await knex.raw('ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL');
  await knex.raw('CREATE INDEX sessions_expires_at_idx ON sessions (expires_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS ??', ['sessions_expires_at_idx']);
  await knex.raw('ALTER TABLE api_tokens DROP COLUMN IF EXISTS expires_at');
  await knex.raw('DROP TABLE IF EXISTS ??', ['login_budget']);
}
