/**
 * Match results are cached per process by request, audience, language and date, and used only
 * while the data versions of the sites, their access and the infrastructure are unchanged
 * (matching.service.ts, shared/versioned-cache.ts): a repeated request is answered from the
 * cache with the same body; any committed change of a site makes the next request compute
 * again and see it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { engineName } from '../helpers/test-db.ts';

let app: TestApp;
let staff: Client;
const NEEDS = { surfaceHa: { min: 5 }, powerMw: 10 };

beforeAll(async () => {
  app = await startTestApp('demo');
  staff = await app.login('staff');
});
afterAll(async () => {
  await app?.close();
});

const match = async (body: unknown) => {
  const r = await staff.send('POST', '/api/match', body);
  expect(r.status).toBe(200);
  return r.body;
};

describe(`match result cache (${engineName})`, () => {
  it('answers a repeated request from the cache, whatever the key order', async () => {
    const cache = app.services.matching.cache;
    const first = await match({ needs: NEEDS, limit: 5 });
    const misses = cache.misses;
    const hits = cache.hits;
    const again = await match({ limit: 5, needs: { powerMw: 10, surfaceHa: { min: 5 } } });
    expect(cache.hits).toBe(hits + 1);
    expect(cache.misses).toBe(misses);
    expect(again).toEqual(first);
    // Another language is another entry.
    const en = await staff.send('POST', '/api/match?lang=en', { needs: NEEDS, limit: 5 });
    expect(en.status).toBe(200);
    expect(cache.misses).toBe(misses + 1);
  });

  it('computes again after a site changes, and shows the change', async () => {
    const cache = app.services.matching.cache;
    const before = await match({ needs: NEEDS, limit: 5 });
    const top = before.results[0].siteId as string;
    await app.db.knex.raw('UPDATE sites SET site_surf_comm_dispo = 1 WHERE id = ?', [top]);
    const misses = cache.misses;
    const after = await match({ needs: NEEDS, limit: 5 });
    expect(cache.misses).toBe(misses + 1);
    expect(after.results.map((r: { siteId: string }) => r.siteId)).not.toContain(top);
  });
});
