/**
 * `npm run db:cluster` (api/src/db/cluster.ts `clusterSites`): `sites` rewritten in the order
 * of its outline index, every row kept, the table analyzed, and the API still reading it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterSites } from '../../api/src/db/cluster.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp('demo');
});
afterAll(async () => {
  await app?.close();
});

describe(`db:cluster (${engineName})`, () => {
  it('rewrites sites in spatial order, keeps every row and analyzes the table', async () => {
    const k = app.db.knex;
    const before = (await k.raw('SELECT array_agg(id ORDER BY id)::text AS ids FROM sites')).rows[0].ids;
    const r = await clusterSites(k);
    const after = (await k.raw('SELECT array_agg(id ORDER BY id)::text AS ids FROM sites')).rows[0].ids;
    expect(after).toBe(before);
    expect(r.rows).toBeGreaterThan(0);
    const idx = await k.raw(
      `SELECT i.indisclustered FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'sites_geom_gix'`,
    );
    expect(idx.rows[0].indisclustered).toBe(true);
    const stats = await k.raw(
      "SELECT last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables WHERE relname = 'sites'",
    );
    expect(stats.rows[0].analyzed).toBe(true);
    const list = await app.anonymous.get('/api/sites?limit=5');
    expect(list.status).toBe(200);
    expect(list.body.features).toHaveLength(5);
  });
});
