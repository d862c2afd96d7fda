/**
 * Test helper: a fingerprint of everything an import may write, to prove a failed import left
 * the database exactly as it was.
 */
import type { Knex } from 'knex';

/**
 * Row counts and a hash of every row of `infrastructure` and `sites`.
 * @example expect(await dbState(knex)).toEqual(before)
 */
export async function dbState(knex: Knex): Promise<Record<string, { rows: number; hash: string }>> {
  const out: Record<string, { rows: number; hash: string }> = {};
  for (const table of ['infrastructure', 'sites'] as const) {
    const r = await knex.raw<{ rows: Array<{ n: number; h: string | null }> }>(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t.id)) AS h FROM ${table} t`,
    );
    out[table] = { rows: r.rows[0].n, hash: r.rows[0].h ?? '' };
  }
  return out;
}
