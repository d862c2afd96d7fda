/**
 * Scale-out (issue 15, part 5): request budgets shared by every API instance on the database.
 * `rate_limit_hits` holds one fixed-window counter per limiter and hashed client key
 * (api/src/shared/rate-limit.ts `PgRateLimiter`: one upsert per hit). UNLOGGED: the counters
 * are not WAL-logged (cheaper per hit, not copied to replicas, emptied by a crash, which only
 * forgives one window of requests). Ended windows are deleted through the `window_end` index.
 * The embedded engine counts in memory (one process) but has the same schema.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE UNLOGGED TABLE rate_limit_hits (
      key text PRIMARY KEY,
      window_end timestamptz NOT NULL,
      hits integer NOT NULL CHECK (hits > 0)
    )`);
  await knex.raw('CREATE INDEX rate_limit_hits_window_end_idx ON rate_limit_hits (window_end)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS ??', ['rate_limit_hits']);
}
